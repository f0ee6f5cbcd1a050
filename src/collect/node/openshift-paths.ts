import type { CollectWarning, FileRole } from '../../domain/node-facts.js';
import { walk } from './files.js';
import type { NodeFs } from './node-fs.js';

/**
 * Where an OpenShift 4 (RHCOS) node keeps the files kube-bench's rh-1.x profiles stat. The operators install
 * each control-plane static pod as a numbered revision under /etc/kubernetes/static-pod-resources
 * (`kube-apiserver-pod-12/kube-apiserver-pod.yaml`, with the revision's configmaps/ and secrets/ beside it) and
 * copy the current one to /etc/kubernetes/manifests/<name>-pod.yaml for the kubelet; the pods mount the revision
 * directory as /etc/kubernetes/static-pod-resources, which is why kube-bench's in-pod paths carry no number.
 * The API server's certificates are in kube-apiserver-certs/secrets (mounted as /etc/kubernetes/static-pod-certs).
 * The kubelet's KubeletConfiguration is /etc/kubernetes/kubelet.conf, its CA /etc/kubernetes/kubelet-ca.crt,
 * its bootstrap kubeconfig /etc/kubernetes/kubeconfig; /var/lib/kubelet/config.json is the image pull secret
 * the kubelet reads (kube-bench's 4.1.9/4.1.10 stat it). Only on a node with static-pod-resources.
 */
export const STATIC_POD_RESOURCES = '/etc/kubernetes/static-pod-resources';

/**
 * The operators' static pods. Their own role: they wrap the component in a shell script (`/bin/bash -c "exec
 * hyperkube kube-apiserver --openshift-config=…"`), so they are not manifests whose flags can be read or validated.
 */
const REVISIONED = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const;

/** The newest revision directory of a static pod (`kube-scheduler-pod-7`), by number. */
export function latestRevision(fs: NodeFs, pod: string): string | undefined {
  const listing = fs.list(STATIC_POD_RESOURCES);
  if (!listing.ok) return undefined;
  const pattern = new RegExp(`^${pod}-pod-(\\d+)$`);
  const revisions = listing.value.map((n) => pattern.exec(n)).filter((m): m is RegExpExecArray => m !== null).map((m) => Number(m[1]));
  if (revisions.length === 0) return undefined;
  return `${STATIC_POD_RESOURCES}/${pod}-pod-${Math.max(...revisions)}`;
}

export function openshiftFiles(fs: NodeFs, warnings: CollectWarning[]): [FileRole, string][] {
  if (!fs.exists(STATIC_POD_RESOURCES)) return [];
  const found: [FileRole, string][] = [];
  const existing = (role: FileRole, path: string) => {
    if (fs.exists(path)) found.push([role, path]);
  };
  for (const pod of REVISIONED) {
    existing('openshift-static-pod', `/etc/kubernetes/manifests/${pod}-pod.yaml`);
    const revision = latestRevision(fs, pod);
    if (revision !== undefined) existing('openshift-static-pod', `${revision}/${pod}-pod.yaml`);
  }
  const scheduler = latestRevision(fs, 'kube-scheduler');
  if (scheduler !== undefined) existing('scheduler-kubeconfig', `${scheduler}/configmaps/scheduler-kubeconfig/kubeconfig`);
  const kcm = latestRevision(fs, 'kube-controller-manager');
  if (kcm !== undefined) existing('controller-manager-kubeconfig', `${kcm}/configmaps/controller-manager-kubeconfig/kubeconfig`);
  existing('etcd-data-dir', '/var/lib/etcd/member');
  existing('kubelet-service', '/etc/systemd/system/kubelet.service');
  existing('kubelet-kubeconfig', '/etc/kubernetes/kubeconfig');
  existing('kubelet-config', '/etc/kubernetes/kubelet.conf');
  // kube-bench: "/var/data/kubelet/config.json" on custom setups, else /var/lib/kubelet/config.json.
  if (fs.exists('/var/data/kubelet/config.json')) existing('kubelet-config', '/var/data/kubelet/config.json');
  else existing('kubelet-config', '/var/lib/kubelet/config.json');
  existing('kubelet-client-ca', '/etc/kubernetes/kubelet-ca.crt');
  for (const dir of ['/var/run/multus/cni/net.d', '/run/multus/cni/net.d']) {
    const listing = fs.list(dir);
    if (listing.ok) for (const name of [...listing.value].sort()) if (name.endsWith('.conf')) found.push(['cni-config', `${dir}/${name}`]);
  }
  for (const path of walk(fs, `${STATIC_POD_RESOURCES}/kube-apiserver-certs/secrets`, warnings)) {
    found.push(['pki-dir', path]);
    if (path.endsWith('.crt')) found.push(['pki-certs', path]);
    if (path.endsWith('.key')) found.push(['pki-keys', path]);
  }
  return found;
}
