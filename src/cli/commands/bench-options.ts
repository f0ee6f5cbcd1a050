import type { Command } from 'commander';
import { BENCHMARK_NAMES, parseKubernetesVersion } from '../../cis/benchmarks/index.js';
import { TARGETS, type Target } from '../../cis/model.js';
import { UsageError } from '../../domain/errors.js';
import { choiceOption, colorOption } from '../program.js';
import { boolOption, listOption } from '../options.js';

export const OUTPUTS = ['text', 'json', 'junit'] as const;
export type BenchOutput = (typeof OUTPUTS)[number];
/** fail: a FAIL; violation: a FAIL or a Manual check whose test found violations; warn: any FAIL or WARN. */
export const FAIL_ON = ['fail', 'violation', 'warn', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface BenchOptions {
  root?: string;
  facts?: string;
  k8sVersion?: string;
  k3sLog?: string;
  /** kube-bench's --version: the Kubernetes version to pick the benchmark by. */
  version?: string;
  benchmark?: string;
  targets?: string[];
  check?: string[];
  group?: string[];
  skip?: string[];
  scored?: boolean;
  unscored?: boolean;
  noremediations?: boolean;
  nosummary?: boolean;
  nototals?: boolean;
  includeEvidence?: boolean;
  includeTestOutput?: boolean;
  manifests?: string[];
  /** A kube-bench cfg directory (config.yaml + <benchmark>/*.yaml) whose checks run instead of the bundled benchmarks. */
  configDir?: string;
  output?: BenchOutput;
  json?: boolean;
  junit?: boolean;
  outputfile?: string;
  failOn: FailOn;
}

function paths(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The flags of `bench` and of its kube-bench spelling `bench run`. */
export function defineBenchOptions(command: Command): Command {
  return command
    .option('--root <dir>', 'where the node\'s filesystem is mounted (e.g. /host in a container) (default: "/")')
    .option('--facts <file>', 'judge facts saved by `kubefort collect` instead of reading the node')
    .option('--k8s-version <version>', 'Kubernetes version to pick the benchmark by, instead of detecting it (e.g. 1.32 or v1.32.4)')
    .option('--version <version>', 'same as --k8s-version (kube-bench\'s flag; `kubefort --version` prints kubefort\'s version)')
    .addOption(choiceOption('--benchmark <name>', 'benchmark to run instead of the one matching the version', BENCHMARK_NAMES))
    .addOption(listOption('-s, --targets <list>', `targets to run: ${TARGETS.join(', ')} (default: what runs on this node)`))
    .addOption(listOption('-c, --check <ids>', 'run only these checks, e.g. 1.2.1,4.2.4'))
    .addOption(listOption('-g, --group <ids>', 'run only these groups, e.g. 1.2,4.2'))
    .addOption(listOption('--skip <ids>', 'report these checks or groups as INFO "skipped", e.g. 1.1,4.2.6'))
    .addOption(boolOption('--scored', 'run scored (Automated) checks; alone: only those; =false: leave them out'))
    .addOption(boolOption('--unscored', 'run unscored (Manual) checks; alone: only those; =false: leave them out'))
    .addOption(boolOption('--noremediations', 'leave out the remediations'))
    .addOption(boolOption('--nosummary', 'leave out the summaries'))
    .addOption(boolOption('--nototals', 'leave out the total summary'))
    .addOption(boolOption('--include-evidence', 'show under each check why, the actual values and where they came from (file:line)'))
    .addOption(boolOption('--include-test-output', 'same as --include-evidence (kube-bench\'s flag)'))
    .option('--manifests <path>', 'cluster objects (YAML/JSON file, folder or - for stdin, e.g. `kubectl get -A -o yaml` output) for the section 5 policy checks; may be repeated', paths)
    .option('--k3s-log <file>', 'on a k3s node: a text export of its log (`journalctl -u k3s > FILE`); the last "Running <component>" lines give the embedded components\' arguments (kubefort never runs journalctl)')
    .option('--config-dir <dir>', 'run kube-bench-format checks from DIR (config.yaml + <benchmark>/*.yaml); audits are matched to the collected facts, never run through a shell')
    .addOption(choiceOption('-o, --output <format>', 'report format (default: text)', OUTPUTS))
    .addOption(boolOption('--json', 'same as --output json (kube-bench\'s flag)'))
    .addOption(boolOption('--junit', 'same as --output junit (kube-bench\'s flag)'))
    .option('--outputfile <file>', 'write the report to this file instead of standard output')
    .addOption(colorOption())
    .addOption(choiceOption('--fail-on <level>', 'exit 1 when a check FAILs (fail); FAILs or was checked and violated (violation); FAILs or WARNs (warn); or never', FAIL_ON, 'fail'));
}

/** One output format; --output and kube-bench's --json/--junit must agree. */
export function outputFormat(options: BenchOptions): BenchOutput {
  const flags: BenchOutput[] = [];
  if (options.json === true) flags.push('json');
  if (options.junit === true) flags.push('junit');
  if (options.output !== undefined) flags.push(options.output);
  const distinct = [...new Set(flags)];
  if (distinct.length > 1) throw new UsageError(`conflicting output formats: ${distinct.join(' and ')} (give one of --output, --json, --junit)`);
  return distinct[0] ?? 'text';
}

export function parseTargets(names: readonly string[] | undefined): Target[] | undefined {
  if (names === undefined) return undefined;
  for (const name of names) {
    if (!(TARGETS as readonly string[]).includes(name)) throw new UsageError(`unknown target "${name}"`, TARGETS);
  }
  return [...new Set(names)] as Target[];
}

/** --k8s-version and kube-bench's --version are one setting; a version that is not one is a usage error. */
export function requestedVersion(options: BenchOptions): string | undefined {
  const given = [options.k8sVersion, options.version].filter((v): v is string => v !== undefined);
  const [first, second] = given;
  if (first !== undefined && second !== undefined && first !== second) {
    throw new UsageError(`--k8s-version ${first} and --version ${second} disagree; give one`);
  }
  if (first !== undefined && parseKubernetesVersion(first) === undefined) {
    throw new UsageError(`--k8s-version ${first}: not a Kubernetes version such as 1.32 or v1.32.4`);
  }
  return first;
}

/**
 * Neither flag = everything; `--scored` alone = only scored checks (kubefort's habit); `--scored=false`
 * = leave scored checks out (kube-bench's spelling, where both default to true).
 */
export function scoredSelection(options: BenchOptions): { scored: boolean; unscored: boolean } {
  const scored = options.scored ?? options.unscored !== true;
  const unscored = options.unscored ?? options.scored !== true;
  if (!scored && !unscored) throw new UsageError('--scored=false and --unscored=false together select no check');
  return { scored, unscored };
}

export function includeEvidence(options: BenchOptions): boolean {
  return options.includeEvidence === true || options.includeTestOutput === true;
}
