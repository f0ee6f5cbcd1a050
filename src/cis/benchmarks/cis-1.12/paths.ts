/** kubeadm's default locations, used in remediations (the checks themselves use the paths found on the node). */
export const P = {
  apiserver: '/etc/kubernetes/manifests/kube-apiserver.yaml',
  controllerManager: '/etc/kubernetes/manifests/kube-controller-manager.yaml',
  scheduler: '/etc/kubernetes/manifests/kube-scheduler.yaml',
  etcd: '/etc/kubernetes/manifests/etcd.yaml',
  kubeletConfig: '/var/lib/kubelet/config.yaml',
  kubeletService: '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
  kubeletKubeconfig: '/etc/kubernetes/kubelet.conf',
} as const;

const RESTART_KUBELET = 'then run `systemctl daemon-reload && systemctl restart kubelet`';

/** "Edit <manifest> and set <flag>" for a static pod; the kubelet restarts the pod on save. */
export function setFlag(manifest: string, component: string, flag: string): string {
  return `Edit ${manifest} on the control-plane node and set ${flag} in the ${component} container's command; the kubelet restarts the static pod when the file is saved.`;
}

export function removeFlag(manifest: string, component: string, flag: string): string {
  return `Edit ${manifest} on the control-plane node and remove ${flag} from the ${component} container's command.`;
}

/** Kubelet settings: the config file field, or the flag where the kubelet is configured by flags. */
export function kubeletField(field: string, value: string, flag: string): string {
  return `In the kubelet config file (${P.kubeletConfig}, or the file named by the kubelet's --config) set ${field}: ${value}; if the kubelet is given ${flag} on its command line (${P.kubeletService} or /var/lib/kubelet/kubeadm-flags.env), fix or remove it there, because a flag wins over the file; ${RESTART_KUBELET}.`;
}

export function chmod(mode: string, path: string): string {
  return `chmod ${mode} ${path}`;
}

export function chown(owner: string, path: string): string {
  return `chown ${owner} ${path}`;
}
