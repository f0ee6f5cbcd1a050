import type { Command } from 'commander';
import { loadObjects } from '../../collect/objects.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { printable } from '../../domain/printable.js';
import { buildModel, type Model } from '../../netpol/model.js';
import { listConnections } from '../../netpol/list.js';
import { workloadId } from '../../netpol/workloads.js';
import { LIST_FORMATS, renderList, type ListFormat } from '../../netpol/report.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { registerNetpolAnalysis } from './netpol-analysis.js';

export interface CommonOptions {
  ipblockMatchesPods?: boolean;
}

/** Loads the objects and builds the model; input problems are warnings on stderr and the run goes on. */
export function loadModel(paths: readonly string[], opts: CommonOptions, ctx: CliContext): Model {
  if (paths.length === 0) throw new UsageError('give at least one file, folder or - for stdin');
  const set = loadObjects(paths, { readStdin: ctx.readStdin });
  if (set.objects.length === 0) throw new InputError(noObjectsMessage(paths, set.files.length, set.errors));
  const model = buildModel(set, { ipBlockMatchesPods: opts.ipblockMatchesPods === true });
  for (const error of model.errors) ctx.stderr(`kubefort: warning: ${oneLine(error.message)}\n`);
  if (set.errors.length > 0) {
    const where = [...new Set(set.errors.map((e) => e.location?.file).filter((f): f is string => f !== undefined))];
    ctx.stderr(`kubefort: warning: ${set.errors.length} file(s) or document(s) could not be read (in ${where.join(', ') || paths.join(', ')}); analysed the ${set.objects.length} object(s) that could\n`);
  }
  if (model.ignoredKinds.size > 0) {
    const total = [...model.ignoredKinds.values()].reduce((a, b) => a + b, 0);
    const kinds = [...model.ignoredKinds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
    ctx.stderr(`kubefort: ignored ${total} object(s) of kinds netpol does not analyse (${printable(kinds)})\n`);
  }
  return model;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** No object at all (unreadable, binary, empty, /dev/null): nothing was analysed, so the run cannot answer. */
function noObjectsMessage(paths: readonly string[], files: number, errors: readonly InputError[]): string {
  const input = paths.map((p) => (p === '-' ? 'stdin' : p)).join(', ');
  const first = errors[0];
  if (first === undefined) return `no Kubernetes objects in ${input} (${files} file(s) read, none holds an object)`;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : '';
  return `no Kubernetes objects could be read from ${input}: ${oneLine(first.message)}${more}`;
}

export function addCommonOptions(command: Command): Command {
  return command.option('--ipblock-matches-pods', 'let ipBlock peers match pod IPs (status.podIPs), as some CNIs do');
}

export function registerNetpol(program: Command, ctx: CliContext, state: RunState): void {
  const netpol = program
    .command('netpol')
    .description('NetworkPolicy analysis: who can reach whom, why, and what is missing');

  addCommonOptions(
    netpol
      .command('list')
      .description('workload-level connectivity allowed by the NetworkPolicies (netpol-analyzer text format)')
      .argument('<paths...>', 'files, folders (recursive) or - for stdin: YAML or JSON, multi-document, List kinds')
      .addOption(choiceOption('-o, --output <format>', 'output format', LIST_FORMATS, 'text'))
      .option('--focus <ns/name>', 'only connections from or to this workload'),
  ).action((paths: string[], opts: CommonOptions & { output: ListFormat; focus?: string }) => {
    if (opts.focus !== undefined && !/^[^/]+\/[^/]+$/.test(opts.focus)) throw new UsageError(`--focus takes <namespace>/<name>, got ${JSON.stringify(opts.focus)}`);
    const model = loadModel(paths, opts, ctx);
    if (opts.focus !== undefined && !model.workloads.some((w) => `${w.namespace}/${w.name}` === opts.focus)) {
      throw new UsageError(`--focus ${opts.focus}: no such workload in the input`);
    }
    const hostNetwork = model.workloads.filter((w) => w.hostNetwork).map(workloadId);
    if (hostNetwork.length > 0) {
      ctx.stderr(`kubefort: note: hostNetwork workloads are neither selected nor matched by pod selectors: ${printable(hostNetwork.join(', '))}\n`);
    }
    const conns = listConnections(model, opts.focus !== undefined ? { focus: opts.focus } : {});
    ctx.stdout(renderList(conns, opts.output));
    state.exitCode = ExitCode.ok;
  });

  registerNetpolAnalysis(netpol, ctx, state);
}
