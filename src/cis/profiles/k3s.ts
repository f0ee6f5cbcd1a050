import type { BenchmarkDef } from '../model.js';
import { K3S_CIS_1_23 } from './k3s-cis-1.23.js';
import { K3S_CIS_1_24 } from './k3s-cis-1.24.js';
import { K3S_CIS_1_7 } from './k3s-cis-1.7.js';
import { K3S_CIS_1_8 } from './k3s-cis-1.8.js';

/** k3s's self-assessment profiles, as kube-bench ships them (cfg/k3s-cis-*). */
export const K3S_PROFILES: readonly BenchmarkDef[] = [K3S_CIS_1_23, K3S_CIS_1_24, K3S_CIS_1_7, K3S_CIS_1_8];

/**
 * The k3s profile for a Kubernetes minor, by kube-bench's cfg/config.yaml version_mapping: it maps the minor to
 * a CIS benchmark (1.22–1.23 -> cis-1.23, 1.24 -> cis-1.24, 1.25 -> cis-1.7, 1.26 -> cis-1.8) and lists
 * k3s-cis-<same> beside it; a minor past the newest k3s profile takes the newest, with a note.
 */
const K3S_FOR_MINOR: Readonly<Record<string, string>> = { '1.22': 'k3s-cis-1.23', '1.23': 'k3s-cis-1.23', '1.24': 'k3s-cis-1.24', '1.25': 'k3s-cis-1.7', '1.26': 'k3s-cis-1.8' };

export function k3sProfileFor(minor: string | undefined): { benchmark: BenchmarkDef; note: string } | undefined {
  if (minor === undefined) return undefined;
  const name = K3S_FOR_MINOR[minor];
  const found = K3S_PROFILES.find((b) => b.name === name);
  return found === undefined ? undefined : { benchmark: found, note: `k3s on Kubernetes ${minor} -> ${found.name} (kube-bench: ${minor} -> ${found.name.slice('k3s-'.length)})` };
}
