import { posix } from 'node:path';
import type { NodeFs } from './node-fs.js';
import { READ_LIMITS } from './bounded-read.js';

/**
 * What only an OpenShift 4 node runs: the Machine Config Daemon (on every node), the OpenShift API servers and
 * controller manager (control plane), and a kube-apiserver started with --openshift-config (the operator's
 * KubeAPIServerConfig). `hyperkube` alone is not OpenShift's: other distributions ran it too.
 */
const OPENSHIFT_BINARIES = new Set(['machine-config-daemon', 'openshift-apiserver', 'openshift-controller-manager', 'oauth-apiserver', 'cluster-kube-apiserver-operator']);

export function openshiftProcess(argv: readonly string[]): string | undefined {
  const words = argv.length === 1 ? (argv[0] ?? '').split(' ') : argv;
  const base = posix.basename(words[0] ?? '');
  if (OPENSHIFT_BINARIES.has(base)) return base;
  if ((base === 'kube-apiserver' || base === 'hyperkube') && words.some((w) => w.startsWith('--openshift-config='))) return `${base} --openshift-config`;
  return undefined;
}

/**
 * RHCOS (Red Hat Enterprise Linux CoreOS) says ID="rhcos" in /etc/os-release, and the OpenShift minor its image
 * belongs to in OPENSHIFT_VERSION ("4.15"); OpenShift nodes run it.
 */
export function rhcosRelease(fs: NodeFs): { evidence: string; openshiftVersion?: string } | undefined {
  for (const path of ['/etc/os-release', '/usr/lib/os-release']) {
    const read = fs.readText(path, READ_LIMITS.config, 'the OS release file');
    if (!read.ok) continue;
    const value = (key: string) => new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(read.value)?.[1];
    if (value('ID') !== 'rhcos') return undefined;
    const version = value('OPENSHIFT_VERSION');
    return version !== undefined && /^4\.\d{1,3}$/.test(version)
      ? { evidence: `ID=rhcos, OPENSHIFT_VERSION=${version} in ${path}`, openshiftVersion: version }
      : { evidence: `ID=rhcos in ${path}` };
  }
  return undefined;
}
