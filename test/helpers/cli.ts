import type { CliContext } from '../../src/cli/context.js';
import { run } from '../../src/cli/program.js';

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

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs `kubefort ARGS` in-process, as main.ts would, with captured output and the context's overrides (cwd, stdin, env, clock). */
export async function kubefort(args: readonly string[], overrides: Partial<CliContext> = {}): Promise<Ran> {
  const ctx = captureContext(overrides);
  const code = await run([...args], ctx);
  return { code, out: ctx.out.join(''), err: ctx.err.join('') };
}

/** The lines of stderr, without the final newline. */
export function errLines(ran: Ran): string[] {
  return ran.err.replace(/\n$/, '').split('\n');
}

/** kubefort(ARGS), asserting its exit code (named by the command line when it differs). */
export async function kubefortExits(args: readonly string[], code: number, overrides: Partial<CliContext> = {}): Promise<Ran> {
  const ran = await kubefort(args, overrides);
  if (ran.code !== code) throw new Error(`${args.join(' ')}: exit ${ran.code}, expected ${code}\n${ran.err}`);
  return ran;
}
