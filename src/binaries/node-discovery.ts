import { posix } from 'node:path';
import { fsErrorReason } from '../domain/fs-errors.js';
import { READ_LIMITS } from '../collect/node/bounded-read.js';
import { resolvePathInRoot } from '../collect/root-path.js';
import { isAbsent, NodeFs } from '../collect/node/node-fs.js';

/**
 * Finds the Kubernetes platform binaries on a node's filesystem mounted at `root` ("/" on the node itself).
 * Every path is resolved *inside* root, chroot-style: absolute symlink targets (as /proc/<pid>/exe always is)
 * restart at root and `..` never climbs above it, so a copied or mounted node root is read, never the host's.
 */

/** Installed as host binaries by kubeadm/packages; the control-plane ones only when not run as static pods. */
const KUBERNETES_BINARIES = [
  'kubectl', 'kubeadm', 'kubelet', 'kube-proxy', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler',
] as const;

/** Where packages, kubeadm install guides and distributions (Flatcar /opt/bin, k3s-style /usr/local/bin) put them. */
const SEARCH_DIRS = ['/usr/bin', '/usr/local/bin', '/usr/sbin', '/usr/local/sbin', '/bin', '/sbin', '/opt/bin', '/snap/bin'] as const;

export interface FoundBinary {
  /** Canonical Kubernetes name, used for the checksum path. */
  name: string;
  /** Path on the node after resolving symlinks (inside root), e.g. /usr/local/lib/kubernetes/kube-proxy. */
  nodePath: string;
  /** How it was found: /usr/bin/kubelet, /opt/bin/kube-proxy -> ..., /proc/4242/exe. */
  foundAt: string[];
  /** PIDs of running processes whose /proc/<pid>/exe is this file. */
  pids: number[];
}

export interface RunningDeleted {
  name: string;
  pid: number;
  /** The link text, e.g. `/usr/bin/kubelet (deleted)`: the running binary was replaced or removed on disk. */
  target: string;
}

export interface Discovery {
  binaries: FoundBinary[];
  deleted: RunningDeleted[];
  /** Paths that could not be read, with the reason (reported as warnings, the run goes on). */
  problems: Array<{ path: string; reason: string }>;
}

export async function discoverBinaries(root: string): Promise<Discovery> {
  const byPath = new Map<string, FoundBinary>();
  const problems: Discovery['problems'] = [];
  const deleted: RunningDeleted[] = [];
  const add = (name: string, nodePath: string, foundAt: string, pid?: number): void => {
    const entry = byPath.get(nodePath) ?? { name, nodePath, foundAt: [], pids: [] };
    if (!entry.foundAt.includes(foundAt)) entry.foundAt.push(foundAt);
    if (pid !== undefined) entry.pids.push(pid);
    byPath.set(nodePath, entry);
  };
  const fs = new NodeFs(root);
  for (const name of KUBERNETES_BINARIES) {
    for (const dir of SEARCH_DIRS) {
      const candidate = posix.join(dir, name);
      // lstat resolves the directories above the name inside the root too (/usr/local may be a symlink).
      const found = fs.lstat(candidate);
      if (!found.ok) {
        if (!isAbsent(found)) problems.push({ path: candidate, reason: found.reason });
        continue;
      }
      try {
        add(name, resolvePathInRoot(root, candidate), candidate);
      } catch (error) {
        problems.push({ path: candidate, reason: `cannot resolve: ${fsErrorReason(error)}` });
      }
    }
  }
  for (const running of runningProcesses(fs, problems)) {
    if (running.target.endsWith(' (deleted)')) {
      deleted.push({ name: running.name, pid: running.pid, target: running.target });
      continue;
    }
    try {
      const nodePath = resolvePathInRoot(root, running.target.startsWith('/') ? running.target : `/proc/${running.pid}/${running.target}`);
      add(running.name, nodePath, `/proc/${running.pid}/exe`, running.pid);
    } catch (error) {
      problems.push({ path: `/proc/${running.pid}/exe -> ${running.target}`, reason: `cannot resolve: ${fsErrorReason(error)}` });
    }
  }
  const binaries = [...byPath.values()].sort((a, b) => a.name.localeCompare(b.name) || a.nodePath.localeCompare(b.nodePath));
  for (const b of binaries) b.pids.sort((x, y) => x - y);
  return { binaries, deleted: deleted.sort((a, b) => a.pid - b.pid), problems };
}

/**
 * Running Kubernetes components, named by argv[0] in /proc/<pid>/cmdline (not /proc/<pid>/comm, which the kernel
 * truncates to 15 bytes: kube-controller-manager shows there as `kube-controller`).
 */
function runningProcesses(fs: NodeFs, problems: Discovery['problems']): Array<{ name: string; pid: number; target: string }> {
  // Every /proc path goes through NodeFs: a <root>/proc that links to the host's /proc, a pid directory that climbs
  // out with `..`, or a cmdline linked to a host file are resolved inside the root, never followed on the host.
  const listing = fs.list('/proc');
  if (!listing.ok) {
    if (!isAbsent(listing)) problems.push({ path: '/proc', reason: listing.reason });
    return [];
  }
  const found: Array<{ name: string; pid: number; target: string }> = [];
  for (const entry of listing.value.filter((e) => /^\d+$/.test(e))) {
    const cmdline = fs.readText(`/proc/${entry}/cmdline`, READ_LIMITS.proc, 'a process command line');
    if (!cmdline.ok) {
      // Processes exit while we look; only unexpected errors are worth a line.
      if (!isAbsent(cmdline)) problems.push({ path: `/proc/${entry}/cmdline`, reason: cmdline.reason });
      continue;
    }
    const argv0 = cmdline.value.split('\0')[0] ?? '';
    const name = KUBERNETES_BINARIES.find((n) => posix.basename(argv0) === n);
    if (name === undefined) continue;
    const exe = fs.readLink(`/proc/${entry}/exe`);
    if (!exe.ok) {
      problems.push({ path: `/proc/${entry}/exe`, reason: exe.reason });
      continue;
    }
    found.push({ name, pid: Number(entry), target: exe.value });
  }
  return found;
}
