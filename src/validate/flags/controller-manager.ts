import type { ComponentFlagData } from './model.js';

/**
 * kube-controller-manager flags. Base: the generated kube-controller-manager reference for 1.35
 * (kubernetes/website content/uk/docs/reference/command-line-tools-reference/kube-controller-manager.md, generated from
 * cmd/kube-controller-manager/app/options; its `--emulated-version` reads "kube=1.32..1.35"). Suffixes as in apiserver.ts.
 */
const BASE_1_35 = `
allocate-node-cidrs:b allow-metric-labels:m allow-metric-labels-manifest attach-detach-reconcile-sync-period
authentication-kubeconfig authentication-skip-lookup:b authentication-token-webhook-cache-ttl
authentication-tolerate-lookup-failure:b authorization-always-allow-paths:l authorization-kubeconfig
authorization-webhook-cache-authorized-ttl authorization-webhook-cache-unauthorized-ttl bind-address cert-dir
cidr-allocator-type client-ca-file cloud-config cloud-provider cluster-cidr cluster-name cluster-signing-cert-file
cluster-signing-duration cluster-signing-key-file cluster-signing-kube-apiserver-client-cert-file
cluster-signing-kube-apiserver-client-key-file cluster-signing-kubelet-client-cert-file cluster-signing-kubelet-client-key-file
cluster-signing-kubelet-serving-cert-file cluster-signing-kubelet-serving-key-file cluster-signing-legacy-unknown-cert-file
cluster-signing-legacy-unknown-key-file concurrent-cron-job-syncs concurrent-daemonset-syncs concurrent-deployment-syncs
concurrent-device-taint-eviction-syncs concurrent-endpoint-syncs concurrent-ephemeralvolume-syncs concurrent-gc-syncs
concurrent-horizontal-pod-autoscaler-syncs concurrent-job-syncs concurrent-namespace-syncs concurrent-rc-syncs
concurrent-replicaset-syncs concurrent-resource-quota-syncs concurrent-service-endpoint-syncs concurrent-service-syncs
concurrent-serviceaccount-token-syncs concurrent-statefulset-syncs concurrent-ttl-after-finished-syncs
concurrent-validating-admission-policy-status-syncs configure-cloud-routes:b contention-profiling:b controller-shutdown-timeout
controller-start-interval controllers:l disable-attach-detach-reconcile-sync:b disable-force-detach-on-timeout:b
disable-http2-serving:b disabled-metrics:l emulated-version:l enable-dynamic-provisioning:b enable-garbage-collector:b
enable-hostpath-provisioner:b enable-leader-migration:b endpoint-updates-batch-period endpointslice-updates-batch-period
external-cloud-volume-plugin feature-gates:m flex-volume-plugin-dir help:b horizontal-pod-autoscaler-cpu-initialization-period
horizontal-pod-autoscaler-downscale-stabilization horizontal-pod-autoscaler-initial-readiness-delay
horizontal-pod-autoscaler-sync-period horizontal-pod-autoscaler-tolerance http2-max-streams-per-connection kube-api-burst
kube-api-content-type kube-api-qps kubeconfig large-cluster-size-threshold leader-elect:b leader-elect-lease-duration
leader-elect-renew-deadline leader-elect-resource-lock leader-elect-resource-name leader-elect-resource-namespace
leader-elect-retry-period leader-migration-config legacy-service-account-token-clean-up-period log-flush-frequency
log-text-info-buffer-size log-text-split-stream:b logging-format master max-endpoints-per-slice min-compatibility-version:l
min-resync-period mirroring-concurrent-service-endpoint-syncs mirroring-endpointslice-updates-batch-period
mirroring-max-endpoints-per-subset namespace-sync-period node-cidr-mask-size node-cidr-mask-size-ipv4 node-cidr-mask-size-ipv6
node-eviction-rate node-monitor-grace-period node-monitor-period node-startup-grace-period permit-address-sharing:b
permit-port-sharing:b profiling:b pv-recycler-increment-timeout-nfs pv-recycler-minimum-timeout-hostpath
pv-recycler-minimum-timeout-nfs pv-recycler-pod-template-filepath-hostpath pv-recycler-pod-template-filepath-nfs
pv-recycler-timeout-increment-hostpath pvclaimbinder-sync-period requestheader-allowed-names:l requestheader-client-ca-file
requestheader-extra-headers-prefix:l requestheader-group-headers:l requestheader-uid-headers:l requestheader-username-headers:l
resource-quota-sync-period root-ca-file route-reconciliation-period secondary-node-eviction-rate secure-port
service-account-private-key-file service-cluster-ip-range show-hidden-metrics-for-version terminated-pod-gc-threshold
tls-cert-file tls-cipher-suites:l tls-min-version tls-private-key-file tls-sni-cert-key:m unhealthy-zone-threshold
use-service-account-credentials:b v version vmodule
`;

export const CONTROLLER_MANAGER_FLAGS: ComponentFlagData = {
  component: 'kube-controller-manager',
  provenance: 'kube-controller-manager reference for 1.35 (kubernetes/website, generated from cmd/kube-controller-manager/app/options); deltas from the CHANGELOG entries cited per flag',
  baseMinor: 35,
  base: BASE_1_35,
  deltas: [
    { flags: 'azure-container-registry-config', until: 29, why: 'removed in 1.30 with the in-tree Azure credential provider' },
    { flags: 'cloud-provider-gce-lb-src-cidrs', until: 30, why: 'removed with the in-tree cloud providers in 1.31 (KEP-2395)' },
    // Not in the 1.35 reference; kept as known for older minors rather than risk calling a working flag unknown.
    { flags: 'volume-host-allow-local-loopback:b volume-host-cidr-denylist:l node-sync-period', until: 34, why: 'not in the 1.35 reference' },
    { flags: 'emulated-version:l', since: 31, why: 'added in 1.31 (compatibility versions)' },
    { flags: 'requestheader-uid-headers:l', since: 32, why: 'added in 1.32' },
    { flags: 'min-compatibility-version:l', since: 33, why: 'added in 1.33' },
  ],
  inputFiles: `authentication-kubeconfig authorization-kubeconfig client-ca-file cluster-signing-cert-file cluster-signing-key-file
kubeconfig requestheader-client-ca-file root-ca-file service-account-private-key-file tls-cert-file tls-private-key-file`,
  outputFiles: '',
};
