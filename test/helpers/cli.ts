import type { CliContext } from '../../src/cli/context.js';

/** A CLI context with captured output and a fixed clock, for tests. */
export function captureContext(overrides: Partial<CliContext> = {}): CliContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    color: false,
    isTTY: false,
    stderrIsTTY: false,
    env: {},
    now: () => new Date('2026-11-23T12:00:00Z'),
    cwd: process.cwd(),
    readStdin: () => '',
    ...overrides,
  };
}
