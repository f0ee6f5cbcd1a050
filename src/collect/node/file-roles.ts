import type { CollectWarning, ComponentFacts, ComponentName, FileFact, FileRole, KubeletFacts, KubeProxyFacts } from '../../domain/node-facts.js';
import { lastArg } from './cmdline.js';
import { distroFiles } from './distro-paths.js';
import { FileCollector, walk } from './files.js';
import { getDotted } from './kubelet-config.js';
import { locateInContainer } from './kube-proxy.js';
import type { NodeFs } from './node-fs.js';
import type { OwnerNames } from './owners.js';
import type { KubeletUnit } from './systemd.js';

export interface FileRoleInputs {
  components: Partial<Record<ComponentName, ComponentFacts>>;
  kubelet?: KubeletFacts;
  kubeProxy?: KubeProxyFacts;
  unit?: KubeletUnit;
  staticPodPath: string;
}

const MANIFEST_ROLES = {
  'kube-apiserver': 'apiserver-manifest',
  'kube-controller-manager': 'controller-manager-manifest',
  'kube-scheduler': 'scheduler-manifest',
  etcd: 'etcd-manifest',
} as const satisfies Record<string, FileRole>;

/**
 * The files the benchmark names, found from what the components were told (etcd --data-dir, kubelet
 * --kubeconfig, the kubelet config's clientCAFile, ...) and kubeadm's defaults where they were told nothing.
 */
export function collectFiles(fs: NodeFs, owners: OwnerNames, inputs: FileRoleInputs, warnings: CollectWarning[]): Partial<Record<FileRole, FileFact[]>> {
  const files = new FileCollector(fs, owners);
  const { components, kubelet, kubeProxy, unit } = inputs;
  const dir = inputs.staticPodPath.replace(/\/+$/, '');
  for (const [name, role] of Object.entries(MANIFEST_ROLES)) files.add(role, `${dir}/${name}.yaml`);

  const cni = fs.list('/etc/cni/net.d');
  if (cni.ok && cni.value.length > 0) for (const name of cni.value) files.add('cni-config', `/etc/cni/net.d/${name}`);
  else files.add('cni-config', '/etc/cni/net.d');

  files.add('etcd-data-dir', argValue(components.etcd, '--data-dir') ?? '/var/lib/etcd');
  files.add('admin-kubeconfig', '/etc/kubernetes/admin.conf');
  files.add('super-admin-kubeconfig', '/etc/kubernetes/super-admin.conf');
  files.add('scheduler-kubeconfig', argValue(components['kube-scheduler'], '--kubeconfig') ?? '/etc/kubernetes/scheduler.conf');
  files.add('controller-manager-kubeconfig', argValue(components['kube-controller-manager'], '--kubeconfig') ?? '/etc/kubernetes/controller-manager.conf');

  for (const [role, path] of distroFiles(fs, warnings)) files.add(role, path);
  for (const path of walk(fs, '/etc/kubernetes/pki', warnings)) {
    files.add('pki-dir', path);
    if (path.endsWith('.crt')) files.add('pki-certs', path);
    if (path.endsWith('.key')) files.add('pki-keys', path);
  }

  // The benchmark's "kubelet service file": kubeadm's 10-kubeadm.conf drop-in, else the unit itself.
  const dropIns = unit?.dropIns ?? [];
  const unitFiles = dropIns.length > 0 ? dropIns : unit?.unitFile === undefined ? [] : [unit.unitFile];
  if (unitFiles.length > 0) for (const path of unitFiles) files.add('kubelet-service', path);
  else files.add('kubelet-service', '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf');

  if (kubelet !== undefined || components.kubelet !== undefined) {
    const kubeconfig = kubelet === undefined ? undefined : lastArg(kubelet.flags, '--kubeconfig')?.value;
    files.add('kubelet-kubeconfig', kubeconfig ?? '/etc/kubernetes/kubelet.conf');
  }
  if (kubelet?.configFile !== undefined) files.add('kubelet-config', kubelet.configFile);
  const clientCA = kubelet === undefined ? undefined : getDotted(kubelet.effective, 'authentication.x509.clientCAFile');
  if (typeof clientCA === 'string' && clientCA !== '') files.add('kubelet-client-ca', clientCA);

  const proxy = components['kube-proxy'];
  if (proxy !== undefined) {
    const fromConfig = kubeProxy?.config === undefined ? undefined : getDotted(kubeProxy.config, 'clientConnection.kubeconfig');
    const kubeconfig = argValue(proxy, '--kubeconfig') ?? (typeof fromConfig === 'string' && fromConfig !== '' ? fromConfig : undefined);
    if (kubeconfig !== undefined) files.add('proxy-kubeconfig', locateInContainer(fs, kubeconfig, proxy.pid) ?? kubeconfig);
    const config = kubeProxy?.configFile;
    if (config !== undefined && kubeProxy?.readFrom !== undefined) files.add('proxy-config', kubeProxy.readFrom);
    if (config !== undefined && kubeProxy?.readFrom === undefined) {
      // kube-proxy runs (in a pod whose filesystem is out of sight): its files exist somewhere, so they are
      // unknown rather than absent, and "if the file exists" checks must not pass on that.
      const why = `kube-proxy --config ${config} is not readable on the node nor in its container (/proc/${proxy.pid ?? '<pid>'}/root)`;
      files.addUnknown('proxy-config', config, why);
      if (kubeconfig === undefined) files.addUnknown('proxy-kubeconfig', '<kube-proxy kubeconfig>', `${why}, so its kubeconfig is unknown`);
    }
  }
  return files.result();
}

function argValue(component: ComponentFacts | undefined, flag: string): string | undefined {
  const value = component === undefined ? undefined : lastArg(component.args, flag)?.value;
  return value === undefined || value === '' ? undefined : value;
}
