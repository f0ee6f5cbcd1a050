import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { RunState } from '../program.js';
import { registerBench } from './bench.js';
import { registerCollect } from './collect.js';
import { registerNetpol } from './netpol.js';
import { registerVerify } from './verify.js';
import { registerIngress } from './ingress.js';
import { registerTls } from './tls.js';
import { registerRbac } from './rbac.js';
import { registerPorts } from './ports.js';
import { registerGui } from './gui.js';
import { registerFix } from './fix.js';
import { registerScan } from './scan.js';
import { registerExport } from './export.js';

/** One line per command area; each area registers its own sub-commands. */
export function registerCommands(program: Command, ctx: CliContext, state: RunState): void {
  registerBench(program, ctx, state);
  registerCollect(program, ctx, state);
  registerNetpol(program, ctx, state);
  registerVerify(program, ctx, state);
  registerIngress(program, ctx, state);
  registerTls(program, ctx, state);
  registerRbac(program, ctx, state);
  registerPorts(program, ctx, state);
  registerGui(program, ctx, state);
  registerFix(program, ctx, state);
  registerScan(program, ctx, state);
  registerExport(program, ctx, state);
}
