import type { CollectWarning, FileRole } from '../../domain/node-facts.js';
import { walk } from './files.js';
import type { NodeFs } from './node-fs.js';

/**
 * Where RKE2 keeps what kubeadm keeps under /etc/kubernetes (the paths kube-bench's rke2-cis-* profiles read):
 * the admin kubeconfig under server/cred, the control plane's PKI under server/tls, etcd's data under
 * server/db/etcd (its --data-dir is in etcd's --config-file there, not on the command line). Only on a node
 * that has /var/lib/rancher/rke2/server, so a kubeadm node's report does not grow RKE2 entries.
 */
const RKE2_SERVER = '/var/lib/rancher/rke2/server';

export function distroFiles(fs: NodeFs, warnings: CollectWarning[]): [FileRole, string][] {
  if (!fs.exists(RKE2_SERVER)) return [];
  const found: [FileRole, string][] = [
    ['admin-kubeconfig', `${RKE2_SERVER}/cred/admin.kubeconfig`],
    ['etcd-data-dir', `${RKE2_SERVER}/db/etcd`],
  ];
  for (const path of walk(fs, `${RKE2_SERVER}/tls`, warnings)) {
    found.push(['pki-dir', path]);
    if (path.endsWith('.crt')) found.push(['pki-certs', path]);
    if (path.endsWith('.key')) found.push(['pki-keys', path]);
  }
  return found;
}
