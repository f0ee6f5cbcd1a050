import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { collectNodeFacts } from '../../collect/node/index.js';
import { loadObjects } from '../../collect/objects.js';
import { BENCHMARK_NAMES, selectBenchmark } from '../../cis/benchmarks/index.js';
import { detectTargets, evaluate, validateSelection } from '../../cis/evaluate.js';
import { TARGETS, type Target } from '../../cis/model.js';
import type { BenchResult } from '../../cis/result.js';
import { ExitCode, KubefortError, UsageError } from '../../domain/errors.js';
import type { NodeFacts } from '../../domain/node-facts.js';
import { renderCisJson } from '../../report/cis-json.js';
import { renderCisJunit } from '../../report/cis-junit.js';
import { renderCisText } from '../../report/cis-text.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { addObjectSourceOptions, liveSet } from '../object-source.js';
import { markUnreadable } from '../../scan/cis-unreadable.js';

export interface BenchOptions {
  root: string;
  facts?: string;
  k8sVersion?: string;
  benchmark?: string;
  targets?: string;
  check?: string;
  group?: string;
  skip?: string;
  scored?: boolean;
  unscored?: boolean;
  noremediations?: boolean;
  nosummary?: boolean;
  includeEvidence?: boolean;
  manifests?: string;
  output: 'text' | 'json' | 'junit';
  /** kube-bench's spellings of --output json / --output junit. */
  json?: boolean;
  junit?: boolean;
  failOn: 'fail' | 'warn' | 'never';
}

