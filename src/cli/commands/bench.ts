import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { collectNodeFacts } from '../../collect/node/index.js';
import { loadObjects, type LoadedObject } from '../../collect/objects.js';
import { ANY_BENCHMARK, PROFILE_BENCHMARKS, selectBenchmark } from '../../cis/benchmarks/index.js';
import { explainNoComponents, platformFromLabels, selectForNode } from '../../cis/profiles/index.js';
import { loadConfigDir } from '../../cis/custom/load.js';
import { detectTargets, evaluate, validateSelection } from '../../cis/evaluate.js';
import { TARGETS, type Target } from '../../cis/model.js';
import type { BenchResult } from '../../cis/result.js';
import { ExitCode, InputError, KubefortError, UsageError } from '../../domain/errors.js';
import { strerror } from '../../domain/fs-errors.js';
import type { NodeFacts } from '../../domain/node-facts.js';
import { renderCisJson } from '../../report/cis-json.js';
import { renderCisJunit } from '../../report/cis-junit.js';
import { renderCisText } from '../../report/cis-text.js';
import { benchValidation } from '../../validate/report.js';
import type { CliContext } from '../context.js';
import type { RunState } from '../program.js';
import {
  defineBenchOptions, includeEvidence, outputFormat, parseTargets, requestedVersion, scoredSelection, type BenchOptions, type FailOn,
} from './bench-options.js';
import { reportCollectWarnings, reportLoadProblems } from './warnings.js';
import { addObjectSourceOptions, liveSet, objectLoadOptions } from '../object-source.js';
import { markUnreadable } from '../../scan/cis-unreadable.js';
import { OBJECT_TARGETS, objectsOnly, ocpVersionOption } from '../../cis/openshift/selection.js';
import { OPENSHIFT_PROFILES } from '../../cis/profiles/rh.js';

export type { BenchOptions } from './bench-options.js';

const HELP = `
Benchmarks, by Kubernetes minor as kube-bench maps them: cis-1.23 (1.22-1.23), cis-1.24 (1.24), cis-1.7 (1.25),
cis-1.8 (1.26), cis-1.9 (1.27), cis-1.10 (1.28), cis-1.11 (1.29-1.31), cis-1.12 (1.32-1.33), cis-2.0 (1.34-1.35). The version comes from --k8s-version (or --version),
else the component images or binaries; a version without its own benchmark gets the nearest, with a note; when
it cannot be detected the report says so and the newest benchmark is used. Profiles: ${PROFILE_BENCHMARKS.map((b) => b.name).join(', ')};
chosen for the platform detected on the node (k3s, RKE2, EKS, GKE, AKS, OpenShift; named in the report). --config-dir DIR
runs kube-bench-format checks; their audits are matched to the collected facts, never run through a shell.
Targets: master (section 1), etcd (2), controlplane (3), node (4), policies (5). \`--targets policies\` with
--manifests needs no node: section 5 is judged from the objects alone.
Status: PASS, FAIL (a scored check fails), WARN (a Manual check fails or needs a person; a file could not be read;
cluster objects are missing), INFO (not applicable here, or skipped). Verdicts (JSON "verdict", text "[violated: N]")
tell a Manual check that was checked and violated from one a person must look at: see --fail-on violation.
Exit codes: 0 nothing FAILs, 1 a check FAILs (see --fail-on), 2 usage or runtime error (nothing could be checked).
Examples:
  kubefort bench                                   # on a node
  kubefort bench --root /host --targets node       # in a container with the host mounted at /host
  kubefort bench --facts node.json --output json   # judge facts saved by kubefort collect
  kubectl get -A -o yaml clusterroles,clusterrolebindings,roles,rolebindings,serviceaccounts,namespaces,pods \\
    | kubefort bench --targets policies --manifests - --fail-on violation
  kubefort bench --check 1.2.1 --include-evidence`;

export function registerBench(program: Command, ctx: CliContext, state: RunState): void {
  const bench = addObjectSourceOptions(defineBenchOptions(program.command('bench')), ctx, { liveWithoutPaths: false })
    .description('Run the CIS Kubernetes benchmark on this node (kube-bench\'s job): collect the node\'s facts and judge ' +
      'them, or judge facts saved by `kubefort collect`. Reads only; starts no processes.')
    .addHelpText('after', HELP)
    .action(async (options: BenchOptions) => {
      state.exitCode = await runBench(options, ctx);
    });
  // kube-bench's spelling: `kube-bench run --targets ...`.
  defineBenchOptions(bench.command('run'))
    .description('same as `kubefort bench` (kube-bench\'s spelling)')
    .action(async (options: BenchOptions, run: Command) => {
      state.exitCode = await runBench(withParentOptions(options, run), ctx);
    });
}

/** `bench --root /host run -c 1.2.1`: flags given before `run` count too; those after it win. */
function withParentOptions(options: BenchOptions, run: Command): BenchOptions {
  const parent = run.parent;
  if (!parent) return options;
  const merged: Record<string, unknown> = { ...options };
  for (const [key, value] of Object.entries(parent.opts())) {
    if (parent.getOptionValueSource(key) === 'cli' && run.getOptionValueSource(key) !== 'cli') merged[key] = value;
  }
  return merged as unknown as BenchOptions;
}

