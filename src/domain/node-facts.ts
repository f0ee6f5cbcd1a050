import type { SourceLocation } from './evidence.js';

/**
 * Facts about one node, as `kubefort collect` writes them (JSON) and `kubefort bench --facts` reads them.
 * Plain data only: collecting them is src/collect/node, judging them is src/cis.
 * Paths are node paths (absolute, as seen on the node), never prefixed with --root.
 */
export interface NodeFacts {
  schemaVersion: 1;
  /** The --root the facts were read from, e.g. `/` or `/host`. */
  root: string;
  collectedAt: string;
  hostname?: string;
  kubernetesVersion: VersionFact;
  /** The distribution that laid the node out; absent in facts saved before kubefort recorded it. */
  platform?: PlatformFacts;
  /** Keyed by component; absent when the component neither runs nor has a static pod manifest. */
  components: Partial<Record<ComponentName, ComponentFacts>>;
  /** The kubelet's effective configuration; absent when no kubelet runs and none is configured. */
  kubelet?: KubeletFacts;
  /** kube-proxy's --config file as written (no defaults); absent when kube-proxy neither runs nor is configured. */
  kubeProxy?: KubeProxyFacts;
  /** Files the benchmark names, by role. A role may match several files (globs such as pki/*.key). */
  files: Partial<Record<FileRole, FileFact[]>>;
  /** Problems met while collecting (unreadable /proc entries, malformed files); the run went on. */
  warnings: CollectWarning[];
  /** On a k3s node: where the embedded components' arguments came from, and the datastore (src/collect/node/k3s.ts). */
  k3s?: K3sFacts;
}

/**
 * k3s runs the API server, controller manager, scheduler, kubelet and kube-proxy inside its own process (and etcd,
 * when it is the datastore), so their arguments are on no command line or manifest.
 */
export interface K3sFacts {
  role: 'server' | 'agent';
  /** What showed k3s: `process k3s server (/proc/512/cmdline)`, `/var/lib/rancher/k3s/server`. */
  evidence: string[];
  /** The k3s log read for "Running <component>" lines, when there was one. */
  logFile?: string;
  /** The config files merged, in k3s's order (config.yaml, then config.yaml.d/*.yaml). */
  configFiles: string[];
  /**
   * `etcd`: k3s's embedded etcd (its config file, a "Managed etcd cluster" log line or cluster-init);
   * `sqlite`: kine over /var/lib/rancher/k3s/server/db/state.db; `external`: datastore-endpoint names another
   * datastore (credentials redacted); `unknown`: nothing showed which.
   */
  datastore: 'etcd' | 'sqlite' | 'external' | 'unknown';
  datastoreEvidence: string;
  /** `v1.24.17+k3s1` from the log's "Starting k3s" line, when seen. */
  version?: string;
}

export const COMPONENTS = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'etcd',
  'kubelet',
  'kube-proxy',
] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/**
 * Which distribution laid the node out (src/collect/node/platform.ts): from the processes the collector read
 * (`k3s server`, `rke2 agent`), else from the paths each distribution creates.
 */
export interface PlatformFacts {
  /** `k3s`, `rke2`, `eks`, `gke`, `aks`, `openshift`, `kubeadm` (PLATFORMS); absent: no distribution recognised. */
  platform?: string;
  /** What was seen, strongest first: `process rke2 server (/proc/700/cmdline)`, `/etc/rancher/rke2/config.yaml`. */
  evidence: string[];
  /** The k3s / RKE2 role, when known from its process. */
  role?: 'server' | 'agent';
  /** OpenShift: the OCP minor the node's RHCOS image names (`4.15`), which picks the rh profile. */
  openshiftVersion?: string;
}

export interface VersionFact {
  /** `v1.32.4` style, or undefined when it could not be determined. */
  version?: string;
  /** Where it came from: `--k8s-version`, `image kube-apiserver registry.k8s.io/kube-apiserver:v1.32.4`, ... */
  source: string;
}

/** One command-line argument, split as the component's flag parser does (`--a=b`, `--a b`, `--bool`). */
export interface ArgFact {
  /** Flag name with leading dashes, e.g. `--anonymous-auth`. */
  flag: string;
  /** Value; undefined for a bare boolean flag (`--profiling` means true to the Go flag parser). */
  value?: string;
  /** Where the argument was written: manifest file:line:column, `/proc/<pid>/cmdline`, or a kubeadm env file. */
  location: SourceLocation;
}

export interface ComponentFacts {
  name: ComponentName;
  /**
   * `process`: read from <root>/proc/<pid>/cmdline (the running truth);
   * `manifest`: the process was not visible, so the static pod manifest's command+args stand in;
   * `systemd`: kubelet not running, arguments assembled from its systemd unit and kubeadm env files;
   * `k3s-log`: embedded in k3s, the argv k3s logged in its last "Running <component>" line;
   * `k3s`: embedded in k3s, no log at hand: k3s's built-in arguments overlaid with its config and command line
   *   (each argument's location says which: a config file line, the command line, or `k3s default (<source>)`).
   */
  source: 'process' | 'manifest' | 'systemd' | 'k3s-log' | 'k3s';
  pid?: number;
  /** argv[0] or the manifest's command[0]. */
  executable: string;
  /** Every argument after the executable, in order. A flag given twice appears twice; the last one wins. */
  args: ArgFact[];
  /** Static pod manifest path, when there is one (also for `process`, when the manifest exists). */
  manifest?: string;
  /** Container image from the manifest, e.g. `registry.k8s.io/kube-apiserver:v1.32.4`. */
  image?: string;
  /** Where the arguments were read, when no process or manifest says it (k3s: `/var/log/k3s.log:12`). */
  origin?: string;
}

