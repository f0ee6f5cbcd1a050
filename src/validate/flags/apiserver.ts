import type { ComponentFlagData } from './model.js';
import { CLIENT_CERT_AND_REQUEST_HEADER, LOGS_METRICS_AND_GENERIC, SECURE_SERVING, SHARED_DELTAS } from './shared.js';

/**
 * kube-apiserver flags. Base: the generated kube-apiserver reference for 1.35 (kubernetes/website
 * content/en/docs/reference/command-line-tools-reference/kube-apiserver.md, generated from
 * cmd/kube-apiserver/app/options, staging/src/k8s.io/apiserver/pkg/server/options and component-base),
 * whose `--emulated-version` reads "kube=1.32..1.35". Suffix `:b` = bool (pflag never takes the next argument),
 * `:l` = string slice (a repeated flag APPENDS), `:m` = map or repeatable flag, `:i` int, `:f` float, `:d` Go duration
 * (types as the reference prints them); no suffix = another single value (string, IP, CIDR, ...).
 */
const BASE_1_35 = `
${SECURE_SERVING} ${CLIENT_CERT_AND_REQUEST_HEADER} ${LOGS_METRICS_AND_GENERIC}
admission-control:l admission-control-config-file advertise-address aggregator-reject-forwarding-redirect:b
allow-privileged:b anonymous-auth:b api-audiences:l audit-log-batch-buffer-size:i audit-log-batch-max-size:i
audit-log-batch-max-wait:d audit-log-batch-throttle-burst:i audit-log-batch-throttle-enable:b
audit-log-batch-throttle-qps:f audit-log-compress:b audit-log-format audit-log-maxage:i audit-log-maxbackup:i
audit-log-maxsize:i audit-log-mode audit-log-path audit-log-truncate-enabled:b audit-log-truncate-max-batch-size:i
audit-log-truncate-max-event-size:i audit-log-version audit-policy-file audit-webhook-batch-buffer-size:i
audit-webhook-batch-max-size:i audit-webhook-batch-max-wait:d audit-webhook-batch-throttle-burst:i
audit-webhook-batch-throttle-enable:b audit-webhook-batch-throttle-qps:f audit-webhook-config-file
audit-webhook-initial-backoff:d audit-webhook-mode audit-webhook-truncate-enabled:b
audit-webhook-truncate-max-batch-size:i audit-webhook-truncate-max-event-size:i audit-webhook-version
authentication-config authentication-token-webhook-cache-ttl:d authentication-token-webhook-config-file
authentication-token-webhook-version authorization-config authorization-mode:l authorization-policy-file
authorization-webhook-cache-authorized-ttl:d authorization-webhook-cache-unauthorized-ttl:d
authorization-webhook-config-file authorization-webhook-version coordinated-leadership-lease-duration:d
coordinated-leadership-renew-deadline:d coordinated-leadership-retry-period:d cors-allowed-origins:l debug-socket-path
default-not-ready-toleration-seconds:i default-unreachable-toleration-seconds:i delete-collection-workers:i
disable-admission-plugins:l egress-selector-config-file emulation-forward-compatible:b enable-admission-plugins:l
enable-aggregator-routing:b enable-bootstrap-token-auth:b enable-garbage-collector:b enable-logs-handler:b
enable-priority-and-fairness:b encryption-provider-config encryption-provider-config-automatic-reload:b
endpoint-reconciler-type etcd-cafile etcd-certfile etcd-compaction-interval:d etcd-count-metric-poll-period:d
etcd-db-metric-poll-interval:d etcd-healthcheck-timeout:d etcd-keyfile etcd-prefix etcd-readycheck-timeout:d
etcd-servers:l etcd-servers-overrides:l event-ttl:d external-hostname goaway-chance:f kubelet-certificate-authority
kubelet-client-certificate kubelet-client-key kubelet-preferred-address-types:l kubelet-timeout:d
kubernetes-service-node-port:i lease-reuse-duration-seconds:i livez-grace-period:d max-connection-bytes-per-sec:i
max-mutating-requests-inflight:i max-requests-inflight:i min-request-timeout:i oidc-ca-file oidc-client-id
oidc-groups-claim oidc-groups-prefix oidc-issuer-url oidc-required-claim:m oidc-signing-algs:l oidc-username-claim
oidc-username-prefix peer-advertise-ip peer-advertise-port peer-ca-file proxy-client-cert-file proxy-client-key-file
request-timeout:d runtime-config:m runtime-config-emulation-forward-compatible:b
service-account-extend-token-expiration:b service-account-issuer:l service-account-jwks-uri service-account-key-file:l
service-account-lookup:b service-account-max-token-expiration:d service-account-signing-endpoint
service-account-signing-key-file service-cluster-ip-range service-node-port-range shutdown-delay-duration:d
shutdown-send-retry-after:b shutdown-watch-termination-grace-period:d storage-backend storage-initialization-timeout:d
storage-media-type strict-transport-security-directives:l token-auth-file tracing-config-file watch-cache:b
watch-cache-sizes:l
`;

