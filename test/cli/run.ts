import { run } from '../../src/cli/program.js';
import type { CliContext } from '../../src/cli/context.js';
import { captureContext } from '../helpers/cli.js';

export interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs `kubefort ARGS` in-process with captured output (stdin text optional). */
export async function kubefort(args: string[], overrides: Partial<CliContext> = {}): Promise<Ran> {
  const ctx = captureContext(overrides);
  const code = await run(args, ctx);
  return { code, out: ctx.out.join(''), err: ctx.err.join('') };
}

/** The lines of stderr, without the final newline. */
export function errLines(ran: Ran): string[] {
  return ran.err.replace(/\n$/, '').split('\n');
}
