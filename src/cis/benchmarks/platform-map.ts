/**
 * Which profile kube-bench runs for a platform and Kubernetes minor: cmd/util.go getPlatformBenchmarkVersion
 * (eksBenchmark, gkeBenchmark, aksBenchmark, rke2Benchmark, k3sBenchmark), read at KUBE_BENCH_MAP_SOURCE.platforms.
 * Each function is a `switch` on the minor with a `default`; `minors` holds its explicit cases, `otherwise` its
 * default. OpenShift (ocpBenchmark) is chosen by OpenShift version, not Kubernetes minor: src/cis/openshift/versions.ts.
 */
export type MappedPlatform = 'eks' | 'gke' | 'aks' | 'rke2' | 'k3s';

export interface PlatformMap {
  /** kube-bench's explicit cases: minor -> profile. */
  minors: Readonly<Record<string, string>>;
  /** kube-bench's `default:` branch. */
  otherwise: string;
  /**
   * What kubefort runs when kube-bench's profile is not bundled: the nearest bundled profile of the platform
   * (managed services: the node and cloud checks still fit), or the CIS benchmark mapped for the minor
   * (distributions: an RKE2 self-assessment of another CIS version would judge the wrong flags).
   */
  unbundled: 'nearest-profile' | 'cis';
  /** The platform's kube-bench profiles, oldest first. */
  order: readonly string[];
}

const each = (minors: readonly string[], profile: string): Record<string, string> => Object.fromEntries(minors.map((m) => [m, profile]));

export const PLATFORM_MAPS: Readonly<Record<MappedPlatform, PlatformMap>> = {
  eks: {
    minors: { ...each(['1.15', '1.16', '1.17', '1.18', '1.19'], 'eks-1.0.1'), ...each(['1.29', '1.30', '1.31'], 'eks-1.7.0'), ...each(['1.32', '1.33', '1.34'], 'eks-1.8.0') },
    otherwise: 'eks-1.5.0',
    unbundled: 'nearest-profile',
    order: ['eks-1.0.1', 'eks-1.5.0', 'eks-1.7.0', 'eks-1.8.0'],
  },
  gke: {
    minors: {
      ...each(['1.15', '1.16', '1.17', '1.18', '1.19'], 'gke-1.0'),
      ...each(['1.20', '1.21', '1.22', '1.23', '1.24', '1.25', '1.26', '1.27'], 'gke-1.2.0'),
      ...each(['1.28', '1.29'], 'gke-1.6.0'),
      '1.30': 'gke-1.8.0',
      ...each(['1.31', '1.32', '1.33', '1.34'], 'gke-1.9.0'),
    },
    otherwise: 'gke-1.9.0',
    unbundled: 'nearest-profile',
    order: ['gke-1.0', 'gke-1.2.0', 'gke-1.6.0', 'gke-1.8.0', 'gke-1.9.0'],
  },
  aks: {
    minors: { ...each(['1.19', '1.20', '1.21', '1.22', '1.23', '1.24'], 'aks-1.0'), ...each(['1.29', '1.30', '1.31'], 'aks-1.7') },
    otherwise: 'aks-1.8',
    unbundled: 'nearest-profile',
    order: ['aks-1.0', 'aks-1.7', 'aks-1.8'],
  },
  rke2: {
    minors: { '1.23': 'rke2-cis-1.23', '1.24': 'rke2-cis-1.24', '1.25': 'rke2-cis-1.7', '1.26': 'rke2-cis-1.8', ...each(['1.27', '1.28', '1.29'], 'rke2-cis-1.9') },
    otherwise: 'rke2-cis-1.9',
    unbundled: 'cis',
    order: ['rke2-cis-1.23', 'rke2-cis-1.24', 'rke2-cis-1.7', 'rke2-cis-1.8', 'rke2-cis-1.9'],
  },
  k3s: {
    minors: {
      ...each(['1.22', '1.23'], 'k3s-cis-1.23'), '1.24': 'k3s-cis-1.24', '1.25': 'k3s-cis-1.7', '1.26': 'k3s-cis-1.8', '1.27': 'k3s-cis-1.9',
      '1.28': 'k3s-cis-1.10', ...each(['1.29', '1.30', '1.31', '1.32'], 'k3s-cis-1.11'),
    },
    otherwise: 'k3s-cis-1.11',
    unbundled: 'cis',
    order: ['k3s-cis-1.23', 'k3s-cis-1.24', 'k3s-cis-1.7', 'k3s-cis-1.8', 'k3s-cis-1.9', 'k3s-cis-1.10', 'k3s-cis-1.11'],
  },
};

const minorKey = (minor: string): number => {
  const [major, m] = minor.split('.').map(Number);
  return (major ?? 0) * 1000 + (m ?? 0);
};

export interface PlatformPick {
  /** The profile kube-bench would run (its explicit case, else its default). */
  kubeBench: string;
  /** The bundled profile kubefort runs; undefined: use the CIS benchmark mapped for the minor. */
  profile?: string;
  /** Why, for the report line (`kube-bench's eks map: 1.30 -> eks-1.7.0`): the map entry, or what was substituted and why. */
  note: string;
}

/**
 * kube-bench's choice for `platform` on Kubernetes `minor` (`1.30`), and what kubefort runs: the same profile
 * when bundled. kube-bench's `default:` also catches minors outside its cases; kubefort gives a minor newer
 * than every case the newest bundled profile of a managed service (kube-bench's default may be older, e.g.
 * eks-1.5.0 for EKS 1.35) and one older than every case the oldest bundled profile (kube-bench would run
 * rke2-cis-1.9 on RKE2 1.22). An unbundled profile becomes the nearest bundled one, or — for a distribution —
 * the CIS benchmark. The note says which and why.
 */
export function pickPlatformProfile(platform: MappedPlatform, minor: string, bundled: (name: string) => boolean): PlatformPick {
  const map = PLATFORM_MAPS[platform];
  const explicit = map.minors[minor];
  const kubeBench = explicit ?? map.otherwise;
  const ordered = map.order.filter(bundled);
  const cases = Object.keys(map.minors).map(minorKey);
  if (explicit === undefined && ordered.length > 0) {
    const newest = ordered[ordered.length - 1] as string;
    if (minorKey(minor) > Math.max(...cases) && map.unbundled === 'nearest-profile' && newest !== kubeBench) {
      return { kubeBench, profile: newest, note: `${minor} is newer than kube-bench's ${platform} map, whose default is ${kubeBench}; the newest bundled` };
    }
    const oldest = ordered[0] as string;
    if (minorKey(minor) < Math.min(...cases) && oldest !== kubeBench) {
      return { kubeBench, profile: oldest, note: `${minor} is older than kube-bench's ${platform} map, whose default is ${kubeBench}; the oldest bundled` };
    }
  }
  const entry = explicit === undefined ? `kube-bench's ${platform} default for ${minor} is ${kubeBench}` : `kube-bench's ${platform} map: ${minor} -> ${kubeBench}`;
  if (bundled(kubeBench)) return { kubeBench, profile: kubeBench, note: entry };
  if (map.unbundled === 'cis' || ordered.length === 0) return { kubeBench, note: `${entry}, which is not bundled` };
  const at = map.order.indexOf(kubeBench);
  const nearest = ordered.find((p) => map.order.indexOf(p) > at) ?? (ordered[ordered.length - 1] as string);
  return { kubeBench, profile: nearest, note: `${entry}, which is not bundled; the nearest bundled` };
}
