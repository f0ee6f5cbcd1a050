import type { LoadedObject } from '../../collect/objects.js';
import type { Platform, PlatformFact } from '../../collect/node/platform.js';
import type { NodeFacts } from '../../domain/node-facts.js';
import { InputError } from '../../domain/errors.js';
import { detectPlatform, platformFact } from '../../collect/node/platform.js';
import { NodeFs } from '../../collect/node/node-fs.js';
import { benchmarkByName, parseKubernetesVersion, PROFILE_BENCHMARKS, selectBenchmark } from '../benchmarks/index.js';
import { PLATFORM_MAPS, pickPlatformProfile, type MappedPlatform } from '../benchmarks/platform-map.js';
import { NotANodeError } from '../../collect/node/index.js';
import type { BenchmarkDef } from '../model.js';
import { AKS_1_8 } from './aks-1.8.js';
import { EKS_1_7_0 } from './eks-1.7.0.js';
import { GKE_1_6_0 } from './gke-1.6.0.js';
import { openshiftFromObjects, openshiftProfile } from '../openshift/platform.js';

/**
 * The node labels each distribution or managed service puts on its Nodes (`kubectl get nodes -o yaml`):
 * k3s's and RKE2's built-in cloud provider set node.kubernetes.io/instance-type to `k3s` / `rke2`; EKS
 * managed node groups and GKE node pools label their nodes with the group / pool; AKS names the node
 * resource group in kubernetes.azure.com/cluster.
 */
const LABELS: readonly { platform: Platform; key: string; value?: string }[] = [
  { platform: 'k3s', key: 'node.kubernetes.io/instance-type', value: 'k3s' },
  { platform: 'rke2', key: 'node.kubernetes.io/instance-type', value: 'rke2' },
  { platform: 'eks', key: 'eks.amazonaws.com/nodegroup' },
  { platform: 'eks', key: 'eks.amazonaws.com/compute-type' },
  { platform: 'gke', key: 'cloud.google.com/gke-nodepool' },
  { platform: 'aks', key: 'kubernetes.azure.com/cluster' },
  // The Machine Config Operator labels every OpenShift node with its OS.
  { platform: 'openshift', key: 'node.openshift.io/os_id', value: 'rhcos' },
];

/** The platform named by the labels of Node objects from --manifests, if any. */
export function platformFromLabels(objects: readonly LoadedObject[]): PlatformFact {
  for (const loaded of objects) {
    if (loaded.object.kind !== 'Node') continue;
    const labels = (loaded.object.metadata as { labels?: Record<string, unknown> } | undefined)?.labels ?? {};
    for (const rule of LABELS) {
      const value = labels[rule.key];
      if (typeof value === 'string' && (rule.value === undefined || value === rule.value)) {
        const name = (loaded.object.metadata as { name?: string } | undefined)?.name ?? '?';
        return { platform: rule.platform, evidence: [`label ${rule.key}=${value} on Node ${name} (${loaded.location.file}:${loaded.location.line ?? 1})`] };
      }
    }
  }
  return openshiftFromObjects(objects);
}

/**
 * The platform seen in collected facts (`--facts`, where the node itself is out of reach): RKE2's static pod
 * path or kubeconfig locations, the EKS / GKE kubelet config files.
 */
export function platformFromFacts(facts: NodeFacts): PlatformFact {
  // A k3s node's facts say so themselves (collected by src/collect/node/k3s.ts).
  if (facts.k3s !== undefined) return { platform: 'k3s', role: facts.k3s.role, evidence: [...facts.k3s.evidence, 'k3s facts'] };
  const paths = [
    facts.kubelet?.configFile,
    ...Object.values(facts.components).flatMap((c) => [c?.manifest, ...(c?.args ?? []).map((a) => a.value)]),
  ].filter((p): p is string => typeof p === 'string');
  const hit = (prefix: string) => paths.find((p) => p.startsWith(prefix));
  const rke2 = hit('/var/lib/rancher/rke2/');
  if (rke2 !== undefined) return { platform: 'rke2', evidence: [rke2] };
  const k3s = hit('/var/lib/rancher/k3s/');
  if (k3s !== undefined) return { platform: 'k3s', evidence: [k3s] };
  const eks = hit('/etc/kubernetes/kubelet/kubelet-config.json');
  if (eks !== undefined) return { platform: 'eks', evidence: [eks] };
  const gke = hit('/home/kubernetes/');
  if (gke !== undefined) return { platform: 'gke', evidence: [gke] };
  const openshift = Object.values(facts.files).flatMap((list) => list ?? []).find((f) => f.exists && f.path.startsWith('/etc/kubernetes/static-pod-resources/'));
  if (openshift !== undefined) return { platform: 'openshift', evidence: [openshift.path] };
  return { evidence: [] };
}

