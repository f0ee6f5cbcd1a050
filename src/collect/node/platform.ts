import { posix } from 'node:path';
import { splitCmdline } from './cmdline.js';
import type { NodeFs } from './node-fs.js';
import { READ_LIMITS } from './bounded-read.js';
import { openshiftProcess, rhcosRelease } from './openshift-platform.js';

/**
 * Which Kubernetes distribution laid this node out. k3s and RKE2 are single supervisor processes
 * (`k3s server|agent`, `rke2 server|agent`) with their own config (/etc/rancher/<k3s|rke2>/config.yaml) and
 * state under /var/lib/rancher/<k3s|rke2>; EKS and GKE nodes keep the kubelet's config where their node
 * images write it; AKS nodes are provisioned from /opt/azure/containers; OpenShift 4 nodes run RHCOS with the
 * operators' static pod revisions under /etc/kubernetes/static-pod-resources. kubeadm is the layout the CIS benchmark itself describes.
 */
export const PLATFORMS = ['k3s', 'rke2', 'eks', 'gke', 'aks', 'openshift', 'kubeadm'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface PlatformFact {
  /** undefined: no distribution recognised. */
  platform?: Platform;
  /** What was seen, in the order of the signals' strength: `process rke2 server (pid 812)`, `/etc/rancher/rke2/config.yaml`. */
  evidence: string[];
  /** The k3s / RKE2 role when known from its process. */
  role?: 'server' | 'agent';
  /** OpenShift: the OCP minor the node's RHCOS image names (`4.15`), which picks the rh profile. */
  openshiftVersion?: string;
}

/** Paths each distribution creates; their presence is evidence, weaker than a running process. */
const PATHS: Readonly<Record<Platform, readonly string[]>> = {
  k3s: ['/etc/rancher/k3s/config.yaml', '/var/lib/rancher/k3s/agent/kubelet.kubeconfig', '/var/lib/rancher/k3s/server'],
  rke2: ['/etc/rancher/rke2/config.yaml', '/var/lib/rancher/rke2/agent/pod-manifests', '/var/lib/rancher/rke2/server'],
  // The EKS AMIs' bootstrap and kubelet config; GKE's COS/Ubuntu images keep kubelet files under /home/kubernetes.
  eks: ['/etc/eks/bootstrap.sh', '/etc/kubernetes/kubelet/kubelet-config.json'],
  gke: ['/home/kubernetes/kubelet-config.yaml', '/home/kubernetes/bin/kubelet'],
  // AKS node images provision themselves from /opt/azure/containers (the CSE scripts); azure.json alone is not
  // enough, since a self-managed kubeadm cluster on Azure has it too.
  aks: ['/opt/azure/containers'],
  // The operators' static pod revisions (control plane) and the Machine Config Daemon's node state (every node).
  openshift: ['/etc/kubernetes/static-pod-resources', '/etc/machine-config-daemon/currentconfig'],
  kubeadm: ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/kubeadm-flags.env'],
};

/** `k3s server` / `rke2 agent` in /proc/<pid>/cmdline; k3s also renames its process title to "k3s server". */
export function supervisor(argv: readonly string[]): { platform: 'k3s' | 'rke2'; role: 'server' | 'agent' } | undefined {
  const words = argv.length === 1 ? (argv[0] ?? '').split(' ') : argv;
  const base = posix.basename(words[0] ?? '');
  const role = words[1];
  if ((base === 'k3s' || base === 'rke2') && (role === 'server' || role === 'agent')) return { platform: base, role };
  return undefined;
}

/** Whether a process names the platform by itself (a k3s / RKE2 supervisor, an OpenShift process). */
export function platformProcess(argv: readonly string[]): boolean {
  return openshiftProcess(argv) !== undefined || supervisor(argv) !== undefined;
}

/** One process's argv, as the process collector (processes.ts) read it from /proc/<pid>/cmdline. */
export interface ProcessArgv {
  pid: number;
  argv: readonly string[];
}

/** The processes in pid order, read from /proc when the collector's are not at hand. */
function* readProcesses(fs: NodeFs): Generator<ProcessArgv> {
  const listing = fs.list('/proc');
  const pids = listing.ok ? listing.value.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b) : [];
  for (const pid of pids) {
    const read = fs.readText(`/proc/${pid}/cmdline`, READ_LIMITS.proc, 'a process command line');
    if (read.ok) yield { pid, argv: splitCmdline(read.value) };
  }
}

/**
 * Reads the signals from the node (read-only, inside the root); the strongest wins: a process, then paths.
 * `processes`: those the collector already read, in pid order (collectNodeFacts passes them; /proc is not read again).
 */
export function detectPlatform(fs: NodeFs, processes: Iterable<ProcessArgv> = readProcesses(fs)): PlatformFact {
  for (const { pid, argv } of processes) {
    const openshift = openshiftProcess(argv);
    if (openshift !== undefined) return openshiftFact(fs, `process ${openshift} (/proc/${pid}/cmdline)`);
    const found = supervisor(argv);
    if (found === undefined) continue;
    const evidence = [`process ${found.platform} ${found.role} (/proc/${pid}/cmdline)`, ...PATHS[found.platform].filter((p) => fs.exists(p))];
    return { platform: found.platform, role: found.role, evidence };
  }
  if (rhcosRelease(fs) !== undefined) return openshiftFact(fs);
  for (const platform of PLATFORMS) {
    const seen = PATHS[platform].filter((p) => fs.exists(p));
    if (seen.length > 0) return { platform, evidence: seen };
  }
  return { evidence: [] };
}

/**
 * The platform recorded in facts (NodeFacts.platform), when it names one this version knows; else undefined,
 * and the caller falls back to the path-based detection (facts saved before the field existed have none).
 */
export function platformFact(saved: { platform?: string; evidence: string[]; role?: 'server' | 'agent'; openshiftVersion?: string } | undefined): PlatformFact | undefined {
  if (saved === undefined) return undefined;
  const { platform, ...rest } = saved;
  if (platform === undefined) return { ...rest, evidence: [...saved.evidence] };
  return (PLATFORMS as readonly string[]).includes(platform) ? { ...rest, platform: platform as Platform, evidence: [...saved.evidence] } : undefined;
}

/** An OpenShift node: the process seen (if any), RHCOS and its OpenShift version, the paths. */
function openshiftFact(fs: NodeFs, process?: string): PlatformFact {
  const rhcos = rhcosRelease(fs);
  const evidence = [...(process === undefined ? [] : [process]), ...(rhcos === undefined ? [] : [rhcos.evidence]), ...PATHS.openshift.filter((p) => fs.exists(p))];
  return { platform: 'openshift', evidence, ...(rhcos?.openshiftVersion === undefined ? {} : { openshiftVersion: rhcos.openshiftVersion }) };
}
