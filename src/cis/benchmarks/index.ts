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

function minor(version: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function compare(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * The benchmark for a Kubernetes version: the oldest bundled benchmark whose range covers it
 * (1.32–1.34 -> cis-1.12, 1.35 -> cis-2.0); newer than every range -> the newest; older -> the oldest,
 * saying so. Undetected -> the newest, saying so — never silently an old benchmark.
 */
export function selectBenchmark(version: string | undefined, requested?: string): { benchmark: BenchmarkDef; reason: string } {
  if (requested !== undefined) return { benchmark: benchmarkByName(requested), reason: `chosen with --benchmark ${requested}` };
  const parsed = version === undefined ? undefined : minor(version);
  if (!parsed) {
    return { benchmark: NEWEST, reason: `Kubernetes version not detected; using newest benchmark ${NEWEST.name}` };
  }
  const shown = `${parsed[0]}.${parsed[1]}`;
  for (const benchmark of BENCHMARKS) {
    const low = minor(benchmark.kubernetes[0]) as [number, number];
    const high = minor(benchmark.kubernetes[1]) as [number, number];
    if (compare(parsed, low) >= 0 && compare(parsed, high) <= 0) {
      return { benchmark, reason: `Kubernetes ${shown} -> ${benchmark.name} (covers ${benchmark.kubernetes.join('–')})` };
    }
  }
  const oldest = BENCHMARKS[0] as BenchmarkDef;
  if (compare(parsed, minor(oldest.kubernetes[0]) as [number, number]) < 0) {
    return { benchmark: oldest, reason: `Kubernetes ${shown} is older than every bundled benchmark; using the oldest, ${oldest.name} (covers ${oldest.kubernetes.join('–')})` };
  }
  return { benchmark: NEWEST, reason: `Kubernetes ${shown} is newer than every bundled benchmark; using the newest, ${NEWEST.name} (covers ${NEWEST.kubernetes.join('–')})` };
}
