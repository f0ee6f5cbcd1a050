import type { FlagDelta } from './model.js';

/**
 * Option groups the control-plane components register from the same code, so each is listed once here and
 * composed into the components' lists (suffixes as in apiserver.ts). Sources: k8s.io/apiserver/pkg/server/options
 * (secure serving; client-certificate and request-header authentication, embedded both by kube-apiserver's built-in
 * authentication and by the delegating authentication of kube-controller-manager and kube-scheduler) and
 * k8s.io/component-base (logs, metrics, leader election, client connection, feature gates, compatibility versions).
 */

/** SecureServingOptions (every component). */
export const SECURE_SERVING = `bind-address cert-dir disable-http2-serving:b http2-max-streams-per-connection:i permit-address-sharing:b
permit-port-sharing:b secure-port:i tls-cert-file tls-cipher-suites:l tls-min-version tls-private-key-file tls-sni-cert-key:m`;

/** ClientCertAuthenticationOptions and RequestHeaderAuthenticationOptions (every component). */
export const CLIENT_CERT_AND_REQUEST_HEADER = `client-ca-file requestheader-allowed-names:l requestheader-client-ca-file
requestheader-extra-headers-prefix:l requestheader-group-headers:l requestheader-uid-headers:l requestheader-username-headers:l`;

/** component-base logs and metrics, feature gates, compatibility versions, profiling, --help and --version (every component). */
export const LOGS_METRICS_AND_GENERIC = `log-flush-frequency:d log-text-info-buffer-size log-text-split-stream:b logging-format v:i vmodule
allow-metric-labels:m allow-metric-labels-manifest disabled-metrics:l show-hidden-metrics-for-version
feature-gates:m emulated-version:l min-compatibility-version:l contention-profiling:b profiling:b help:b version`;

/** DelegatingAuthenticationOptions and DelegatingAuthorizationOptions (kube-controller-manager, kube-scheduler). */
export const DELEGATING_AUTH = `authentication-kubeconfig authentication-skip-lookup:b authentication-token-webhook-cache-ttl:d
authentication-tolerate-lookup-failure:b authorization-always-allow-paths:l authorization-kubeconfig
authorization-webhook-cache-authorized-ttl:d authorization-webhook-cache-unauthorized-ttl:d`;

/** Leader election and the API client connection (kube-controller-manager, kube-scheduler). */
export const LEADER_ELECTION_AND_CLIENT = `leader-elect:b leader-elect-lease-duration:d leader-elect-renew-deadline:d
leader-elect-resource-lock leader-elect-resource-name leader-elect-resource-namespace leader-elect-retry-period:d
kube-api-burst:i kube-api-content-type kube-api-qps:f kubeconfig master`;

/** When the shared groups' newer flags arrived; the same minors for every component. */
export const SHARED_DELTAS: readonly FlagDelta[] = [
  { flags: 'emulated-version:l', since: 31, why: 'added in 1.31 (compatibility versions, KEP-4330)' },
  { flags: 'requestheader-uid-headers:l', since: 32, why: 'added in 1.32 (RemoteRequestHeaderUID)' },
  { flags: 'min-compatibility-version:l', since: 33, why: 'added in 1.33 (KEP-4330)' },
  // In the generated 1.36 references (int32Slice, secure serving options); whether 1.35 already has it is not
  // verified, so it is kept as known for 1.35.
  { flags: 'tls-curve-preferences:l', since: 35, why: 'in the 1.36 references (secure serving options); 1.35 unverified, kept known' },
];