function optional<K extends string>(key: K, value: string[] | undefined): Partial<Record<K, string[]>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string[]>);
}

/** Facts for a run that judges only cluster objects: no node is read. */
function noNodeFacts(ctx: CliContext): NodeFacts {
  return {
    schemaVersion: 1, root: '-', collectedAt: ctx.now().toISOString(),
    kubernetesVersion: { source: 'not detected: no node read (--targets policies)' }, components: {}, files: {}, warnings: [],
  };
}

/** `nodeRoot` is the resolved root to collect, undefined when no node is read (--facts, or --targets policies alone). */
async function readFacts(options: BenchOptions, ctx: CliContext, nodeRoot: string | undefined, version: string | undefined): Promise<NodeFacts> {
  if (options.facts !== undefined) {
    if (options.root !== undefined) throw new UsageError('--facts and --root exclude each other: facts were already collected');
    // zod is loaded only to validate saved facts; a plain `bench` run does not pay its start-up cost.
    const { readFactsFile } = await import('../../cis/facts-schema.js');
    return readFactsFile(resolve(ctx.cwd, options.facts), options.facts);
  }
  if (nodeRoot === undefined) return noNodeFacts(ctx);
  // A given version spares the collector reading the kubelet binary to detect one; the caller records it.
  const facts = collectNodeFacts({ root: nodeRoot, now: ctx.now(), ...(version === undefined ? {} : { k8sVersion: version }), ...(options.k3sLog === undefined ? {} : { k3sLog: resolve(ctx.cwd, options.k3sLog) }) });
  facts.root = options.root ?? '/';
  return facts;
}

function readManifests(paths: readonly string[], opts: object, ctx: CliContext): { objects: LoadedObject[]; manifests: NonNullable<BenchResult['manifests']> } {
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('--manifests - (stdin) can be given once');
  for (const path of paths) {
    if (path !== '-' && !existsSync(resolve(ctx.cwd, path))) throw new UsageError(`--manifests ${path}: no such file or directory`);
  }
  const set = loadObjects(paths.map((p) => (p === '-' ? p : resolve(ctx.cwd, p))), objectLoadOptions(opts, ctx));
  const shown = paths.join(', ');
  if (set.objects.length === 0) {
    // Nothing to judge section 5 by: a gate must not go green on it.
    const first = set.errors[0]?.message.replace(/\s*\n\s*/g, ' ');
    const why = first === undefined ? `${set.files.length} file(s) read, none holds an object` : `${set.errors.length} problem(s), the first: ${first}`;
    throw new InputError(`--manifests ${shown}: no Kubernetes objects could be read (${why})`);
  }
  reportLoadProblems(set, ctx, ' (all are listed under "manifests.warnings" in --output json)');
  if (set.errors.length > 0) {
    ctx.stderr(`kubefort: warning: --manifests ${shown}: ${set.errors.length} file(s) or document(s) could not be read; section 5 judges the ${set.objects.length} objects that could\n`);
  }
  return { objects: set.objects, manifests: { files: set.files.length, objects: set.objects.length, errors: set.errors.map((e) => e.message), warnings: set.warnings.map((w) => w.message) } };
}

export async function benchResult(options: BenchOptions, ctx: CliContext): Promise<BenchResult> {
  return (await benchRun(options, ctx)).result;
}

/** One benchmark run: the result and the node facts it judged, collected once for everything the run reports. */
export interface BenchRun {
  result: BenchResult;
  facts: NodeFacts;
  /** The options the run used: `--version ocp-4.N` resolved to its rh profile. */
  options: BenchOptions;
}

