import type { BenchmarkDef } from '../model.js';

/**
 * kube-bench's OpenShift mapping, read at aquasecurity/kube-bench cmd/util.go@8ff7c8502cb8e427e9a8511005f328ba6ae2fe85
 * (ocpBenchmark, getOcpValidVersion) and cfg/config.yaml@c4fd3ecb647b9d9affbf01a0f5a60e8385a9fe22 (version_mapping
 * `ocp-4.0: rh-1.0`, `ocp-4.11: rh-1.4`, `ocp-4.13: rh-1.8`, `ocp-4.14: rh-1.9`): OCP 4.1 → rh-1.0, 4.11 → rh-1.4,
 * 4.13 → rh-1.8, 4.14 → rh-1.9; getOcpValidVersion decrements a version until it is one of those, so 4.12 takes
 * rh-1.4 and 4.15+ rh-1.9. OpenShift 4.N ships Kubernetes 1.(N+13) (4.11 = 1.24, 4.15 = 1.28), so a node's
 * Kubernetes version names its OpenShift minor.
 */
export const OCP_MAP: readonly { from: number; benchmark: string }[] = [
  { from: 1, benchmark: 'rh-1.0' },
  { from: 11, benchmark: 'rh-1.4' },
  { from: 13, benchmark: 'rh-1.8' },
  { from: 14, benchmark: 'rh-1.9' },
];

/** `ocp-4.15`, `4.15`, `4.15.3` (what kube-bench's version_mapping keys and `oc version` spell) → 15. */
export function parseOcpVersion(text: string): number | undefined {
  const match = /^(?:ocp-)?4\.(\d{1,3})(?:\.\d{1,5})?$/.exec(text.trim());
  return match === null ? undefined : Number(match[1]);
}

export interface OcpChoice {
  benchmark: BenchmarkDef;
  /** `OpenShift 4.15 -> rh-1.8`, with a note when the mapped profile is not bundled or the version is newer. */
  reason: string;
}

/**
 * The profile for an OpenShift 4 minor among the bundled ones (`profiles`, oldest first). A mapped profile that
 * is not bundled (rh-1.0, rh-1.9) gives way to the nearest older bundled one, else the oldest bundled.
 */
export function profileForOcp(minor: number, profiles: readonly BenchmarkDef[]): OcpChoice {
  const entry = [...OCP_MAP].reverse().find((e) => minor >= e.from) ?? (OCP_MAP[0] as (typeof OCP_MAP)[number]);
  const bundled = profiles.find((p) => p.name === entry.benchmark);
  const newest = OCP_MAP[OCP_MAP.length - 1] as (typeof OCP_MAP)[number];
  const newer = entry === newest && minor > newest.from ? ` (newer than every mapped OpenShift version; ${newest.benchmark} is the newest)` : '';
  if (bundled !== undefined) return { benchmark: bundled, reason: `OpenShift 4.${minor} -> ${entry.benchmark}${newer}` };
  const older = [...OCP_MAP].reverse().filter((e) => e.from < entry.from).map((e) => profiles.find((p) => p.name === e.benchmark)).find((p) => p !== undefined);
  if (older !== undefined) return { benchmark: older, reason: `OpenShift 4.${minor} -> ${entry.benchmark}${newer}, which is not bundled; using the nearest older bundled OpenShift profile, ${older.name}` };
  const oldest = profiles[0] as BenchmarkDef;
  return { benchmark: oldest, reason: `OpenShift 4.${minor} -> ${entry.benchmark}, which is not bundled; using the oldest bundled OpenShift profile, ${oldest.name}` };
}

/** The OpenShift minor a Kubernetes minor ships in (1.28 → 15), for a node whose OpenShift version is not given. */
export function ocpMinorOfKubernetes(kubernetesMinor: number): number {
  return kubernetesMinor - 13;
}
