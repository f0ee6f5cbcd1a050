import type { Command } from 'commander';
import { ExitCode, UsageError } from '../../domain/errors.js';
import { evaluate } from '../../netpol/explain.js';
import { verdictJson, verdictText } from '../../netpol/explain-report.js';
import { isProtocol } from '../../netpol/ports.js';
import { listConnections } from '../../netpol/list.js';
import { diffConnections, diffJson, diffText, isEmptyDiff } from '../../netpol/diff.js';
import { graphJson } from '../../netpol/graph.js';
import { workloadId } from '../../netpol/workloads.js';
import { lint } from '../../netpol/lint.js';
import { failsAt, findingsJson, findingsText } from '../../report/findings.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import type { CliContext } from '../context.js';
import { readingComment, readingOf } from '../../netpol/reading.js';
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

  addCommonOptions(
    netpol
      .command('lint')
      .description('findings: missing default-deny, unselected workloads, metadata endpoint reachable, DNS blocked, dead selectors and ports, allow-all rules')
      .argument('<paths...>', 'files, folders or - for stdin')
      .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))
      .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text')),
  )
    .addHelpText('after', '\nExit codes: 0 no finding at or above --fail-on, 1 some, 2 usage or input error.')
    .action((paths: string[], opts: CommonOptions & { failOn: Severity; output: string }) => {
      const model = loadModel(paths, opts, ctx);
      const findings = lint(model);
      const reading = readingOf(model);
      ctx.stdout(opts.output === 'json' ? findingsJson(findings, { hostNetwork: reading }) : readingComment(reading, '# ') + findingsText(findings));
      state.exitCode = failsAt(findings, opts.failOn) ? ExitCode.findings : ExitCode.ok;
    });

  addCommonOptions(
    netpol
      .command('diff')
      .description('connections added, removed and changed between two sets of objects')
      .argument('<a>', 'the before set: a file, a folder or - for stdin')
      .argument('<b>', 'the after set: a file, a folder or - for stdin')
      .option('--allow-partial', 'answer even when some document or file could not be read (default: exit 2)')
      .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text')),
  )
    .addHelpText('after', '\nExit codes: 0 no difference, 1 differences (as diff(1)), 2 usage or input error.')
    .action((a: string, b: string, opts: CommonOptions & { output: string }) => {
      if (a === '-' && b === '-') throw new UsageError('only one side of netpol diff can be stdin');
      const before = loadModel([a], opts, ctx, true);
      const after = loadModel([b], opts, ctx, true);
      const ids = (m: typeof before): string[] => m.workloads.map(workloadId);
      const diff = diffConnections(listConnections(before), listConnections(after), ids(before), ids(after));
      const reading = readingOf(after.workloads.some((w) => w.hostNetwork) ? after : before);
      ctx.stdout(opts.output === 'json' ? diffJson(diff, reading) : readingComment(reading, '# ') + diffText(diff));
      state.exitCode = isEmptyDiff(diff) ? ExitCode.ok : ExitCode.findings;
    });

  addCommonOptions(
    netpol
      .command('graph')
      .description('nodes (workloads by namespace, external ranges) and edges with their ports, as JSON for drawing')
      .argument('<paths...>', 'files, folders or - for stdin')
      .addOption(choiceOption('-o, --output <format>', 'output format', ['json'], 'json')),
  ).action((paths: string[], opts: CommonOptions) => {
    const model = loadModel(paths, opts, ctx);
    ctx.stdout(graphJson(model, listConnections(model)));
    state.exitCode = ExitCode.ok;
  });
}
