import { Option, type Command } from 'commander';
import { ExitCode, UsageError } from '../../domain/errors.js';
import { evaluate } from '../../netpol/explain.js';
import { verdictJson, verdictText } from '../../netpol/explain-report.js';
import { isProtocol } from '../../netpol/ports.js';
import { listConnections } from '../../netpol/list.js';
import { diffConnections, isEmptyDiff } from '../../netpol/diff.js';
import { DIFF_FORMATS, writeDiff, type DiffFormat } from '../../netpol/diff-report.js';
import { graphJson } from '../../netpol/graph.js';
import { workloadId } from '../../netpol/workloads.js';
import { lint } from '../../netpol/lint.js';
import { findingsJson, findingsText } from '../../report/findings.js';
import type { FindingFormat } from '../../report/findings-formats.js';
import { NETPOL_NEEDS, readingRunInfo } from '../../scan/areas/netpol.js';
import { addFindingsOutput, unreadableKinds, writeFindings } from '../findings-output.js';
import { NETPOL_RULES } from '../../netpol/rules.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import type { CliContext } from '../context.js';
import { readingComment, readingOf } from '../../netpol/reading.js';
import { choiceOption, type RunState } from '../program.js';
import { paintVerdicts } from '../paint.js';
import { addCommonOptions, loadModel, withDirpath, type CommonOptions } from './netpol.js';
import { evalModel } from './netpol-eval-load.js';

interface EvalCliOptions {
  dirpath?: string;
  from?: string;
  source?: string;
  to?: string;
  destination?: string;
  port?: string;
  destinationPort?: string;
  protocol: string;
  output: string;
}

/** One of two spellings of a required option (ours and netpol-analyzer's). */
function either(a: string | undefined, b: string | undefined, names: string): string {
  if (a !== undefined && b !== undefined && a !== b) throw new UsageError(`${names}: give one of the two spellings, not both`);
  const v = a ?? b;
  if (v === undefined) throw new UsageError(`${names} is required`);
  return v;
}

