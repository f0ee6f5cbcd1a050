import type { Command } from 'commander';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { printable, printableJson } from '../../domain/printable.js';
import { buildModel, HOST_NETWORK_READINGS, type HostNetworkReading, type Model } from '../../netpol/model.js';
import { readingComment, readingOf } from '../../netpol/reading.js';
import { explainPairs, pairText } from '../../netpol/explain-list.js';
import { exposures, exposureText, type Exposure } from '../../netpol/exposure.js';
import { ingressConnections, ingressExposure, parseControllerSpec } from '../../netpol/ingress-exposure.js';
import type { Workload } from '../../netpol/workloads.js';
import { connectionSource, focusMatchesWorkload, workloadEndpoint } from '../../netpol/list.js';
import { LIST_FORMATS, rowsOf, writeList, type ListFormat, type Rows } from '../../netpol/report.js';
import type { CliContext } from '../context.js';
import type { ObjectSet } from '../../collect/objects.js';
import { choiceOption, type RunState } from '../program.js';
import { registerNetpolAnalysis } from './netpol-analysis.js';
import { NETPOL_SOURCE, addObjectSourceOptions, liveSet, objectSet } from '../object-source.js';

export interface CommonOptions {
  ipblockMatchesPods?: boolean;
  hostNetwork?: HostNetworkReading;
  /** list and diff: answer even when a document or file could not be read. */
  allowPartial?: boolean;
}

/**
 * Loads the objects and builds the model; input problems are warnings on stderr and the run goes on. With
 * `wholeInput` (list, diff), a document or file that could not be read stops the run (exit 2): an answer on
 * partial input would be wrong without saying so. --allow-partial answers anyway.
 */