export async function benchRun(given: BenchOptions, ctx: CliContext): Promise<BenchRun> {
  // `--version ocp-4.15`: kube-bench's OpenShift mapping picks the rh profile; it is no Kubernetes version.
  const ocp = ocpVersionOption(given, OPENSHIFT_PROFILES);
  const options = ocp?.options ?? given;
  const targets = parseTargets(options.targets);
  const version = requestedVersion(options);
  const { benchmark } = selectBenchmark(version, options.benchmark);
  // Usage errors first, before reading the node.
  const selection = {
    ...optional('checks', options.check),
    ...optional('groups', options.group),
    ...optional('skip', options.skip),
    ...scoredSelection(options),
  };
  // Not known yet without --benchmark (--k8s-version maps a CIS benchmark, but the node's platform may pick a
  // profile such as aks-1.8): an id of any bundled benchmark may be meant; the chosen one checks again.
  // (Custom checks from --config-dir are validated once their benchmark is read, after the node.)
  if (options.configDir === undefined) validateSelection(options.benchmark === undefined ? ANY_BENCHMARK : benchmark, selection, options.benchmark ?? 'the bundled benchmarks');
  const policiesOnly = targets !== undefined && targets.every((t: Target) => t === 'policies');
  const live = liveSet(options);
  if (live !== undefined && options.manifests !== undefined) throw new UsageError('--manifests and --live exclude each other');
  if (policiesOnly && live === undefined && options.manifests === undefined && options.facts === undefined && options.root === undefined) {
    throw new UsageError('--targets policies judges cluster objects: give --manifests DIR (or - for stdin)');
  }
  const loaded = live !== undefined
    ? { objects: live.objects, manifests: { files: 0, objects: live.objects.length, errors: live.live.unreadable.map((u) => u.message) } }
    : options.manifests === undefined ? undefined : readManifests(options.manifests, options, ctx);
  // The node itself is read only when --root (or /) is: never / of a CI runner for --targets policies.
  const openshift = options.benchmark === undefined ? loaded !== undefined && platformFromLabels(loaded.objects).platform === 'openshift' : options.benchmark.startsWith('rh-');
  const openshiftObjects = objectsOnly(openshift, targets, loaded !== undefined, options.root, options.facts);
  const nodeRoot = options.facts === undefined && !((policiesOnly || openshiftObjects) && options.root === undefined) ? resolve(ctx.cwd, options.root ?? '/') : undefined;
  const facts = await readFacts(options, ctx, nodeRoot, version).catch((error: unknown) => {
    throw nodeRoot !== undefined && error instanceof InputError ? explainNoComponents(nodeRoot, error) : error;
  });
  if (version !== undefined) facts.kubernetesVersion = { version, source: '--k8s-version' };
  const chosen = options.configDir !== undefined ? loadConfigDir(resolve(ctx.cwd, options.configDir), facts.kubernetesVersion.version, options.benchmark) : selectForNode({
    facts,
    ...(nodeRoot === undefined ? {} : { root: nodeRoot }),
    ...(loaded === undefined ? {} : { objects: loaded.objects }),
    ...(options.benchmark === undefined ? {} : { requested: options.benchmark }),
  });
  const detected = targets ?? (openshiftObjects ? [...OBJECT_TARGETS] : detectTargets(facts, loaded !== undefined));
  // Custom checks cover only the targets their controls files declare.
  const selected = options.configDir === undefined ? detected : detected.filter((t) => chosen.benchmark.controls.some((c) => c.target === t));
  // A managed-cluster profile's control plane and managed-services sections are about the cloud account, not this node: run them too.
  if (targets === undefined && chosen.benchmark.controls.some((c) => c.target === 'managedservices')) {
    for (const t of ['controlplane', 'managedservices'] as const) if (!selected.includes(t)) selected.push(t);
    selected.sort((a, b) => TARGETS.indexOf(a) - TARGETS.indexOf(b));
  }
  if (selected.length === 0) {
    throw new KubefortError(`no Kubernetes component found under ${options.facts ?? options.root ?? '/'} (no kube-apiserver, etcd or kubelet); pass --targets to check anyway`);
  }
  reportCollectWarnings(facts, ctx);
  const result = markUnreadable(evaluate({
    facts,
    benchmark: chosen.benchmark,
    benchmarkReason: ocp === undefined || given.benchmark !== undefined ? chosen.reason : chosen.reason.replace(`chosen with --benchmark ${ocp.benchmark}`, `chosen with ${ocp.shown}`),
    ...(loaded === undefined ? {} : loaded),
    selection: { ...selection, targets: selected },
  }), chosen.benchmark, live?.live.unreadable.map((u) => u.kind) ?? []);
  return { result, facts, options };
}

/** Whether the result fails the gate at this level. */
export function failsGate(result: BenchResult, failOn: FailOn): boolean {
  const t = result.total;
  if (failOn === 'never') return false;
  if (failOn === 'fail') return t.fail > 0;
  if (failOn === 'violation') return t.fail > 0 || t.violated > 0;
  return t.fail > 0 || t.warn > 0;
}

export async function runBench(options: BenchOptions, ctx: CliContext): Promise<ExitCode> {
  const output = outputFormat(options);
  const run = await benchRun(options, ctx);
  const { result, facts } = run;
  // The manifest validation (MV checks) judges the facts this run collected; the node is not read twice.
  const validation = await benchValidation(run.options, ctx, result, facts);
  const report = output === 'json'
    ? renderCisJson(result, { noRemediations: options.noremediations === true, ...(validation.findings ? { validation: validation.findings } : {}) })
    : output === 'junit'
      ? renderCisJunit(result, { failOn: options.failOn, ...(validation.findings ? { validation: validation.findings } : {}) })
      : validation.text + renderCisText(result, {
        color: ctx.color,
        noRemediations: options.noremediations === true,
        noSummary: options.nosummary === true,
        noTotals: options.nototals === true,
        includeEvidence: includeEvidence(options),
      });
  if (options.outputfile === undefined) ctx.stdout(report);
  else writeReport(resolve(ctx.cwd, options.outputfile), options.outputfile, report);
  const manifestsFail = validation.fails && options.failOn !== 'never';
  return failsGate(result, options.failOn) || manifestsFail ? ExitCode.findings : ExitCode.ok;
}

function writeReport(path: string, shown: string, report: string): void {
  try {
    writeFileSync(path, report);
  } catch (error) {
    throw new InputError(`cannot write --outputfile ${shown}: ${strerror(error)}`, { file: shown }, { cause: error });
  }
}