/** Where one field of the effective kubelet configuration came from. */
export interface KubeletFieldSource {
  /** `flag` wins over `drop-in`, which wins over `config-file`; `default` is KubeletConfiguration's default. */
  kind: 'flag' | 'drop-in' | 'config-file' | 'default';
  location?: SourceLocation;
}

export interface KubeletFacts {
  /** Path of the KubeletConfiguration file and how it was found. */
  configFile?: string;
  configFileSource: 'flag --config' | 'kubeadm-flags.env' | '10-kubeadm.conf' | 'default path' | 'none';
  /** --config-dir and the drop-in files merged, in merge order. */
  configDir?: string;
  dropIns: string[];
  /**
   * The effective configuration in KubeletConfiguration field names (camelCase, nested as in the file:
   * `authentication.anonymous.enabled`, `readOnlyPort`, ...), after file, drop-ins, flags and defaults.
   */
  effective: Record<string, unknown>;
  /** Dotted field path (`authentication.anonymous.enabled`) -> where its effective value came from. */
  sources: Record<string, KubeletFieldSource>;
  /** Kubelet flags that have no KubeletConfiguration field (`--kubeconfig`, `--hostname-override`, ...). */
  flags: ArgFact[];
  /**
   * Set when the config file named by --config could not be read or parsed (file:line:column for YAML errors):
   * `effective` then holds only drop-ins, flags and defaults, and checks that depend on the file should WARN.
   */
  configFileError?: CollectWarning;
}

export interface KubeProxyFacts {
  /** The --config path as kube-proxy was given it (inside its container on kubeadm). */
  configFile?: string;
  /**
   * The node path the file was read from: the same path, or `/proc/<pid>/root/<path>` (the container's
   * filesystem as the node sees it) when kube-proxy runs in a pod.
   */
  readFrom?: string;
  /** The KubeProxyConfiguration as written, e.g. `metricsBindAddress`; absent when it could not be read. */
  config?: Record<string, unknown>;
  /** Dotted field path -> file:line:column where it is written. */
  locations: Record<string, SourceLocation>;
  /** Why the config file could not be read or parsed. */
  configFileError?: CollectWarning;
}

/**
 * Files by the role the CIS benchmark gives them. The collector finds each role's path(s) from
 * the running components (e.g. etcd `--data-dir`, kubelet `--kubeconfig`) or the kubeadm default.
 */
export const FILE_ROLES = [
  'apiserver-manifest', // /etc/kubernetes/manifests/kube-apiserver.yaml
  'controller-manager-manifest',
  'scheduler-manifest',
  'etcd-manifest',
  'cni-config', // every file under /etc/cni/net.d
  'etcd-data-dir', // etcd --data-dir, default /var/lib/etcd
  'admin-kubeconfig', // /etc/kubernetes/admin.conf
  'super-admin-kubeconfig', // /etc/kubernetes/super-admin.conf (kubeadm 1.29+)
  'scheduler-kubeconfig', // /etc/kubernetes/scheduler.conf
  'controller-manager-kubeconfig', // /etc/kubernetes/controller-manager.conf
  'pki-dir', // /etc/kubernetes/pki and everything below it
  'pki-certs', // /etc/kubernetes/pki/**/*.crt
  'pki-keys', // /etc/kubernetes/pki/**/*.key
  'kubelet-service', // the kubelet systemd unit drop-in, e.g. /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf
  'kubelet-kubeconfig', // kubelet --kubeconfig, default /etc/kubernetes/kubelet.conf
  'kubelet-config', // the KubeletConfiguration file (--config)
  'kubelet-client-ca', // authentication.x509.clientCAFile
  'proxy-kubeconfig', // kube-proxy --kubeconfig (or its config file's clientConnection.kubeconfig)
  'proxy-config', // kube-proxy --config
  'azure-json', // AKS: /etc/kubernetes/azure.json, the Azure cloud provider config (may hold the cluster identity's secret)
  'openshift-static-pod', // OpenShift: /etc/kubernetes/manifests/<name>-pod.yaml and the newest static-pod-resources/<name>-pod-N/<name>-pod.yaml
] as const;
export type FileRole = (typeof FILE_ROLES)[number];

export interface FileFact {
  path: string;
  exists: boolean;
  /** Why it could not be read (e.g. `permission denied`); exists may still be true. */
  error?: string;
  /** The errno code behind `error` (`EACCES`, ...), when a read failed (see CollectWarning.code). */
  errorCode?: string;
  /**
   * `symlink` when the path is a symbolic link: mode, uid and gid are then the target's (chmod/chown act on the
   * target; a Linux link's own mode is always 777), and `target` is the resolved node path.
   */
  type?: 'file' | 'directory' | 'symlink' | 'other';
  target?: string;
  /** Permission bits only, e.g. 0o600 (384). */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Names from <root>/etc/passwd and <root>/etc/group; absent when the id has no entry there. */
  user?: string;
  group?: string;
}

export interface CollectWarning {
  message: string;
  /**
   * Why a read failed, for a program to decide by (never by the wording): the errno code of the node's file
   * system (`EACCES`, `EPERM`, `ELOOP`, ...) or kubefort's own `ENOTREG` / `EFBIG`. Absent for warnings about
   * content (a malformed manifest) and in facts saved by versions before it.
   */
  code?: string;
  location?: SourceLocation;
}
