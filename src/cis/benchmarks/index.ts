import { UsageError } from '../../domain/errors.js';
import type { BenchmarkDef } from '../model.js';
import { CIS_1_12 } from './cis-1.12/index.js';
import { CIS_2_0 } from './cis-2.0/index.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Bundled benchmarks, oldest first. Frozen: running checks can never change a definition. */
export const BENCHMARKS: readonly BenchmarkDef[] = deepFreeze([CIS_1_12, CIS_2_0]);
export const BENCHMARK_NAMES: readonly string[] = BENCHMARKS.map((b) => b.name);
export const NEWEST = BENCHMARKS[BENCHMARKS.length - 1] as BenchmarkDef;

export function benchmarkByName(name: string): BenchmarkDef {
  const found = BENCHMARKS.find((b) => b.name === name);
  if (!found) throw new UsageError(`unknown benchmark "${name}"`, BENCHMARK_NAMES);
  return found;
}

/**
 * Which benchmark covers which Kubernetes minor, as kube-bench's config.yaml `version_mapping` does. A new
 * benchmark (issue 8) is one entry in BENCHMARKS and its minors here; 1.34 stays with cis-1.12, the first
 * benchmark written for it. Minors outside the map get the nearest mapped minor's benchmark, with a note.
 */
export const BENCHMARK_FOR_MINOR: Readonly<Record<string, string>> = Object.freeze({
  '1.32': 'cis-1.12',
  '1.33': 'cis-1.12',
  '1.34': 'cis-1.12',
  '1.35': 'cis-2.0',
});

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
  return {
    benchmark,
    reason: `Kubernetes ${parsed.shown} has no benchmark of its own (${older ? 'older' : 'newer'} than every bundled benchmark); using the nearest, ${benchmark.name} (${covers(benchmark)})${from}`,
  };
}
