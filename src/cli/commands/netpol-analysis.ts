import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../domain/errors.js';
import { evaluate } from '../../netpol/explain.js';
import { verdictJson, verdictText } from '../../netpol/explain-report.js';
import { isProtocol } from '../../netpol/ports.js';
import { listConnections } from '../../netpol/list.js';
import { diffConnections, diffJson, diffText, isEmptyDiff } from '../../netpol/diff.js';
import { graphJson } from '../../netpol/graph.js';
import { lint } from '../../netpol/lint.js';
import { failsAt, findingsText } from '../../report/findings.js';
import { FINDING_FORMATS, renderFindings, type FindingFormat } from '../../report/findings-formats.js';
import { NETPOL_RULES } from '../../scan/areas/netpol.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import type { CliContext } from '../context.js';
import { choiceOption, VERSION, type RunState } from '../program.js';
import { paintVerdicts } from '../paint.js';
import { addCommonOptions, loadModel, type CommonOptions } from './netpol.js';

/** eval, lint, diff and graph. */
export function registerNetpolAnalysis(netpol: Command, ctx: CliContext, state: RunState): void {
  addCommonOptions(
    netpol
      .command('eval')
      .description('is a connection allowed, and why: the selecting policies and the admitting rule (file:line) per direction')
      .argument('[paths...]', 'files, folders or - for stdin; none = the live cluster')
      .requiredOption('--from <endpoint>', 'source: <ns>/<name>, <ns>/<name>[<Kind>] or an IP address')
      .requiredOption('--to <endpoint>', 'destination: <ns>/<name>, <ns>/<name>[<Kind>] or an IP address')
      .requiredOption('--port <port>', 'destination port number, or a named container port of the destination')
      .addOption(choiceOption('--protocol <protocol>', 'protocol', ['TCP', 'UDP', 'SCTP'], 'TCP'))
      .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text')),
    ctx,
  )
    .addHelpText('after', '\nExit codes: 0 allowed, 1 denied, 2 usage or input error.')
    .action((paths: string[], opts: CommonOptions & { from: string; to: string; port: string; protocol: string; output: string }) => {
      if (!isProtocol(opts.protocol)) throw new UsageError(`invalid --protocol ${opts.protocol}`, ['TCP', 'UDP', 'SCTP']);
      const model = loadModel(paths, opts, ctx);
      const verdict = evaluate(model, opts.from, opts.to, opts.protocol, opts.port);
      ctx.stdout(opts.output === 'json' ? verdictJson(verdict) : paintVerdicts(verdictText(verdict), ctx.color));
      state.exitCode = verdict.allowed ? ExitCode.ok : ExitCode.findings;
    });

  addCommonOptions(
    netpol
      .command('lint')
      .description('findings: missing default-deny, unselected workloads, metadata endpoint reachable, DNS blocked, dead selectors and ports, allow-all rules')
      .argument('[paths...]', 'files, folders or - for stdin; none = the live cluster')
      .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
      .addOption(choiceOption('-o, --output <format>', 'output format', FINDING_FORMATS, 'text')),
    ctx,
  )
    .addHelpText('after', '\nExit codes: 0 no finding at or above --fail-on, 1 some, 2 usage or input error.')
    .action((paths: string[], opts: CommonOptions & { failOn: Severity; output: string }) => {
      const findings = lint(loadModel(paths, opts, ctx));
      ctx.stdout(opts.output === 'text' ? paintVerdicts(findingsText(findings), ctx.color) : renderFindings(findings, opts.output as FindingFormat, { area: 'netpol', title: 'NetworkPolicy', rules: NETPOL_RULES, source: paths.length > 0 ? paths : ['live'], now: ctx.now(), version: VERSION, cwd: ctx.cwd }));
      state.exitCode = failsAt(findings, opts.failOn) ? ExitCode.findings : ExitCode.ok;
    });

  addCommonOptions(
    netpol
      .command('diff')
      .description('connections added, removed and changed between two sets of objects')
      .argument('<a>', 'the before set: a file, a folder or - for stdin')
      .argument('<b>', 'the after set: a file, a folder or - for stdin')
      .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text')),
    ctx,
  )
    .addHelpText('after', '\nExit codes: 0 no difference, 1 differences (as diff(1)), 2 usage or input error.')
    .action((a: string, b: string, opts: CommonOptions & { output: string }) => {
      if (a === '-' && b === '-') throw new UsageError('only one side of netpol diff can be stdin');
      const diff = diffConnections(listConnections(loadModel([a], opts, ctx)), listConnections(loadModel([b], opts, ctx)));
      ctx.stdout(opts.output === 'json' ? diffJson(diff) : diffText(diff));
      state.exitCode = isEmptyDiff(diff) ? ExitCode.ok : ExitCode.findings;
    });

  addCommonOptions(
    netpol
      .command('graph')
      .description('nodes (workloads by namespace, external ranges) and edges with their ports, as JSON for drawing')
      .argument('[paths...]', 'files, folders or - for stdin; none = the live cluster')
      .addOption(choiceOption('-o, --output <format>', 'output format', ['json'], 'json')),
    ctx,
  ).action((paths: string[], opts: CommonOptions) => {
    const model = loadModel(paths, opts, ctx);
    ctx.stdout(graphJson(model, listConnections(model)));
    state.exitCode = ExitCode.ok;
  });
}
