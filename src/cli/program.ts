import { Command, CommanderError, Option } from 'commander';
import { ExitCode, KubefortError } from '../domain/errors.js';
import type { CliContext } from './context.js';
import { registerCommands } from './commands/index.js';

export const VERSION = '0.1.0';

/** The outcome a command action reports back to main; only main turns it into a process exit. */
export interface RunState {
  exitCode: ExitCode;
}

export function buildProgram(ctx: CliContext, state: RunState): Command {
  const program = new Command('kubefort')
    .description('Secure how a Kubernetes cluster is set up: CIS benchmark, NetworkPolicies, platform binaries.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.stdout(s), writeErr: (s) => ctx.stderr(s) })
    .exitOverride();
  program.addHelpText('after', `
Exit codes: 0 nothing found, 1 a check failed (see --fail-on), 2 usage or runtime error.
Colours are used only on a terminal and never when NO_COLOR is set.`);
  registerCommands(program, ctx, state);
  // Sub-commands inherit the output and exit behaviour so their usage errors also exit 2.
  for (const command of program.commands) applyDefaults(command, ctx);
  return program;
}

function applyDefaults(command: Command, ctx: CliContext): void {
  command
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.stdout(s), writeErr: (s) => ctx.stderr(s) })
    .exitOverride();
  for (const sub of command.commands) applyDefaults(sub, ctx);
}

/** Runs the CLI and returns the exit code; never throws for user mistakes. */
export async function run(argv: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const state: RunState = { exitCode: ExitCode.ok };
  const program = buildProgram(ctx, state);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; every other commander error is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    }
    if (error instanceof KubefortError) {
      ctx.stderr(`kubefort: ${error.message}\n`);
      return error.exitCode;
    }
    ctx.stderr(`kubefort: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.error;
  }
}

/** A choice option whose invalid values are usage errors listing the valid choices. */
export function choiceOption(flags: string, description: string, choices: readonly string[], defaultValue?: string): Option {
  const option = new Option(flags, description).choices(choices);
  return defaultValue === undefined ? option : option.default(defaultValue);
}
