import { readFileSync } from 'node:fs';

/**
 * Everything a command may touch outside pure code: output streams, environment, clock.
 * Tests build one with captured output and a fixed clock; main.ts builds the real one.
 */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours only on a terminal and never with NO_COLOR. */
  color: boolean;
  /** True when stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
  /** True when stderr is a terminal: progress bars are written there, so they follow it, not stdout. */
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
  cwd: string;
  readStdin(): string;
  /** Standard input as a stream of chunks, for inputs read line by line (verify --check -); tests use readStdin. */
  stdinChunks?(): AsyncIterable<Buffer>;
}

export function processContext(): CliContext {
  const isTTY = process.stdout.isTTY === true;
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: isTTY && !noColor && env.TERM !== 'dumb',
    isTTY,
    stderrIsTTY: process.stderr.isTTY === true,
    env,
    now: () => new Date(),
    cwd: process.cwd(),
    readStdin: () => readFileSync(0, 'utf8'),
    stdinChunks: () => process.stdin,
  };
}
