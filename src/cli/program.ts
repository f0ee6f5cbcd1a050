import { Command, CommanderError, Option } from 'commander';
import { ExitCode, KubefortError } from '../domain/errors.js';
import { printable } from '../domain/printable.js';
import { COLOR_WHEN, resolveColor, type CliContext, type ColorWhen } from './context.js';
import { registerCommands } from './commands/index.js';
import { usageErrorLines } from './usage-error.js';

export const VERSION = '0.1.0';

/** The outcome a command action reports back to main; only main turns it into a process exit. */
export interface RunState {
  exitCode: ExitCode;
  /** The command whose parser reported the last usage error, for the hint line. */
  failedCommand?: Command;
}

export function colorOption(): Option {
  return new Option('--color <when>', 'colours: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces), always, never').choices(COLOR_WHEN);
}

export function buildProgram(ctx: CliContext, state: RunState): Command {
  const program = new Command(ctx.programName ?? 'kubefort')
    .description('Secure how a Kubernetes cluster is set up: CIS benchmark, NetworkPolicies, platform binaries.')
    .version(VERSION, '-V, --version')
    // Program options end at the sub-command: `bench --version 1.32` is bench's (kube-bench's) --version.
    .enablePositionalOptions()
    .addOption(colorOption());
  program.addHelpText('after', `
Exit codes: 0 nothing found, 1 a check failed (see --fail-on), 2 usage or runtime error.
Colours: --color auto (default: on a terminal, never with NO_COLOR, always with FORCE_COLOR), always or never.
A closed standard output (\`kubefort ... | head -1\`) ends the output quietly; the exit code stays the command's.`);
  registerCommands(program, ctx, state);
  applyDefaults(program, ctx, state);
  for (const command of program.commands) applyDefaults(command, ctx, state, true);
  program.hook('preAction', (_program, action) => {
    const when = action.optsWithGlobals<{ color?: ColorWhen }>().color;
    if (when !== undefined) ctx.color = resolveColor(when, ctx.env, ctx.isTTY);
  });
  return program;
}

/**
 * Every command writes through the context and throws instead of exiting; parser errors are not printed
 * here but reshaped by run() into one line (usage-error.ts). Leaf commands also take --color (bench, which
 * has the `run` alias below it, adds its own).
 */
function applyDefaults(command: Command, ctx: CliContext, state: RunState, recurse = false): void {
  command
    .configureOutput({
      writeOut: (s) => ctx.stdout(s),
      // commander writes to stderr only the help it shows for a command group run without its command;
      // run() words that as a one-line usage error instead, so the help is dropped here.
      writeErr: () => { state.failedCommand = command; },
      outputError: () => { state.failedCommand = command; },
    })
    .exitOverride();
  const hasColor = command.options.some((o) => o.long === '--color');
  if (recurse && command.commands.length === 0 && !hasColor) command.addOption(colorOption());
  if (recurse) for (const sub of command.commands) applyDefaults(sub, ctx, state, true);
}

/** `kubefort bench`, `kubectl fort netpol list`: the command as the user typed it. */
function commandPath(command: Command | undefined): string {
  const names: string[] = [];
  for (let c: Command | null | undefined = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
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
      // --help and --version end with exit code 0; so does help shown for a bare command group.
      if (error.exitCode === 0) return ExitCode.ok;
      const failed = state.failedCommand ?? program;
      const where = commandPath(failed);
      const message = error.code === 'commander.help' || error.code === 'commander.helpDisplayed'
        ? `${failed === program ? '' : `${failed.name()}: `}missing command (one of ${failed.commands.map((c) => c.name()).filter((n) => n !== 'help').join(', ')})`
        : error.message;
      for (const line of usageErrorLines(message, where)) ctx.stderr(`${line}\n`);
      return ExitCode.error;
    }
    if (error instanceof KubefortError) {
      // One line: a message that carries a newline (a parser's excerpt) is joined, not spread over the terminal.
      // Escaped: messages name files, objects and values from the input.
      ctx.stderr(`kubefort: ${printable(error.message.replace(/\s*\n\s*/g, ' '))}\n`);
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
