import type { BenchmarkDef } from '../model.js';

/**
 * kube-bench's OpenShift mapping (cfg/config.yaml version_mapping and its OpenShift version lookup): OCP 4.1 →
 * rh-1.0, 4.11 and 4.13 → rh-1.4, 4.15 → rh-1.8; a version between takes the mapped one below it, a newer one
 * the newest. OpenShift 4.N ships Kubernetes 1.(N+13) (4.11 = 1.24, 4.15 = 1.28), so a node's Kubernetes
 * version names its OpenShift minor.
 */
export const OCP_MAP: readonly { from: number; benchmark: string }[] = [
  { from: 1, benchmark: 'rh-1.0' },
  { from: 11, benchmark: 'rh-1.4' },
  { from: 15, benchmark: 'rh-1.8' },
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

/** The profile for an OpenShift 4 minor among the bundled ones (`profiles`, oldest first). */
export function profileForOcp(minor: number, profiles: readonly BenchmarkDef[]): OcpChoice {
  const entry = [...OCP_MAP].reverse().find((e) => minor >= e.from) ?? (OCP_MAP[0] as (typeof OCP_MAP)[number]);
  const bundled = profiles.find((p) => p.name === entry.benchmark);
  const newest = OCP_MAP[OCP_MAP.length - 1] as (typeof OCP_MAP)[number];
  const newer = entry === newest && minor > newest.from ? ` (newer than every mapped OpenShift version; ${newest.benchmark} is the newest)` : '';
  if (bundled !== undefined) return { benchmark: bundled, reason: `OpenShift 4.${minor} -> ${entry.benchmark}${newer}` };
  const oldest = profiles[0] as BenchmarkDef;
  return { benchmark: oldest, reason: `OpenShift 4.${minor} -> ${entry.benchmark}, which is not bundled; using the oldest bundled OpenShift profile, ${oldest.name}` };
}

/** The OpenShift minor a Kubernetes minor ships in (1.28 → 15), for a node whose OpenShift version is not given. */
export function ocpMinorOfKubernetes(kubernetesMinor: number): number {
  return kubernetesMinor - 13;
}
