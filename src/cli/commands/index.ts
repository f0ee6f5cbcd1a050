import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { RunState } from '../program.js';
import { registerVerify } from './verify.js';

/** One line per command area; each area registers its own sub-commands. */
export function registerCommands(_program: Command, _ctx: CliContext, _state: RunState): void {
  registerVerify(_program, _ctx, _state);
}