/** kube-bench's names for the profiles of each platform, for the note when none is bundled. */
const KUBE_BENCH_PROFILES: Readonly<Record<Platform, string>> = {
  k3s: 'k3s-cis-1.7 … k3s-cis-1.11',
  rke2: 'rke2-cis-1.7, rke2-cis-1.8, rke2-cis-1.9, rke2-cis-1.23, rke2-cis-1.24',
  eks: 'eks-1.5.0 … eks-1.8.0',
  gke: 'gke-1.6.0 … gke-1.9.0',
  aks: 'aks-1.7, aks-1.8',
  openshift: 'rh-1.0, rh-1.4, rh-1.8',
  kubeadm: '',
};

/** What only a distribution's layout explains, for the report line. */
const LIMITS: Partial<Record<Platform, string>> = {
  k3s: 'k3s runs the API server, controller manager, scheduler and kubelet inside its own process, so their flags are on no command line or manifest; kubefort reads them from the k3s log (--k3s-log FILE, the output of `journalctl -u k3s`, or /var/log/k3s.log) or derives them from k3s\'s defaults, its unit and /etc/rancher/k3s/config.yaml',
  eks: 'the control plane is managed by AWS: only this node\'s kubelet and the cluster\'s policies can be judged here',
  gke: 'the control plane is managed by Google: only this node\'s kubelet and the cluster\'s policies can be judged here',
  aks: 'the control plane is managed by Microsoft: only this node\'s kubelet and the cluster\'s policies can be judged here',
};

export interface ProfileChoice {
  /** The profile to run instead of the version-mapped benchmark, when one fits. */
  benchmark?: BenchmarkDef;
  /** `platform rke2 (process rke2 server …)`: the platform and what showed it. */
  seen: string;
  /** `seen`, then the profile chosen or, when no profile fits, why the CIS benchmark is used. */
  note: string;
}

/**
 * The profile for a detected platform and Kubernetes version, as kube-bench's platform map picks it (RKE2,
 * EKS, GKE, AKS); without a version the managed services take a default profile; otherwise none, and the note
 * says which kube-bench profile would apply and is not bundled.
 */
