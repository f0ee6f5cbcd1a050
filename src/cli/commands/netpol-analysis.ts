import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { RunState } from '../program.js';

/** eval, lint, diff and graph. */
export function registerNetpolAnalysis(_netpol: Command, _ctx: CliContext, _state: RunState): void {
}
