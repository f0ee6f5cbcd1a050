import { readStdinBounded } from '../collect/objects.js';

/**
 * Everything a command may touch outside pure code: output streams, environment, clock.
 * Tests build one with captured output and a fixed clock; main.ts builds the real one.
 */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours for stdout; see resolveColor (set again from --color before a command runs). */
  color: boolean;
  /** True when stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
  /** True when stderr is a terminal: progress bars are written there, so they follow it, not stdout. */
  stderrIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
  cwd: string;
  /**
   * Standard input as text; the real one is bounded (readStdinBounded: `maxBytes`, else the default limit for
   * one file) and throws an InputError past the limit.
   */
  readStdin(maxBytes?: number): string;
  /** How the user invoked us, for usage lines: `kubefort`, or `kubectl fort` through the kubectl plugin. */
  programName?: string;
  /** Standard input as a stream of chunks, for inputs read line by line (verify --check -); tests use readStdin. */
  stdinChunks?(): AsyncIterable<Buffer>;
}

export const COLOR_WHEN = ['auto', 'always', 'never'] as const;
export type ColorWhen = (typeof COLOR_WHEN)[number];

/**
 * --color always|never decide; auto follows the conventions in this order: FORCE_COLOR (any value but
 * `0`/`false`, as Node and picocolors read it), NO_COLOR (non-empty, no-color.org), then a terminal on
 * stdout that is not TERM=dumb.
 */
export function resolveColor(when: ColorWhen, env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (when === 'always') return true;
  if (when === 'never') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

/** `kubectl fort` when run as the kubectl plugin executable (kubectl runs `kubectl-fort` from PATH). */
export function programNameFor(script: string | undefined): string {
  const base = (script ?? '').split(/[\\/]/).pop() ?? '';
  return base.startsWith('kubectl-') ? `kubectl ${base.slice('kubectl-'.length).replace(/\.[cm]?js$/, '')}` : 'kubefort';
}

/**
 * A stream whose reader went away (`kubefort ... | head -1`): Node reports EPIPE as an 'error' event, which
 * would end the process with a stack trace. Writing stops quietly instead and the command's own exit status
 * stands, so `set -o pipefail` still sees kubefort's verdict (docs/cli.md, "Pipes").
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      closed = true;
      return;
    }
    throw error;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export function processContext(): CliContext {
  const isTTY = process.stdout.isTTY === true;
  const env = process.env;
  return {
    stdout: quietOnClosedPipe(process.stdout),
    stderr: quietOnClosedPipe(process.stderr),
    color: resolveColor('auto', env, isTTY),
    isTTY,
    stderrIsTTY: process.stderr.isTTY === true,
    env,
    now: () => new Date(),
    cwd: process.cwd(),
    readStdin: (maxBytes) => readStdinBounded(maxBytes === undefined ? {} : { maxBytes }),
    programName: programNameFor(process.argv[1]),
    stdinChunks: () => process.stdin,
  };
}
