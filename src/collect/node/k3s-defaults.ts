import type { ComponentName } from '../../domain/node-facts.js';

/**
 * The arguments k3s itself gives each embedded component before the user's `<component>-arg` options, as data.
 * Read from k3s's source (k3s-io/k3s on GitHub):
 * - kube-apiserver, kube-controller-manager, kube-scheduler: pkg/daemons/control/server.go, functions apiServer,
 *   controllerManager and scheduler — the revision with `enable-bootstrap-token-auth`, `egress-selector-config-file`
 *   and secure ports 10257/10259 (the k3s v1.2x line these benchmarks cover); the CIS-relevant values
 *   (anonymous-auth=false, profiling=false, authorization-mode=Node,RBAC, enable-admission-plugins=NodeRestriction,
 *   the TLS and service account files, bind-address 127.0.0.1) are the same at commit
 *   c8331835172c40d33f9841dfd6e9da469b11a7fa. The etcd client files of an embedded etcd are set in
 *   pkg/etcd/etcd.go (Datastore.BackendTLSConfig = Runtime.ETCDServerCA, ClientETCDCert, ClientETCDKey); the file
 *   names are those of pkg/daemons/control/deps/deps.go.
 * - kubelet and kube-proxy: pkg/daemons/agent/agent_linux.go (kubeletArgs, kubeProxyArgs) at commit
 *   82394d7d3642de2090c509cc27a62e28fa3fa88c; the agent's files are those kube-bench's cfg/k3s-cis-* names.
 * Only where the node gives no log of what really ran are these used, and the evidence then says
 * "k3s default (<file>)", so a reader knows the value is derived, not observed.
 */
export const K3S_SOURCES = {
  control: 'k3s-io/k3s pkg/daemons/control/server.go',
  etcd: 'k3s-io/k3s pkg/etcd/etcd.go',
  agent: 'k3s-io/k3s pkg/daemons/agent/agent_linux.go@82394d7d',
} as const;

export interface K3sContext {
  /** `data-dir`, default /var/lib/rancher/k3s (server state under <dir>/server, agent state under <dir>/agent). */
  dataDir: string;
  /** `https-listen-port`, default 6443; the embedded API server listens on the next port (6444). */
  httpsPort: number;
  clusterCidr: string;
  serviceCidr: string;
  clusterDomain: string;
  clusterDns: string;
  secretsEncryption: boolean;
  protectKernelDefaults: boolean;
  /** The datastore: the API server gets etcd client TLS files only for an embedded etcd. */
  embeddedEtcd: boolean;
  nodeName?: string;
  disableCloudController: boolean;
  /** Component flags that a k3s option decided (protect-kernel-defaults, secrets-encryption, node-name, ...): where that option was written. */
  from: Partial<Record<string, { option: string; location: import('../../domain/evidence.js').SourceLocation }>>;
}

export type DefaultArgs = readonly (readonly [flag: string, value: string])[];

export function apiserverDefaults(c: K3sContext): DefaultArgs {
  const tls = `${c.dataDir}/server/tls`;
  const args: [string, string][] = [
    ['advertise-port', String(c.httpsPort)],
    ['allow-privileged', 'true'],
    ['anonymous-auth', 'false'],
    ['api-audiences', `https://kubernetes.default.svc.${c.clusterDomain},k3s`],
    ['authorization-mode', 'Node,RBAC'],
    ['bind-address', '127.0.0.1'],
    ['cert-dir', `${tls}/temporary-certs`],
    ['client-ca-file', `${tls}/client-ca.crt`],
    ['egress-selector-config-file', `${c.dataDir}/server/etc/egress-selector-config.yaml`],
    ['enable-admission-plugins', 'NodeRestriction'],
    ['enable-aggregator-routing', 'true'],
    ['enable-bootstrap-token-auth', 'true'],
    ['kubelet-certificate-authority', `${tls}/server-ca.crt`],
    ['kubelet-client-certificate', `${tls}/client-kube-apiserver.crt`],
    ['kubelet-client-key', `${tls}/client-kube-apiserver.key`],
    ['profiling', 'false'],
    ['proxy-client-cert-file', `${tls}/client-auth-proxy.crt`],
    ['proxy-client-key-file', `${tls}/client-auth-proxy.key`],
    ['requestheader-allowed-names', 'system:auth-proxy'],
    ['requestheader-client-ca-file', `${tls}/request-header-ca.crt`],
    ['requestheader-extra-headers-prefix', 'X-Remote-Extra-'],
    ['requestheader-group-headers', 'X-Remote-Group'],
    ['requestheader-username-headers', 'X-Remote-User'],
    ['secure-port', String(c.httpsPort + 1)],
    ['service-account-issuer', `https://kubernetes.default.svc.${c.clusterDomain}`],
    ['service-account-key-file', `${tls}/service.key`],
    ['service-account-signing-key-file', `${tls}/service.current.key`],
    ['service-cluster-ip-range', c.serviceCidr],
    ['service-node-port-range', '30000-32767'],
    ['storage-backend', 'etcd3'],
    ['tls-cert-file', `${tls}/serving-kube-apiserver.crt`],
    ['tls-private-key-file', `${tls}/serving-kube-apiserver.key`],
  ];
  if (c.embeddedEtcd) {
    args.push(['etcd-cafile', `${tls}/etcd/server-ca.crt`], ['etcd-certfile', `${tls}/etcd/client.crt`], ['etcd-keyfile', `${tls}/etcd/client.key`]);
  }
  if (c.secretsEncryption) {
    args.push(['encryption-provider-config', `${c.dataDir}/server/cred/encryption-config.json`], ['encryption-provider-config-automatic-reload', 'true']);
  }
  return args;
}

