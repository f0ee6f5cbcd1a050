import { UsageError } from '../../domain/errors.js';
import type { BenchmarkDef, CheckDef, ControlsDef, GroupDef } from '../model.js';
import { CIS_1_7 } from './cis-1.7/index.js';
import { CIS_1_8 } from './cis-1.8/index.js';
import { CIS_1_9 } from './cis-1.9/index.js';
import { CIS_1_10 } from './cis-1.10/index.js';
import { CIS_1_11 } from './cis-1.11/index.js';
import { CIS_1_12 } from './cis-1.12/index.js';
import { CIS_1_23 } from './cis-1.23/index.js';
import { CIS_1_24 } from './cis-1.24/index.js';
import { CIS_2_0 } from './cis-2.0/index.js';
import { AKS_1_7 } from '../profiles/aks-1.7.js';
import { AKS_1_8 } from '../profiles/aks-1.8.js';
import { EKS_1_5_0 } from '../profiles/eks-1.5.0.js';
import { EKS_1_7_0 } from '../profiles/eks-1.7.0.js';
import { EKS_1_8_0 } from '../profiles/eks-1.8.0.js';
import { OPENSHIFT_PROFILES } from '../profiles/rh.js';
import { GKE_1_6_0 } from '../profiles/gke-1.6.0.js';
import { GKE_1_8_0 } from '../profiles/gke-1.8.0.js';
import { GKE_1_9_0 } from '../profiles/gke-1.9.0.js';
import { RKE2_CIS_1_23 } from '../profiles/rke2-cis-1.23.js';
import { RKE2_CIS_1_24 } from '../profiles/rke2-cis-1.24.js';
import { RKE2_CIS_1_7 } from '../profiles/rke2-cis-1.7.js';
import { RKE2_CIS_1_8 } from '../profiles/rke2-cis-1.8.js';
import { K3S_PROFILES } from '../profiles/k3s.js';
import { RKE2_CIS_1_9 } from '../profiles/rke2-cis-1.9.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Bundled benchmarks, oldest Kubernetes first (CIS renumbered after V1.24: v1.7 follows the 1.24 benchmark).
 * Each older one is a delta on its successor (src/cis/benchmarks/cis-<v>/index.ts says what changed), so
 * they share one check library. Frozen: running checks can never change a definition.
 */
export const BENCHMARKS: readonly BenchmarkDef[] = deepFreeze([CIS_1_23, CIS_1_24, CIS_1_7, CIS_1_8, CIS_1_9, CIS_1_10, CIS_1_11, CIS_1_12, CIS_2_0]);
export const NEWEST = BENCHMARKS[BENCHMARKS.length - 1] as BenchmarkDef;
/** Distribution profiles (src/cis/profiles): chosen with --benchmark, or for the platform detected on the node. */
export const PROFILE_BENCHMARKS: readonly BenchmarkDef[] = deepFreeze([RKE2_CIS_1_23, RKE2_CIS_1_24, RKE2_CIS_1_7, RKE2_CIS_1_8, RKE2_CIS_1_9, EKS_1_5_0, EKS_1_7_0, EKS_1_8_0, GKE_1_6_0, GKE_1_8_0, GKE_1_9_0, AKS_1_7, AKS_1_8, ...K3S_PROFILES, ...OPENSHIFT_PROFILES]);
export const BENCHMARK_NAMES: readonly string[] = [...BENCHMARKS, ...PROFILE_BENCHMARKS].map((b) => b.name);

export function benchmarkByName(name: string): BenchmarkDef {
  const found = [...BENCHMARKS, ...PROFILE_BENCHMARKS].find((b) => b.name === name);
  if (!found) throw new UsageError(`unknown benchmark "${name}"`, BENCHMARK_NAMES);
  return found;
}

/**
 * The kube-bench commit the version maps were read at: cfg/config.yaml `version_mapping` (CIS benchmarks by
 * Kubernetes minor) and cmd/util.go `getPlatformBenchmarkVersion` (the profile for a platform and minor).
 */
export const KUBE_BENCH_MAP_SOURCE = {
  config: 'aquasecurity/kube-bench cfg/config.yaml@c4fd3ecb647b9d9affbf01a0f5a60e8385a9fe22',
  platforms: 'aquasecurity/kube-bench cmd/util.go@8ff7c8502cb8e427e9a8511005f328ba6ae2fe85',
} as const;

/**
 * Which benchmark covers which Kubernetes minor, exactly as kube-bench's cfg/config.yaml `version_mapping`
 * (KUBE_BENCH_MAP_SOURCE.config): 1.22–1.23 -> cis-1.23, 1.24 -> cis-1.24, 1.25 -> cis-1.7, 1.26 -> cis-1.8,
 * 1.27 -> cis-1.9, 1.28 -> cis-1.10, 1.29–1.31 -> cis-1.11, 1.32–1.33 -> cis-1.12, 1.34–1.35 -> cis-2.0.
 * Minors outside the map get the nearest mapped minor's benchmark, with a note.
 */
export const BENCHMARK_FOR_MINOR: Readonly<Record<string, string>> = Object.freeze({
  '1.22': 'cis-1.23',
  '1.23': 'cis-1.23',
  '1.24': 'cis-1.24',
  '1.25': 'cis-1.7',
  '1.26': 'cis-1.8',
  '1.27': 'cis-1.9',
  '1.28': 'cis-1.10',
  '1.29': 'cis-1.11',
  '1.30': 'cis-1.11',
  '1.31': 'cis-1.11',
  '1.32': 'cis-1.12',
  '1.33': 'cis-1.12',
  '1.34': 'cis-2.0',
  '1.35': 'cis-2.0',
});