/** eval, lint, diff and graph. */
export function registerNetpolAnalysis(netpol: Command, ctx: CliContext, state: RunState): void {
  addCommonOptions(
    netpol
      .command('eval')
      .description('is a connection allowed, and why: the selecting policies and the admitting rule (file:line) per direction')
      .argument('[paths...]', 'files, folders or - for stdin; none = the live cluster')
      .option('--dirpath <path>', 'input folder (netpol-analyzer spelling)')
      .option('--from <endpoint>', 'source: <ns>/<name>, <ns>/<name>[<Kind>], <ns>/<pod> or an IP address')
      .option('-s, --source <endpoint>', 'same as --from (netpol-analyzer spelling)')
      .option('--to <endpoint>', 'destination: <ns>/<name>, <ns>/<name>[<Kind>], <ns>/<pod> or an IP address')
      .option('-d, --destination <endpoint>', 'same as --to (netpol-analyzer spelling)')
      .option('--port <port>', 'destination port number, or a named container port of the destination')
      .option('-p, --destination-port <port>', 'same as --port (netpol-analyzer spelling)')
      .addOption(new Option('--protocol <protocol>', 'protocol: TCP (default), UDP, SCTP; any case').default('TCP').argParser((v: string) => v.toUpperCase()))
      .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text')),
    ctx,
  )
    .addHelpText('after', '\nExit codes: 0 allowed, 1 denied, 2 usage or input error.')
    .action((args: string[], opts: CommonOptions & EvalCliOptions) => {
      if (!isProtocol(opts.protocol)) throw new UsageError(`invalid --protocol ${opts.protocol}`, ['TCP', 'UDP', 'SCTP']);
      const from = either(opts.from, opts.source, '--from/--source');
      const to = either(opts.to, opts.destination, '--to/--destination');
      const port = either(opts.port, opts.destinationPort, '--port/--destination-port');
      const model = evalModel(withDirpath(args, opts.dirpath), opts, ctx, from, to);
      const verdict = evaluate(model, from, to, opts.protocol, port);
      ctx.stdout(opts.output === 'json' ? verdictJson(verdict) : paintVerdicts(verdictText(verdict), ctx.color));
      state.exitCode = verdict.allowed ? ExitCode.ok : ExitCode.findings;
    });

  addCommonOptions(
    addFindingsOutput(netpol
      .command('lint')
      .description('findings: missing default-deny, unselected workloads, metadata endpoint reachable, DNS blocked, dead selectors and ports, allow-all rules')
      .argument('[paths...]', 'files, folders or - for stdin; none = the live cluster')
      .option('--dirpath <path>', 'input folder (netpol-analyzer spelling)')
      .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'low'))),
    ctx,
  )
    .addHelpText('after', '\nExit codes: 0 no finding at or above --fail-on, 1 some, 2 usage or input error, or not evaluated (a kind it needs could not be read).')
    .action((args: string[], opts: CommonOptions & { failOn: Severity; output: FindingFormat; dirpath?: string }) => {
      const paths = withDirpath(args, opts.dirpath);
      const model = loadModel(paths, opts, ctx);
      // Without every Namespace, Pod and NetworkPolicy, "no default-deny" would be a guess: not evaluated instead.
      const missing = unreadableKinds(opts, NETPOL_NEEDS);
      const notEvaluated = missing.length > 0 ? [`NetworkPolicy lint: needs ${missing.join(', ')}, which could not be read`] : [];
      const findings = notEvaluated.length > 0 ? [] : lint(model);
      const reading = readingOf(model);
      state.exitCode = writeFindings({
        area: 'netpol', title: 'NetworkPolicy', rules: NETPOL_RULES, findings, notEvaluated, info: readingRunInfo(reading),
        text: () => readingComment(reading, '# ') + paintVerdicts(findingsText(findings), ctx.color),
        json: (extra) => findingsJson(findings, { hostNetwork: reading, ...extra }),
      }, opts, paths, ctx);
    });

  addCommonOptions(
    netpol
      .command('diff')
      .description('connections added, removed and changed between two sets of objects')
      .argument('[a]', 'the before set: a file, a folder or - for stdin')
      .argument('[b]', 'the after set: a file, a folder or - for stdin')
      .option('--dir1 <path>', 'the before set (netpol-analyzer spelling)')
      .option('--dir2 <path>', 'the after set (netpol-analyzer spelling)')
      .option('--allow-partial', 'answer even when some document or file could not be read (default: exit 2)')
      .addOption(choiceOption('-o, --output <format>', 'output format', DIFF_FORMATS, 'text')),
    ctx,
  )
    .addHelpText('after', '\nExit codes: 0 no difference, 1 differences (as diff(1)), 2 usage or input error.')
    .action((a: string | undefined, b: string | undefined, opts: CommonOptions & { output: DiffFormat; dir1?: string; dir2?: string }) => {
      const positional = [a, b].filter((x): x is string => x !== undefined);
      const before = opts.dir1 ?? positional.shift();
      const after = opts.dir2 ?? positional.shift();
      if (before === undefined || after === undefined || positional.length > 0) throw new UsageError('give the two sets: <a> <b> or --dir1 <a> --dir2 <b>');
      if (before === '-' && after === '-') throw new UsageError('only one side of netpol diff can be stdin');
      const mA = loadModel([before], opts, ctx, true);
      const mB = loadModel([after], opts, ctx, true);
      const ids = (m: typeof mA): string[] => m.workloads.map(workloadId);
      const diff = diffConnections(listConnections(mA), listConnections(mB), ids(mA), ids(mB));
      const reading = readingOf(mB.workloads.some((w) => w.hostNetwork) ? mB : mA);
      writeDiff((s) => ctx.stdout(s), diff, opts.output, reading);
      state.exitCode = isEmptyDiff(diff) ? ExitCode.ok : ExitCode.findings;
    });

  addCommonOptions(
    netpol
      .command('graph')
      .description('nodes (workloads by namespace, external ranges) and edges with their ports, as JSON for drawing')
      .argument('[paths...]', 'files, folders or - for stdin; none = the live cluster')
      .option('--dirpath <path>', 'input folder (netpol-analyzer spelling)')
      .addOption(choiceOption('-o, --output <format>', 'output format', ['json'], 'json')),
    ctx,
  ).action((args: string[], opts: CommonOptions & { dirpath?: string }) => {
    const model = loadModel(withDirpath(args, opts.dirpath), opts, ctx);
    ctx.stdout(graphJson(model, listConnections(model)));
    state.exitCode = ExitCode.ok;
  });
}