export function loadModel(paths: readonly string[], opts: CommonOptions, ctx: CliContext, wholeInput = false, given?: ObjectSet): Model {
  if (paths.length === 0 && liveSet(opts) === undefined) throw new UsageError('give at least one file, folder or - for stdin, or --live');
  // `given`: the objects already read (netpol eval reads only what can affect its pair).
  const set = given ?? objectSet(paths, opts, ctx);
  if (set.objects.length === 0) throw new InputError(noObjectsMessage(paths.length > 0 ? paths : set.files, set.files.length, set.errors));
  if (wholeInput && opts.allowPartial !== true && set.errors.length > 0) {
    for (const error of set.errors) ctx.stderr(`kubefort: warning: ${oneLine(error.message)}\n`);
    throw new InputError(`${set.errors.length} document(s) or file(s) could not be read: not answering on partial input (--allow-partial answers anyway)`);
  }
  const model = buildModel(set, { ipBlockMatchesPods: opts.ipblockMatchesPods === true, hostNetwork: opts.hostNetwork ?? 'node' });
  for (const error of model.errors) ctx.stderr(`kubefort: warning: ${oneLine(error.message)}\n`);
  for (const note of model.notes) ctx.stderr(`kubefort: note: ${printable(oneLine(note))}\n`);
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

export function addCommonOptions(command: Command, ctx: CliContext): Command {
  return addObjectSourceOptions(command, ctx, NETPOL_SOURCE)
    .option('--ipblock-matches-pods', 'let ipBlock peers match pod IPs (status.podIPs), as some CNIs do')
    .addOption(choiceOption('--host-network <reading>', 'hostNetwork pods: node = they are their node (ipBlocks match the node IP, own-node traffic allowed); pod = ordinary pods selected by labels (netpol-analyzer)', HOST_NETWORK_READINGS, 'node'));
}

interface ListCliOptions {
  output: ListFormat;
  dirpath?: string;
  jsonCompat?: boolean;
  focus?: string;
  focusDirection?: 'ingress' | 'egress';
  explain?: boolean;
  exposure?: boolean;
  ingressController?: string;
}

/** `--dirpath` (netpol-analyzer) is one more input path. */
export function withDirpath(args: readonly string[], dirpath: string | undefined): string[] {
  return dirpath === undefined ? [...args] : [...args, dirpath];
}

/**
 * Streams the reading and one item at a time (text, or JSON `{"hostNetwork": …, "<key>": [ … ]}`):
 * quadratic output (one explanation per pair) is never held as one string.
 */
function writeStream<T>(model: Model, format: 'text' | 'json', key: string, items: Iterable<T>, text: (item: T) => string, ctx: CliContext): void {
  const reading = readingOf(model);
  ctx.stdout(format === 'text' ? readingComment(reading, '# ') : `{"hostNetwork": ${printableJson(JSON.stringify(reading))}, "${key}": [`);
  let first = true;
  for (const item of items) {
    ctx.stdout(format === 'text' ? text(item) : `${first ? '\n' : ',\n'}${printableJson(JSON.stringify(item))}`);
    first = false;
  }
  if (format === 'json') ctx.stdout('\n]}\n');
}

type FocusDirection = ListCliOptions['focusDirection'];

/** --focus-direction: egress = what the focused workloads open outwards, ingress = what they are open to. */
function* focused(model: Model, focus: readonly string[] | undefined, direction: FocusDirection): Generator<Exposure> {
  for (const e of exposures(model)) {
    if (direction !== undefined && e.direction !== direction) continue;
    if (focus === undefined || focus.some((f) => e.workload.startsWith(f.includes('/') ? `${f}[` : `${e.workload.split('/')[0]}/${f}[`))) yield e;
  }
}

function writeExposure(model: Model, format: 'text' | 'json', focus: readonly string[] | undefined, direction: FocusDirection, ctx: CliContext): void {
  writeStream(model, format, 'exposure', focused(model, focus, direction), exposureText, ctx);
}

function writeExplanations(model: Model, format: 'text' | 'json', focus: readonly string[] | undefined, direction: FocusDirection, ctx: CliContext): void {
  const inFocus = (w: Workload): boolean => focus?.some((f) => focusMatchesWorkload(w, f)) === true;
  const keep = focus === undefined ? undefined : (src: Workload, dst: Workload): boolean => (direction !== 'ingress' && inFocus(src)) || (direction !== 'egress' && inFocus(dst));
  writeStream(model, format, 'pairs', explainPairs(model, keep), pairText, ctx);
}

export function registerNetpol(program: Command, ctx: CliContext, state: RunState): void {
  const netpol = program
    .command('netpol')
    .description('NetworkPolicy analysis: who can reach whom, why, and what is missing');

  addCommonOptions(
    netpol
      .command('list')
      .description('workload-level connectivity allowed by the NetworkPolicies (netpol-analyzer text format)')
      .argument('[paths...]', 'files, folders (recursive) or - for stdin: YAML or JSON, multi-document, List kinds; none = the live cluster')
      .option('--dirpath <path>', 'input folder (netpol-analyzer spelling; same as a path argument)')
      .addOption(choiceOption('-o, --output <format>', 'output format', LIST_FORMATS, 'text'))
      .option('--json-compat', "with -o json: netpol-analyzer's top-level array of {src, dst, conn}")
      .option('--focus <workloads>', 'only connections from or to these workloads: ns/name or a bare name, comma-separated')
      .addOption(choiceOption('--focus-direction <direction>', 'with --focus: egress = from them, ingress = to them', ['ingress', 'egress']))
      .option('--allow-partial', 'answer even when some document or file could not be read (default: exit 2)')
      .option('--ingress-controller <ns/labels>', 'where the ingress controller runs (<namespace>/<key>=<value>,...): its egress and the backends\' ingress apply to {ingress-controller} lines')
      .option('--exposure', 'per workload, what it is open to that the input cannot enumerate: any namespace, namespace or pod selectors, external ranges (text or json)')
      .option('--explain', 'every pair of workloads with the policies and rules (file:line) that allow or deny it per direction (text or json)'),
    ctx,
  ).action((args: string[], opts: CommonOptions & ListCliOptions) => {
    const paths = withDirpath(args, opts.dirpath);
    const controller = opts.ingressController !== undefined ? parseControllerSpec(opts.ingressController) : undefined;
    const focusList = opts.focus?.split(',').map((f) => f.trim()).filter((f) => f !== '');
    if (focusList !== undefined && (focusList.length === 0 || focusList.some((f) => !/^([^/]+\/)?[^/]+$/.test(f)))) {
      throw new UsageError(`--focus takes <namespace>/<name> or <name>, comma-separated, got ${JSON.stringify(opts.focus)}`);
    }
    if (opts.focusDirection !== undefined && focusList === undefined) throw new UsageError('--focus-direction needs --focus');
    const model = loadModel(paths, opts, ctx, true);
    for (const f of focusList ?? []) {
      if (!model.workloads.some((w) => focusMatchesWorkload(w, f))) throw new UsageError(`--focus ${f}: no such workload in the input`);
    }
    if (opts.exposure === true) {
      if (opts.output !== 'text' && opts.output !== 'json') throw new UsageError('--exposure writes text or json');
      writeExposure(model, opts.output, focusList, opts.focusDirection, ctx);
      state.exitCode = ExitCode.ok;
      return;
    }
    if (opts.explain === true) {
      if (opts.output !== 'text' && opts.output !== 'json') throw new UsageError('--explain writes text or json');
      writeExplanations(model, opts.output, focusList, opts.focusDirection, ctx);
      state.exitCode = ExitCode.ok;
      return;
    }
    // Streamed in output order as computed (never collected and sorted), then the Ingress and Route backends the
    // controller reaches, as netpol-analyzer lists them.
    const source = connectionSource(model, { ...(focusList ? { focus: focusList } : {}), ...(opts.focusDirection ? { focusDirection: opts.focusDirection } : {}) });
    const controllerRows = rowsOf(ingressConnections(ingressExposure(model.objects, model, controller))
      .filter((c) => focusList === undefined || (opts.focusDirection !== 'egress' && c.dst.type === 'workload' && focusList.some((f) => focusMatchesWorkload(c.dst.type === 'workload' ? c.dst.workload : { namespace: '', name: '' }, f)))));
    if (opts.jsonCompat === true && opts.output !== 'json') throw new UsageError('--json-compat goes with -o json');
    const nodes = model.workloads.filter((w) => focusList === undefined || focusList.some((f) => focusMatchesWorkload(w, f))).map(workloadEndpoint);
    const rows: Rows = (row) => {
      source((src, dst, conns) => row(src, dst, conns.conns, conns.text));
      controllerRows(row);
    };
    writeList(ctx, rows, opts.jsonCompat === true ? 'json-compat' : opts.output, readingOf(model), nodes);
    state.exitCode = ExitCode.ok;
  });

  registerNetpolAnalysis(netpol, ctx, state);
}
