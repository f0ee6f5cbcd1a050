import type { ComponentFlagData } from './model.js';

/**
 * kube-scheduler flags as cmd/kube-scheduler/app/options registers them (options.go: the config file, the
 * deprecated leader-election and kube-api flags, secure serving, delegating authentication and authorization,
 * logs, metrics and feature gates of component-base). Suffixes as in apiserver.ts.
 */
const BASE_1_35 = `
allow-metric-labels:m allow-metric-labels-manifest authentication-kubeconfig authentication-skip-lookup:b
authentication-token-webhook-cache-ttl authentication-tolerate-lookup-failure:b authorization-always-allow-paths:l
authorization-kubeconfig authorization-webhook-cache-authorized-ttl authorization-webhook-cache-unauthorized-ttl bind-address
cert-dir client-ca-file config contention-profiling:b disable-http2-serving:b disabled-metrics:l emulated-version:l
feature-gates:m help:b http2-max-streams-per-connection kube-api-burst kube-api-content-type kube-api-qps kubeconfig
leader-elect:b leader-elect-lease-duration leader-elect-renew-deadline leader-elect-resource-lock leader-elect-resource-name
leader-elect-resource-namespace leader-elect-retry-period log-flush-frequency log-text-info-buffer-size log-text-split-stream:b
logging-format master min-compatibility-version:l permit-address-sharing:b permit-port-sharing:b profiling:b
requestheader-allowed-names:l requestheader-client-ca-file requestheader-extra-headers-prefix:l requestheader-group-headers:l
requestheader-uid-headers:l requestheader-username-headers:l secure-port show-hidden-metrics-for-version tls-cert-file
tls-cipher-suites:l tls-min-version tls-private-key-file tls-sni-cert-key:m v version vmodule write-config-to
`;

export const SCHEDULER_FLAGS: ComponentFlagData = {
  component: 'kube-scheduler',
  provenance: 'cmd/kube-scheduler/app/options (kubernetes/kubernetes) with component-base logs, metrics and feature gates',
  baseMinor: 35,
  base: BASE_1_35,
  deltas: [
    { flags: 'pod-max-in-unschedulable-pods-duration', until: 32, why: 'deprecated flag, kept as known up to 1.32' },
    { flags: 'emulated-version:l', since: 31, why: 'added in 1.31 (compatibility versions)' },
    { flags: 'requestheader-uid-headers:l', since: 32, why: 'added in 1.32' },
    { flags: 'min-compatibility-version:l', since: 33, why: 'added in 1.33' },
  ],
  inputFiles: 'authentication-kubeconfig authorization-kubeconfig client-ca-file config kubeconfig requestheader-client-ca-file tls-cert-file tls-private-key-file',
  outputFiles: '',
};