export function registerBench(program: Command, ctx: CliContext, state: RunState): void {
  addObjectSourceOptions(program.command('bench'), ctx, { liveWithoutPaths: false })
    .description('Run the CIS Kubernetes benchmark on this node (kube-bench\'s job): collect the node\'s facts and judge ' +
      'them, or judge facts saved by `kubefort collect`. Reads only; starts no processes.')
    .option('--root <dir>', 'where the node\'s filesystem is mounted (e.g. /host in a container)', '/')
    .option('--facts <file>', 'judge facts saved by `kubefort collect` instead of reading the node')
    .option('--k8s-version <version>', 'Kubernetes version to pick the benchmark by, instead of detecting it (e.g. v1.32.4)')
    .addOption(choiceOption('--benchmark <name>', 'benchmark to run instead of the one matching the version', BENCHMARK_NAMES))
    .option('--targets <list>', `comma list of ${TARGETS.join(', ')} (default: what runs on this node)`)
    .option('--check <ids>', 'run only these checks, e.g. 1.2.1,4.2.4')
    .option('--group <ids>', 'run only these groups, e.g. 1.2,4.2')
    .option('--skip <ids>', 'report these checks or groups as INFO "skipped", e.g. 1.1,4.2.6')
    .option('--scored', 'run only scored (Automated) checks')
    .option('--unscored', 'run only unscored (Manual) checks')
    .option('--noremediations', 'leave out the remediations')
    .option('--nosummary', 'leave out the summaries')
    .option('--include-evidence', 'show under each check why, the actual values and where they came from (file:line)')
    .option('--manifests <dir>', 'cluster objects (YAML/JSON, e.g. `kubectl get -A -o yaml` output) for the section 5 policy checks')
    .addOption(choiceOption('--output <format>', 'report format', ['text', 'json', 'junit'], 'text'))
    .option('--json', 'same as --output json (kube-bench\'s flag)')
    .option('--junit', 'same as --output junit (kube-bench\'s flag)')
    .addOption(choiceOption('--fail-on <level>', 'exit 1 when a check FAILs (fail), FAILs or WARNs (warn), or never', ['fail', 'warn', 'never'], 'fail'))
    .addHelpText('after', `
Benchmarks: cis-1.12 (Kubernetes 1.32-1.34), cis-2.0 (1.34-1.35). The version comes from --k8s-version, else the
component images or binaries; when it cannot be detected the report says so and the newest benchmark is used.
Targets: master (section 1), etcd (2), controlplane (3), node (4), policies (5).
Status: PASS, FAIL (a scored check fails), WARN (a Manual check fails or needs a person; a file could not be read;
cluster objects are missing), INFO (not applicable here, or skipped).
Exit codes: 0 nothing FAILs, 1 a check FAILs (see --fail-on), 2 usage or runtime error.
Examples:
  kubefort bench                                   # on a node
  kubefort bench --root /host --targets node       # in a container with the host mounted at /host
  kubefort bench --facts node.json --output json   # judge facts saved by kubefort collect
  kubefort bench --check 1.2.1 --include-evidence`)
    .action(async (options: BenchOptions) => {
      state.exitCode = await runBench(options, ctx);
    });
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parseTargets(value: string | undefined): Target[] | undefined {
  const names = list(value);
  if (names === undefined) return undefined;
  for (const name of names) {
    if (!(TARGETS as readonly string[]).includes(name)) throw new UsageError(`unknown target "${name}"`, TARGETS);
  }
  return names as Target[];
}

async function readFacts(options: BenchOptions, ctx: CliContext): Promise<NodeFacts> {
  if (options.facts !== undefined) {
    if (options.root !== '/') throw new UsageError('--facts and --root exclude each other: facts were already collected');
    // zod is loaded only to validate saved facts; a plain `bench` run does not pay its start-up cost.
    const { readFactsFile } = await import('../../cis/facts-schema.js');
    const facts = readFactsFile(resolve(ctx.cwd, options.facts), options.facts);
    if (options.k8sVersion !== undefined) facts.kubernetesVersion = { version: options.k8sVersion, source: '--k8s-version' };
    return facts;
  }
  const facts = collectNodeFacts({ root: resolve(ctx.cwd, options.root), now: ctx.now(), ...(options.k8sVersion === undefined ? {} : { k8sVersion: options.k8sVersion }) });
  facts.root = options.root;
  return facts;
}

export async function benchResult(options: BenchOptions, ctx: CliContext): Promise<BenchResult> {
  const targets = parseTargets(options.targets);
  const { benchmark, reason } = selectBenchmark(options.k8sVersion, options.benchmark);
  // Usage errors first, before reading the node (the bundled benchmarks share their ids).
  const selection = {
    ...optional('checks', list(options.check)),
    ...optional('groups', list(options.group)),
    ...optional('skip', list(options.skip)),
    // Neither flag = everything; one flag = only that class; both = everything.
    scored: options.scored === true || options.unscored !== true,
    unscored: options.unscored === true || options.scored !== true,
  };
  validateSelection(benchmark, selection, options.benchmark ?? (options.k8sVersion === undefined ? 'the bundled benchmarks' : benchmark.name));
  let objects;
  let manifests: BenchResult['manifests'];
  const live = liveSet(options);
  if (live !== undefined) {
    if (options.manifests !== undefined) throw new UsageError('--manifests and --live exclude each other');
    ({ objects } = live);
    manifests = { files: 0, objects: live.objects.length, errors: live.live.unreadable.map((u) => u.message) };
  } else if (options.manifests !== undefined) {
    const dir = resolve(ctx.cwd, options.manifests);
    if (!existsSync(dir)) throw new UsageError(`--manifests ${options.manifests}: no such file or directory`);
    const set = loadObjects([dir]);
    objects = set.objects;
    manifests = { files: set.files.length, objects: set.objects.length, errors: set.errors.map((e) => e.message) };
  }
  const facts = await readFacts(options, ctx);
  const chosen = options.k8sVersion === undefined && options.benchmark === undefined ? selectBenchmark(facts.kubernetesVersion.version) : { benchmark, reason };
  const selected = targets ?? detectTargets(facts, objects !== undefined);
  if (selected.length === 0) {
    throw new KubefortError(`no Kubernetes component found under ${options.facts ?? options.root} (no kube-apiserver, etcd or kubelet); pass --targets to check anyway`);
  }
  return markUnreadable(evaluate({
    facts,
    benchmark: chosen.benchmark,
    benchmarkReason: chosen.reason,
    ...(objects === undefined ? {} : { objects, manifests }),
    selection: { ...selection, targets: selected },
  }), chosen.benchmark, live?.live.unreadable.map((u) => u.kind) ?? []);
}

function optional<K extends string>(key: K, value: string[] | undefined): Partial<Record<K, string[]>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string[]>);
}

function outputFormat(options: BenchOptions): BenchOptions['output'] {
  if (options.json && options.junit) throw new UsageError('--json and --junit exclude each other');
  if ((options.json || options.junit) && options.output !== 'text') throw new UsageError('--json/--junit and --output exclude each other');
  return options.json ? 'json' : options.junit ? 'junit' : options.output;
}

export async function runBench(options: BenchOptions, ctx: CliContext): Promise<ExitCode> {
  const output = outputFormat(options);
  const result = await benchResult(options, ctx);
  if (output === 'json') ctx.stdout(renderCisJson(result, { noRemediations: options.noremediations === true }));
  else if (output === 'junit') ctx.stdout(renderCisJunit(result));
  else {
    ctx.stdout(renderCisText(result, {
      color: ctx.color,
      noRemediations: options.noremediations === true,
      noSummary: options.nosummary === true,
      includeEvidence: options.includeEvidence === true,
    }));
  }
  const failed = result.total.fail > 0 || (options.failOn === 'warn' && result.total.warn > 0);
  return options.failOn !== 'never' && failed ? ExitCode.findings : ExitCode.ok;
}
