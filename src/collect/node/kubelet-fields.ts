/**
 * Kubelet flags that set a KubeletConfiguration field, and the field defaults.
 * Field names are KubeletConfiguration v1beta1's (kubelet.config.k8s.io/v1beta1), dotted for nesting.
 */

export const FieldType = {
  bool: 'bool',
  int: 'int',
  string: 'string',
  /** A Go duration as written (`5m`, `4h0m0s`); judged by src/cis, kept verbatim here. */
  duration: 'duration',
  /** Comma-separated on the command line, a list in the file. */
  list: 'list',
  /** `--feature-gates=A=true,B=false`: merged key by key into featureGates. */
  featureGates: 'featureGates',
} as const;
export type FieldType = (typeof FieldType)[keyof typeof FieldType];

export interface FlagField {
  field: string;
  type: FieldType;
}

/** Every kubelet flag with a KubeletConfiguration field that the CIS checks or the collector read. */
export const KUBELET_FLAG_FIELDS: Readonly<Record<string, FlagField>> = {
  '--address': { field: 'address', type: 'string' },
  '--port': { field: 'port', type: 'int' },
  '--anonymous-auth': { field: 'authentication.anonymous.enabled', type: 'bool' },
  '--authentication-token-webhook': { field: 'authentication.webhook.enabled', type: 'bool' },
  '--authentication-token-webhook-cache-ttl': { field: 'authentication.webhook.cacheTTL', type: 'duration' },
  '--client-ca-file': { field: 'authentication.x509.clientCAFile', type: 'string' },
  '--authorization-mode': { field: 'authorization.mode', type: 'string' },
  '--authorization-webhook-cache-authorized-ttl': { field: 'authorization.webhook.cacheAuthorizedTTL', type: 'duration' },
  '--authorization-webhook-cache-unauthorized-ttl': { field: 'authorization.webhook.cacheUnauthorizedTTL', type: 'duration' },
  '--read-only-port': { field: 'readOnlyPort', type: 'int' },
  '--protect-kernel-defaults': { field: 'protectKernelDefaults', type: 'bool' },
  '--make-iptables-util-chains': { field: 'makeIPTablesUtilChains', type: 'bool' },
  '--event-qps': { field: 'eventRecordQPS', type: 'int' },
  '--event-burst': { field: 'eventBurst', type: 'int' },
  '--tls-cert-file': { field: 'tlsCertFile', type: 'string' },
  '--tls-private-key-file': { field: 'tlsPrivateKeyFile', type: 'string' },
  '--tls-cipher-suites': { field: 'tlsCipherSuites', type: 'list' },
  '--tls-min-version': { field: 'tlsMinVersion', type: 'string' },
  '--rotate-certificates': { field: 'rotateCertificates', type: 'bool' },
  '--rotate-server-certificates': { field: 'serverTLSBootstrap', type: 'bool' },
  '--feature-gates': { field: 'featureGates', type: 'featureGates' },
  '--streaming-connection-idle-timeout': { field: 'streamingConnectionIdleTimeout', type: 'duration' },
  '--pod-max-pids': { field: 'podPidsLimit', type: 'int' },
  '--seccomp-default': { field: 'seccompDefault', type: 'bool' },
  '--pod-manifest-path': { field: 'staticPodPath', type: 'string' },
  '--cgroup-driver': { field: 'cgroupDriver', type: 'string' },
  '--cluster-dns': { field: 'clusterDNS', type: 'list' },
  '--cluster-domain': { field: 'clusterDomain', type: 'string' },
  '--healthz-bind-address': { field: 'healthzBindAddress', type: 'string' },
  '--healthz-port': { field: 'healthzPort', type: 'int' },
  '--enable-debugging-handlers': { field: 'enableDebuggingHandlers', type: 'bool' },
  '--enable-server': { field: 'enableServer', type: 'bool' },
  '--fail-swap-on': { field: 'failSwapOn', type: 'bool' },
  '--max-pods': { field: 'maxPods', type: 'int' },
  '--container-runtime-endpoint': { field: 'containerRuntimeEndpoint', type: 'string' },
  '--hairpin-mode': { field: 'hairpinMode', type: 'string' },
  '--resolv-conf': { field: 'resolvConf', type: 'string' },
  '--kube-api-qps': { field: 'kubeAPIQPS', type: 'int' },
  '--kube-api-burst': { field: 'kubeAPIBurst', type: 'int' },
  '--register-node': { field: 'registerNode', type: 'bool' },
  '--serialize-image-pulls': { field: 'serializeImagePulls', type: 'bool' },
  '--volume-plugin-dir': { field: 'volumePluginDir', type: 'string' },
};

/**
 * Defaults of the fields above when the kubelet reads a config file: SetDefaults_KubeletConfiguration in
 * kubernetes/kubernetes pkg/kubelet/apis/config/v1beta1/defaults.go. Fields that function leaves unset have
 * Go's zero value (readOnlyPort 0, protectKernelDefaults false, rotateCertificates false, ...).
 * featureGates.RotateKubeletServerCertificate is the feature gate's own default (beta and on since 1.12).
 */
