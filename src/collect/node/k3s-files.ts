import type { CollectWarning, FileRole } from '../../domain/node-facts.js';
import { walk } from './files.js';
import { byCodeUnit, type NodeFs } from './node-fs.js';

/**
 * Where k3s keeps what kubeadm keeps under /etc/kubernetes (the paths kube-bench's cfg/k3s-cis-* profiles stat):
 * the admin kubeconfig under server/cred, the control plane's PKI under server/tls — 1.1.19 takes the whole tree
 * (`find /var/lib/rancher/k3s/server/tls`), 1.1.20/1.1.21 only its top level (`server/tls/*.crt`, `*.key`) — and
 * the embedded etcd's data under server/db/etcd. The kubeconfigs of the scheduler, controller manager, kubelet
 * and kube-proxy come from the components' --kubeconfig. Only on a node that has /var/lib/rancher/k3s/server.
 */
const K3S_SERVER = '/var/lib/rancher/k3s/server';

export function k3sFiles(fs: NodeFs, warnings: CollectWarning[]): [FileRole, string][] {
  if (!fs.exists(K3S_SERVER)) return [];
  const found: [FileRole, string][] = [['admin-kubeconfig', `${K3S_SERVER}/cred/admin.kubeconfig`]];
  if (fs.exists(`${K3S_SERVER}/db/etcd`)) found.push(['etcd-data-dir', `${K3S_SERVER}/db/etcd`]);
  const tls = `${K3S_SERVER}/tls`;
  if (fs.exists(tls)) for (const path of walk(fs, tls, warnings)) found.push(['pki-dir', path]);
  const top = fs.list(tls);
  for (const name of top.ok ? [...top.value].sort(byCodeUnit) : []) {
    if (name.endsWith('.crt')) found.push(['pki-certs', `${tls}/${name}`]);
    if (name.endsWith('.key')) found.push(['pki-keys', `${tls}/${name}`]);
  }
  return found;
}
