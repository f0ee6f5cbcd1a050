import type { CollectWarning, FileRole } from '../../domain/node-facts.js';
import { walk } from './files.js';
import { k3sFiles } from './k3s-files.js';
import type { NodeFs } from './node-fs.js';
import { openshiftFiles } from './openshift-paths.js';

/**
 * Where RKE2 keeps what kubeadm keeps under /etc/kubernetes (the paths kube-bench's rke2-cis-* profiles read):
 * the admin kubeconfig under server/cred, the control plane's PKI under server/tls, etcd's data under
 * server/db/etcd (its --data-dir is in etcd's --config-file there, not on the command line). Only on a node
 * that has /var/lib/rancher/rke2/server, so a kubeadm node's report does not grow RKE2 entries.
 */
const RKE2_SERVER = '/var/lib/rancher/rke2/server';

/**
 * AKS nodes keep the Azure cloud provider's config in /etc/kubernetes/azure.json (kube-bench's aks-* 3.1.3 and
 * 3.1.4 ask for 644 and root:root): listed only where it exists, so other nodes' reports stay as they were.
 */
const AZURE_JSON = '/etc/kubernetes/azure.json';

export function distroFiles(fs: NodeFs, warnings: CollectWarning[]): [FileRole, string][] {
  const azure: [FileRole, string][] = fs.exists(AZURE_JSON) ? [['azure-json', AZURE_JSON]] : [];
  return [...azure, ...rke2Files(fs, warnings), ...k3sFiles(fs, warnings), ...openshiftFiles(fs, warnings)];
}

function rke2Files(fs: NodeFs, warnings: CollectWarning[]): [FileRole, string][] {
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