export const APISERVER_FLAGS: ComponentFlagData = {
  component: 'kube-apiserver',
  provenance: 'kube-apiserver reference for 1.35 (kubernetes/website command-line-tools-reference/kube-apiserver.md, generated from cmd/kube-apiserver/app/options and k8s.io/apiserver/pkg/server/options); deltas from the CHANGELOG entries cited per flag',
  baseMinor: 35,
  base: BASE_1_35,
  deltas: [
    // kubernetes/kubernetes#130162 (1.33): "kube-apiserver: removed the deprecated --cloud-provider and --cloud-config";
    // kubernetes/kops#17267 shows a 1.33 pre-release exiting with "Error: unknown flag: --cloud-config".
    { flags: 'cloud-provider cloud-config', until: 32, why: 'removed in 1.33 (kubernetes/kubernetes#130162)' },
    // In-tree cloud providers removed in 1.31 (KEP-2395): the GCE load-balancer source-range flags went with them.
    { flags: 'cloud-provider-gce-l7lb-src-cidrs cloud-provider-gce-lb-src-cidrs', until: 30, why: 'removed with the in-tree cloud providers in 1.31 (KEP-2395)' },
    // The Azure credential provider flag was removed from every component in 1.30.
    { flags: 'azure-container-registry-config', until: 29, why: 'removed in 1.30 with the in-tree Azure credential provider' },
    // Not in the 1.35 reference; kept as known for older minors rather than risk calling a working flag unknown.
    { flags: 'default-watch-cache-size:i', until: 34, why: 'not in the 1.35 reference' },
    // Coordinated leader election (KEP-4355) arrived in 1.31 (compatibility versions, KEP-4330, are in SHARED_DELTAS).
    // The coordinated-leadership durations carry `:d` here too: a delta's kind replaces the base kind.
    { flags: 'coordinated-leadership-lease-duration:d coordinated-leadership-renew-deadline:d coordinated-leadership-retry-period:d', since: 31, why: 'added in 1.31 (KEP-4355 coordinated leader election)' },
    // --storage-initialization-timeout: the minor that added it is not verified in the stored corpus, so it is known
    // for every minor (the previous data started it at 1.31, a possible false "unknown flag" on 1.29–1.30).
    { flags: 'service-account-signing-endpoint', since: 32, why: 'added in 1.32 (external JWT signer)' },
    { flags: 'emulation-forward-compatible:b runtime-config-emulation-forward-compatible:b', since: 33, why: 'added in 1.33 (KEP-4330)' },
    ...SHARED_DELTAS,
  ],
  admissionPlugins: {
    base: `AlwaysAdmit AlwaysDeny AlwaysPullImages CertificateApproval CertificateSigning CertificateSubjectRestriction
ClusterTrustBundleAttest DefaultIngressClass DefaultStorageClass DefaultTolerationSeconds DenyServiceExternalIPs EventRateLimit
ExtendedResourceToleration ImagePolicyWebhook LimitPodHardAntiAffinityTopology LimitRanger MutatingAdmissionPolicy
MutatingAdmissionWebhook NamespaceAutoProvision NamespaceExists NamespaceLifecycle NodeDeclaredFeatureValidator NodeRestriction
OwnerReferencesPermissionEnforcement PersistentVolumeClaimResize PodNodeSelector PodSecurity PodTolerationRestriction
PodTopologyLabels Priority ResourceQuota RuntimeClass ServiceAccount StorageObjectInUseProtection TaintNodesByCondition
ValidatingAdmissionPolicy ValidatingAdmissionWebhook`,
    deltas: [
      { flags: 'SecurityContextDeny', until: 29, why: 'removed in 1.30 (CHANGELOG-1.30)' },
      { flags: 'PersistentVolumeLabel', until: 30, why: 'removed in 1.31 (kubernetes/kubernetes#124505, merged 2024-05; release-1.30 kept it and only cleaned it up, #124794)' },
      { flags: 'MutatingAdmissionPolicy', since: 32, why: 'added in 1.32 (MutatingAdmissionPolicy alpha)' },
      { flags: 'PodTopologyLabels', since: 33, why: 'added in 1.33' },
      { flags: 'NodeDeclaredFeatureValidator', since: 35, why: 'added in 1.35' },
    ],
  },
  /** --authorization-mode: "Comma-delimited list of: AlwaysAllow,AlwaysDeny,ABAC,Webhook,RBAC,Node". */
  authorizationModes: ['AlwaysAllow', 'AlwaysDeny', 'ABAC', 'Webhook', 'RBAC', 'Node'],
  inputFiles: `admission-control-config-file audit-policy-file audit-webhook-config-file authentication-config
authentication-token-webhook-config-file authorization-config authorization-policy-file authorization-webhook-config-file
client-ca-file egress-selector-config-file encryption-provider-config etcd-cafile etcd-certfile etcd-keyfile
kubelet-certificate-authority kubelet-client-certificate kubelet-client-key oidc-ca-file proxy-client-cert-file
proxy-client-key-file requestheader-client-ca-file service-account-key-file service-account-signing-key-file tls-cert-file
tls-private-key-file token-auth-file tracing-config-file`,
  outputFiles: 'audit-log-path',
};