export function controllerManagerDefaults(c: K3sContext): DefaultArgs {
  const cred = `${c.dataDir}/server/cred`;
  const tls = `${c.dataDir}/server/tls`;
  return [
    ['allocate-node-cidrs', 'true'],
    ['authentication-kubeconfig', `${cred}/controller.kubeconfig`],
    ['authorization-kubeconfig', `${cred}/controller.kubeconfig`],
    ['bind-address', '127.0.0.1'],
    ['cluster-cidr', c.clusterCidr],
    ...(c.disableCloudController ? [] : [['configure-cloud-routes', 'false'] as [string, string]]),
    ['controllers', c.disableCloudController ? '*,tokencleaner' : '*,tokencleaner,-service,-route,-cloud-node-lifecycle'],
    ['kubeconfig', `${cred}/controller.kubeconfig`],
    ['profiling', 'false'],
    ['root-ca-file', `${tls}/server-ca.crt`],
    ['secure-port', '10257'],
    ['service-account-private-key-file', `${tls}/service.current.key`],
    ['service-cluster-ip-range', c.serviceCidr],
    ['use-service-account-credentials', 'true'],
  ];
}

export function schedulerDefaults(c: K3sContext): DefaultArgs {
  const kubeconfig = `${c.dataDir}/server/cred/scheduler.kubeconfig`;
  return [
    ['authentication-kubeconfig', kubeconfig],
    ['authorization-kubeconfig', kubeconfig],
    ['bind-address', '127.0.0.1'],
    ['kubeconfig', kubeconfig],
    ['profiling', 'false'],
    ['secure-port', '10259'],
  ];
}

export function kubeletDefaults(c: K3sContext): DefaultArgs {
  const agent = `${c.dataDir}/agent`;
  const args: [string, string][] = [
    ['anonymous-auth', 'false'],
    ['authentication-token-webhook', 'true'],
    ['authorization-mode', 'Webhook'],
    ['cgroup-driver', 'cgroupfs'],
    ['client-ca-file', `${agent}/client-ca.crt`],
    ['cluster-dns', c.clusterDns],
    ['cluster-domain', c.clusterDomain],
    ['container-runtime-endpoint', 'unix:///run/k3s/containerd/containerd.sock'],
    ['eviction-hard', 'imagefs.available<5%,nodefs.available<5%'],
    ['eviction-minimum-reclaim', 'imagefs.available=10%,nodefs.available=10%'],
    ['fail-swap-on', 'false'],
    ['healthz-bind-address', '127.0.0.1'],
    ['kubeconfig', `${agent}/kubelet.kubeconfig`],
    ['pod-manifest-path', `${agent}/pod-manifests`],
    ['read-only-port', '0'],
    ['serialize-image-pulls', 'false'],
    ['tls-cert-file', `${agent}/serving-kubelet.crt`],
    ['tls-private-key-file', `${agent}/serving-kubelet.key`],
  ];
  if (!c.disableCloudController) args.push(['cloud-provider', 'external']);
  if (c.nodeName !== undefined) args.push(['hostname-override', c.nodeName]);
  if (c.protectKernelDefaults) args.push(['protect-kernel-defaults', 'true']);
  return args;
}

export function kubeProxyDefaults(c: K3sContext): DefaultArgs {
  const args: [string, string][] = [
    ['cluster-cidr', c.clusterCidr],
    ['conntrack-max-per-core', '0'],
    ['conntrack-tcp-timeout-close-wait', '0s'],
    ['conntrack-tcp-timeout-established', '0s'],
    ['healthz-bind-address', '127.0.0.1'],
    ['kubeconfig', `${c.dataDir}/agent/kubeproxy.kubeconfig`],
    ['proxy-mode', 'iptables'],
  ];
  if (c.nodeName !== undefined) args.push(['hostname-override', c.nodeName]);
  return args;
}

/** Which defaults, which `<component>-arg` option, and which source file cite each component. */
export const COMPONENT_TABLE: readonly { name: ComponentName; option: string; source: string; role: 'server' | 'agent'; defaults: (c: K3sContext) => DefaultArgs }[] = [
  { name: 'kube-apiserver', option: 'kube-apiserver-arg', source: K3S_SOURCES.control, role: 'server', defaults: apiserverDefaults },
  { name: 'kube-controller-manager', option: 'kube-controller-manager-arg', source: K3S_SOURCES.control, role: 'server', defaults: controllerManagerDefaults },
  { name: 'kube-scheduler', option: 'kube-scheduler-arg', source: K3S_SOURCES.control, role: 'server', defaults: schedulerDefaults },
  { name: 'kubelet', option: 'kubelet-arg', source: K3S_SOURCES.agent, role: 'agent', defaults: kubeletDefaults },
  { name: 'kube-proxy', option: 'kube-proxy-arg', source: K3S_SOURCES.agent, role: 'agent', defaults: kubeProxyDefaults },
];
