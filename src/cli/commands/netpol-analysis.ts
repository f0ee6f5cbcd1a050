import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../domain/errors.js';
import { evaluate } from '../../netpol/explain.js';
import { verdictJson, verdictText } from '../../netpol/explain-report.js';
import { isProtocol } from '../../netpol/ports.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { addCommonOptions, loadModel, type CommonOptions } from './netpol.js';

/** eval, lint, diff and graph. */
export function registerNetpolAnalysis(netpol: Command, ctx: CliContext, state: RunState): void {
  addCommonOptions(
    netpol
      .command('eval')
      .description('is a connection allowed, and why: the selecting policies and the admitting rule (file:line) per direction')
      .argument('<paths...>', 'files, folders or - for stdin')
      .requiredOption('--from <endpoint>', 'source: <ns>/<name>, <ns>/<name>[<Kind>] or an IP address')
      .requiredOption('--to <endpoint>', 'destination: <ns>/<name>, <ns>/<name>[<Kind>] or an IP address')
      .requiredOption('--port <port>', 'destination port number, or a named container port of the destination')
      .addOption(choiceOption('--protocol <protocol>', 'protocol', ['TCP', 'UDP', 'SCTP'], 'TCP'))
      .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text')),
  )
    .addHelpText('after', '\nExit codes: 0 allowed, 1 denied, 2 usage or input error.')
    .action((paths: string[], opts: CommonOptions & { from: string; to: string; port: string; protocol: string; output: string }) => {
      if (!isProtocol(opts.protocol)) throw new UsageError(`invalid --protocol ${opts.protocol}`, ['TCP', 'UDP', 'SCTP']);
      const model = loadModel(paths, opts, ctx);
      const verdict = evaluate(model, opts.from, opts.to, opts.protocol, opts.port);
      ctx.stdout(opts.output === 'json' ? verdictJson(verdict) : verdictText(verdict));
      state.exitCode = verdict.allowed ? ExitCode.ok : ExitCode.findings;
    });
}
