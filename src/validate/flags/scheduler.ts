import type { ComponentFlagData } from './model.js';

/**
 * kube-scheduler flags. Registered by cmd/kube-scheduler/app/options: options.go initFlags (`--config`,
 * `--write-config-to`, `--master`; secure serving, delegating authentication and authorization of
 * k8s.io/apiserver/pkg/server/options; leader election of component-base; feature gates; metrics; logs) and
 * deprecated.go (profiling, contention-profiling, kubeconfig, kube-api-*, pod-max-in-unschedulable-pods-duration).
 * List and kinds checked against the generated reference kubernetes/website
 * content/en/docs/reference/command-line-tools-reference/kube-scheduler.md (stored copy generated for 1.36:
 * `--emulated-version` "kube=1.33..1.36"), which still lists `--pod-max-in-unschedulable-pods-duration duration`
 * ("DEPRECATED … will be removed in a future version"). Suffixes as in apiserver.ts.
 */
const BASE_1_35 = `
allow-metric-labels:m allow-metric-labels-manifest authentication-kubeconfig authentication-skip-lookup:b
authentication-token-webhook-cache-ttl:d authentication-tolerate-lookup-failure:b authorization-always-allow-paths:l
authorization-kubeconfig authorization-webhook-cache-authorized-ttl:d authorization-webhook-cache-unauthorized-ttl:d
bind-address cert-dir client-ca-file config contention-profiling:b disable-http2-serving:b disabled-metrics:l
emulated-version:l feature-gates:m help:b http2-max-streams-per-connection:i kube-api-burst:i kube-api-content-type
kube-api-qps:f kubeconfig leader-elect:b leader-elect-lease-duration:d leader-elect-renew-deadline:d
leader-elect-resource-lock leader-elect-resource-name leader-elect-resource-namespace leader-elect-retry-period:d
log-flush-frequency:d log-text-info-buffer-size log-text-split-stream:b logging-format master min-compatibility-version:l
permit-address-sharing:b permit-port-sharing:b pod-max-in-unschedulable-pods-duration:d profiling:b
requestheader-allowed-names:l requestheader-client-ca-file requestheader-extra-headers-prefix:l
requestheader-group-headers:l requestheader-uid-headers:l requestheader-username-headers:l secure-port:i
show-hidden-metrics-for-version tls-cert-file tls-cipher-suites:l tls-min-version tls-private-key-file tls-sni-cert-key:m
v:i version vmodule write-config-to
`;

export const SCHEDULER_FLAGS: ComponentFlagData = {
  component: 'kube-scheduler',
  provenance: 'cmd/kube-scheduler/app/options (kubernetes/kubernetes options.go, deprecated.go) checked against the generated kube-scheduler reference (kubernetes/website, stored copy generated for 1.36); deltas cited per flag',
  baseMinor: 35,
  base: BASE_1_35,
  deltas: [
    // --pod-max-in-unschedulable-pods-duration is deprecated but still registered (deprecated.go; in the 1.36
    // reference): it is known for every minor. The previous data dropped it after 1.32, a false "unknown flag".
    { flags: 'emulated-version:l', since: 31, why: 'added in 1.31 (compatibility versions, KEP-4330)' },
    { flags: 'requestheader-uid-headers:l', since: 32, why: 'added in 1.32 (RemoteRequestHeaderUID)' },
    { flags: 'min-compatibility-version:l', since: 33, why: 'added in 1.33 (KEP-4330)' },
    // In the 1.36 reference; whether 1.35 already has it is not verified, so it is kept as known for 1.35.
    { flags: 'tls-curve-preferences:l', since: 35, why: 'in the 1.36 reference (int32Slice); 1.35 unverified, kept known' },
  ],
  inputFiles: 'authentication-kubeconfig authorization-kubeconfig client-ca-file config kubeconfig requestheader-client-ca-file tls-cert-file tls-private-key-file',
  outputFiles: '',
};