/**
 * kube-bench's version_mapping entries for minors whose benchmark kubefort does not bundle (CIS 1.5, 1.6 and
 * 1.20 judge flags and plugins those old releases had): such a minor gets the nearest bundled benchmark, and
 * the note names the one kube-bench would run.
 */
export const UNBUNDLED_FOR_MINOR: Readonly<Record<string, string>> = Object.freeze({
  '1.15': 'cis-1.5',
  '1.16': 'cis-1.6',
  '1.17': 'cis-1.6',
  '1.18': 'cis-1.6',
  '1.19': 'cis-1.20',
  '1.20': 'cis-1.20',
  '1.21': 'cis-1.20',
});

/**
 * Every check and group id of every bundled benchmark, as one pseudo-benchmark: a selection (--check,
 * --group, --skip) is validated against it before the node is read, when the benchmark is not known yet;
 * the chosen benchmark validates it again.
 */
export const ANY_BENCHMARK: BenchmarkDef = deepFreeze(unionOf([...BENCHMARKS, ...PROFILE_BENCHMARKS]));

function unionOf(benchmarks: readonly BenchmarkDef[]): BenchmarkDef {
  const groups = new Map<string, { section: ControlsDef; group: GroupDef; checks: Map<string, CheckDef> }>();
  for (const section of benchmarks.flatMap((b) => b.controls)) {
    for (const group of section.groups) {
      const entry = groups.get(group.id) ?? { section, group, checks: new Map<string, CheckDef>() };
      for (const check of group.checks) if (!entry.checks.has(check.id)) entry.checks.set(check.id, check);
      groups.set(group.id, entry);
    }
  }
  const controls = [...groups.values()].map(({ section, group, checks }): ControlsDef => ({ ...section, groups: [{ ...group, checks: [...checks.values()] }] }));
  return { name: 'any bundled benchmark', title: 'every bundled benchmark', kubernetes: [benchmarks[0]?.kubernetes[0] ?? '', NEWEST.kubernetes[1]], controls };
}

export interface KubernetesVersion {
  major: number;
  minor: number;
  /** `1.32`. */
  shown: string;
}

/** `1.32`, `v1.32`, `v1.32.4`, `1.32.4-eks-1234` (what --k8s-version, kube-bench's --version and images spell). */
export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = /^v?(\d{1,3})\.(\d{1,3})(?:\.\d{1,5})?(?:[-+][0-9A-Za-z.+-]*)?$/.exec(text.trim());
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return { major, minor, shown: `${major}.${minor}` };
}

function key(v: KubernetesVersion): number {
  return v.major * 1000 + v.minor;
}

/** The collector's "not detected: <why>" without the repetition. */
function notDetected(source: string): string {
  return source.replace(/^not detected:?\s*/, '');
}

function covers(benchmark: BenchmarkDef): string {
  return `covers ${benchmark.kubernetes.join('–')}`;
}

/**
 * The benchmark for a Kubernetes version (BENCHMARK_FOR_MINOR); one without its own benchmark gets the
 * nearest mapped minor's, saying so; undetected -> the newest, saying so — never silently an old one.
 * `source` says where the version came from (`--k8s-version`, an image), for the one line reports print.
 */
export function selectBenchmark(version: string | undefined, requested?: string, source?: string): { benchmark: BenchmarkDef; reason: string } {
  const parsed = version === undefined ? undefined : parseKubernetesVersion(version);
  const from = version === undefined || source === undefined ? '' : `; ${version} from ${source}`;
  if (requested !== undefined) {
    const benchmark = benchmarkByName(requested);
    const detected = version === undefined ? `Kubernetes version not detected${source === undefined ? '' : ` (${notDetected(source)})`}` : `Kubernetes ${version}${source === undefined ? '' : ` from ${source}`}`;
    return { benchmark, reason: `chosen with --benchmark ${requested}; ${detected}` };
  }
  if (!parsed) {
    const why = version !== undefined ? ` (${version}${source === undefined ? '' : ` from ${source}`} is not a Kubernetes version)` : source === undefined ? '' : ` (${notDetected(source)})`;
    return { benchmark: NEWEST, reason: `Kubernetes version not detected${why}; using newest benchmark ${NEWEST.name}` };
  }
  const exact = BENCHMARK_FOR_MINOR[parsed.shown];
  if (exact !== undefined) {
    const benchmark = benchmarkByName(exact);
    return { benchmark, reason: `Kubernetes ${parsed.shown} -> ${benchmark.name} (${covers(benchmark)})${from}` };
  }
  const mapped = Object.keys(BENCHMARK_FOR_MINOR).map((m) => parseKubernetesVersion(m) as KubernetesVersion).sort((a, b) => key(a) - key(b));
  const older = key(parsed) < key(mapped[0] as KubernetesVersion);
  const nearest = older ? (mapped[0] as KubernetesVersion) : (mapped[mapped.length - 1] as KubernetesVersion);
  const benchmark = benchmarkByName(BENCHMARK_FOR_MINOR[nearest.shown] as string);
  const unbundled = UNBUNDLED_FOR_MINOR[parsed.shown];
  const own = unbundled === undefined ? 'has no benchmark of its own' : `maps to ${unbundled} in kube-bench, which is not bundled`;
  const why = unbundled === undefined ? `${older ? 'older' : 'newer'} than every bundled benchmark` : `older than every bundled benchmark`;
  return {
    benchmark,
    reason: `Kubernetes ${parsed.shown} ${own} (${why}); using the nearest, ${benchmark.name} (${covers(benchmark)})${from}`,
  };
}