export function chooseProfile(platform: PlatformFact, version: string | undefined): ProfileChoice | undefined {
  if (platform.platform === undefined || platform.platform === 'kubeadm') return undefined;
  const seen = `platform ${platform.platform}${platform.role === undefined ? '' : ` ${platform.role}`} (${platform.evidence.join(', ')})`;
  const minor = version === undefined ? undefined : parseKubernetesVersion(version)?.shown;
  const limit = LIMITS[platform.platform];
  // With a version, kube-bench's platform map picks (src/cis/benchmarks/platform-map.ts).
  if (minor !== undefined && platform.platform in PLATFORM_MAPS) {
    const pick = pickPlatformProfile(platform.platform as MappedPlatform, minor, (name) => PROFILE_BENCHMARKS.some((b) => b.name === name));
    if (pick.profile !== undefined) return { seen, benchmark: benchmarkByName(pick.profile), note: `${seen} -> ${pick.profile} (${pick.note})` };
    return { seen, note: `${seen}; ${pick.note}, the CIS benchmark is used${limit === undefined ? '' : `; ${limit}`}` };
  }
  // Without a version, a node does not show which EKS / GKE benchmark its cluster follows; the default is the one
  // kubefort judged first (gke-1.6.0 still has the kubelet checks later GKE benchmarks dropped); the others by --benchmark.
  if (platform.platform === 'eks') return { seen, benchmark: EKS_1_7_0, note: `${seen} -> eks-1.7.0 (also bundled: eks-1.5.0, eks-1.8.0 by --benchmark)` };
  if (platform.platform === 'gke') return { seen, benchmark: GKE_1_6_0, note: `${seen} -> gke-1.6.0 (also bundled: gke-1.8.0, gke-1.9.0 by --benchmark)` };
  if (platform.platform === 'aks') return { seen, benchmark: AKS_1_8, note: `${seen} -> aks-1.8 (also bundled: aks-1.7 by --benchmark)` };
  if (platform.platform === 'openshift') return { seen, ...openshiftProfile(seen, version, platform.openshiftVersion) };
  // RKE2's profiles each assess one CIS version: without the Kubernetes version none can be picked.
  const why = platform.platform === 'rke2' ? `the Kubernetes version is not known and RKE2's profiles are chosen by it (${KUBE_BENCH_PROFILES.rke2}; give --k8s-version or --benchmark)` : `no bundled profile fits (kube-bench: ${KUBE_BENCH_PROFILES[platform.platform]})`;
  return { seen, note: `${seen}; ${why}, the CIS benchmark is used${limit === undefined ? '' : `; ${limit}`}` };
}

export interface NodeSelection {
  /** The node's root on this machine (`--root`, resolved), when the node itself is read. */
  root?: string;
  facts: NodeFacts;
  objects?: readonly LoadedObject[];
  requested?: string;
}

/**
 * The platform from the strongest evidence at hand: the node (process, paths) as the collector recorded it in
 * the facts (read from the node only for facts without it), else paths in the facts, else Node labels.
 */
export function platformOf(input: NodeSelection): PlatformFact {
  const candidates = [
    platformFact(input.facts.platform) ?? (input.root === undefined ? undefined : detectPlatform(new NodeFs(input.root))),
    platformFromFacts(input.facts),
    input.objects === undefined ? undefined : platformFromLabels(input.objects),
  ];
  return candidates.find((c) => c?.platform !== undefined) ?? { evidence: [] };
}

/**
 * The benchmark for this node: --benchmark wins; else a distribution profile when one fits the detected
 * platform and version; else the version-mapped CIS benchmark. The reason names the platform either way.
 */
export function selectForNode(input: NodeSelection): { benchmark: BenchmarkDef; reason: string } {
  const version = input.facts.kubernetesVersion;
  const base = selectBenchmark(version.version, input.requested, version.source);
  const choice = chooseProfile(platformOf(input), version.version);
  if (choice === undefined) return base;
  if (input.requested === undefined && choice.benchmark !== undefined) {
    const seen = version.version === undefined ? `Kubernetes version ${version.source}` : `Kubernetes ${version.version} from ${version.source}`;
    return { benchmark: choice.benchmark, reason: `${choice.note}; ${seen}` };
  }
  // --benchmark won: the reason names the platform, and the profile it would have chosen only when none fits.
  return { benchmark: base.benchmark, reason: `${base.reason}; ${choice.benchmark === undefined ? choice.note : choice.seen}` };
}

/**
 * A collector that found no component on a k3s node says so in k3s's terms: k3s runs every component inside
 * its own process, so there is no kube-apiserver or kubelet command line or manifest to read.
 */
export function explainNoComponents(root: string, error: InputError): InputError {
  if (!(error instanceof NotANodeError)) return error;
  const platform = detectPlatform(new NodeFs(root));
  if (platform.platform !== 'k3s') return error;
  return new InputError(`${error.message}; this is a k3s ${platform.role ?? 'node'} (${platform.evidence.join(', ')}): ${LIMITS.k3s ?? ''} — and none of these is on this node (no k3s process, unit, config file or log), so the components' arguments cannot be known`, { file: root }, { cause: error });
}