export const CONFIG_FILE_DEFAULTS: Readonly<Record<string, unknown>> = {
  address: '0.0.0.0',
  port: 10250,
  'authentication.anonymous.enabled': false,
  'authentication.webhook.enabled': true,
  'authentication.webhook.cacheTTL': '2m0s',
  'authorization.mode': 'Webhook',
  'authorization.webhook.cacheAuthorizedTTL': '5m0s',
  'authorization.webhook.cacheUnauthorizedTTL': '30s',
  readOnlyPort: 0,
  protectKernelDefaults: false,
  makeIPTablesUtilChains: true,
  eventRecordQPS: 50,
  eventBurst: 100,
  rotateCertificates: false,
  serverTLSBootstrap: false,
  'featureGates.RotateKubeletServerCertificate': true,
  streamingConnectionIdleTimeout: '4h0m0s',
  podPidsLimit: -1,
  seccompDefault: false,
  cgroupDriver: 'cgroupfs',
  healthzBindAddress: '127.0.0.1',
  healthzPort: 10248,
  enableDebuggingHandlers: true,
  enableServer: true,
  failSwapOn: true,
  maxPods: 110,
  containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
  hairpinMode: 'promiscuous-bridge',
  registerNode: true,
  serializeImagePulls: true,
  kubeAPIQPS: 50,
  kubeAPIBurst: 100,
  // Durations kubeadm writes as 0s, which the kubelet then defaults (imageMaximumGCAge, shutdownGracePeriod and
  // shutdownGracePeriodCriticalPods have no default: 0 means disabled).
  syncFrequency: '1m0s',
  fileCheckFrequency: '20s',
  httpCheckFrequency: '20s',
  nodeStatusUpdateFrequency: '10s',
  nodeStatusReportFrequency: '5m0s',
  imageMinimumGCAge: '2m0s',
  volumeStatsAggPeriod: '1m0s',
  cpuManagerReconcilePeriod: '10s',
  runtimeRequestTimeout: '2m0s',
  evictionPressureTransitionPeriod: '5m0s',
  volumePluginDir: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/',
};

/**
 * A kubelet started without --config keeps the command line's historical defaults:
 * applyLegacyDefaults in kubernetes/kubernetes cmd/kubelet/app/options/options.go overrides these four.
 */
export const FLAG_ONLY_DEFAULTS: Readonly<Record<string, unknown>> = {
  ...CONFIG_FILE_DEFAULTS,
  'authentication.anonymous.enabled': true,
  'authentication.webhook.enabled': false,
  'authorization.mode': 'AlwaysAllow',
  readOnlyPort: 10255,
};

/** Go's strconv.ParseBool. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** Converts a flag's text to the field's value; undefined when the text is not valid for the type. */
export function convertFlagValue(type: FieldType, value: string | undefined): unknown {
  switch (type) {
    case 'bool':
      return value === undefined ? true : parseGoBool(value);
    case 'int': {
      if (value === undefined || !/^[+-]?\d+$/.test(value.trim())) return undefined;
      return Number.parseInt(value, 10);
    }
    case 'list':
      return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    case 'string':
    case 'duration':
    case 'featureGates':
      return value;
  }
}

/** `A=true,B=false` -> {A: true, B: false}; undefined for a malformed pair. */
export function parseFeatureGates(value: string): Record<string, boolean> | undefined {
  const gates: Record<string, boolean> = {};
  for (const pair of value.split(',')) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq === -1) return undefined;
    const enabled = parseGoBool(trimmed.slice(eq + 1).trim());
    if (enabled === undefined) return undefined;
    gates[trimmed.slice(0, eq).trim()] = enabled;
  }
  return gates;
}

/**
 * Fields that SetDefaults_KubeletConfiguration defaults when they hold Go's zero value (non-pointer fields):
 * written in a config file as `0s`, `0` or `""` they are unset, and the default applies. kubeadm writes
 * `streamingConnectionIdleTimeout: 0s` this way, which the kubelet runs as 4h0m0s.
 * Pointer fields (anonymous.enabled, eventRecordQPS, healthzPort, ...) keep an explicit zero.
 * On the command line there is no second defaulting: `--streaming-connection-idle-timeout=0` is 0.
 */
export const ZERO_MEANS_UNSET: ReadonlySet<string> = new Set([
  'address', 'port', 'authentication.webhook.cacheTTL', 'authorization.mode', 'authorization.webhook.cacheAuthorizedTTL',
  'authorization.webhook.cacheUnauthorizedTTL', 'eventBurst', 'healthzBindAddress', 'streamingConnectionIdleTimeout',
  'cgroupDriver', 'hairpinMode', 'maxPods', 'containerRuntimeEndpoint', 'kubeAPIBurst', 'volumePluginDir',
  'syncFrequency', 'fileCheckFrequency', 'httpCheckFrequency', 'nodeStatusUpdateFrequency', 'nodeStatusReportFrequency',
  'imageMinimumGCAge', 'volumeStatsAggPeriod', 'cpuManagerReconcilePeriod', 'runtimeRequestTimeout',
  'evictionPressureTransitionPeriod',
]);

/** Go's zero value as a YAML/JSON config file writes it: `""`, `0`, or a zero duration such as `0s` / `0m0s`. */
export function isZeroValue(value: unknown): boolean {
  if (value === '' || value === 0) return true;
  return typeof value === 'string' && /^[+-]?(?:0+(?:\.0*)?(?:ns|us|µs|ms|s|m|h))+$/.test(value);
}

/**
 * Path fields the kubelet makes absolute against the config file's directory when they are relative
 * (KubeletConfigurationPathRefs, applied by the config file loader in pkg/kubelet/kubeletconfig/configfiles).
 */
export const CONFIG_PATH_FIELDS: ReadonlySet<string> = new Set([
  'staticPodPath', 'authentication.x509.clientCAFile', 'tlsCertFile', 'tlsPrivateKeyFile', 'resolvConf',
]);
