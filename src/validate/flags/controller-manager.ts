import type { ComponentFlagData } from './model.js';

/**
 * kube-controller-manager flags. Base: the generated kube-controller-manager reference for 1.35
 * (kubernetes/website content/uk/docs/reference/command-line-tools-reference/kube-controller-manager.md, generated from
 * cmd/kube-controller-manager/app/options; its `--emulated-version` reads "kube=1.32..1.35"). Suffixes as in apiserver.ts.
 */
const BASE_1_35 = `
allocate-node-cidrs:b allow-metric-labels:m allow-metric-labels-manifest attach-detach-reconcile-sync-period:d
authentication-kubeconfig authentication-skip-lookup:b authentication-token-webhook-cache-ttl:d
authentication-tolerate-lookup-failure:b authorization-always-allow-paths:l authorization-kubeconfig
authorization-webhook-cache-authorized-ttl:d authorization-webhook-cache-unauthorized-ttl:d bind-address cert-dir
cidr-allocator-type client-ca-file cloud-config cloud-provider cluster-cidr cluster-name cluster-signing-cert-file
cluster-signing-duration:d cluster-signing-key-file cluster-signing-kube-apiserver-client-cert-file
cluster-signing-kube-apiserver-client-key-file cluster-signing-kubelet-client-cert-file cluster-signing-kubelet-client-key-file
cluster-signing-kubelet-serving-cert-file cluster-signing-kubelet-serving-key-file cluster-signing-legacy-unknown-cert-file
cluster-signing-legacy-unknown-key-file concurrent-cron-job-syncs:i concurrent-daemonset-syncs:i concurrent-deployment-syncs:i
concurrent-device-taint-eviction-syncs:i concurrent-endpoint-syncs:i concurrent-ephemeralvolume-syncs:i concurrent-gc-syncs:i
concurrent-horizontal-pod-autoscaler-syncs:i concurrent-job-syncs:i concurrent-namespace-syncs:i concurrent-rc-syncs:i
concurrent-replicaset-syncs:i concurrent-resource-quota-syncs:i concurrent-service-endpoint-syncs:i concurrent-service-syncs:i
concurrent-serviceaccount-token-syncs:i concurrent-statefulset-syncs:i concurrent-ttl-after-finished-syncs:i
concurrent-validating-admission-policy-status-syncs:i configure-cloud-routes:b contention-profiling:b controller-shutdown-timeout:d
controller-start-interval:d controllers:l disable-attach-detach-reconcile-sync:b disable-force-detach-on-timeout:b
disable-http2-serving:b disabled-metrics:l emulated-version:l enable-dynamic-provisioning:b enable-garbage-collector:b
enable-hostpath-provisioner:b enable-leader-migration:b endpoint-updates-batch-period:d endpointslice-updates-batch-period:d
external-cloud-volume-plugin feature-gates:m flex-volume-plugin-dir help:b horizontal-pod-autoscaler-cpu-initialization-period:d
horizontal-pod-autoscaler-downscale-stabilization:d horizontal-pod-autoscaler-initial-readiness-delay:d
horizontal-pod-autoscaler-sync-period:d horizontal-pod-autoscaler-tolerance:f http2-max-streams-per-connection:i kube-api-burst:i
kube-api-content-type kube-api-qps:f kubeconfig large-cluster-size-threshold:i leader-elect:b leader-elect-lease-duration:d
leader-elect-renew-deadline:d leader-elect-resource-lock leader-elect-resource-name leader-elect-resource-namespace
leader-elect-retry-period:d leader-migration-config legacy-service-account-token-clean-up-period:d log-flush-frequency:d
log-text-info-buffer-size log-text-split-stream:b logging-format master max-endpoints-per-slice:i min-compatibility-version:l
min-resync-period:d mirroring-concurrent-service-endpoint-syncs:i mirroring-endpointslice-updates-batch-period:d
mirroring-max-endpoints-per-subset:i namespace-sync-period:d node-cidr-mask-size:i node-cidr-mask-size-ipv4:i node-cidr-mask-size-ipv6:i
node-eviction-rate:f node-monitor-grace-period:d node-monitor-period:d node-startup-grace-period:d permit-address-sharing:b
permit-port-sharing:b profiling:b pv-recycler-increment-timeout-nfs:i pv-recycler-minimum-timeout-hostpath:i
pv-recycler-minimum-timeout-nfs:i pv-recycler-pod-template-filepath-hostpath pv-recycler-pod-template-filepath-nfs
pv-recycler-timeout-increment-hostpath:i pvclaimbinder-sync-period:d requestheader-allowed-names:l requestheader-client-ca-file
requestheader-extra-headers-prefix:l requestheader-group-headers:l requestheader-uid-headers:l requestheader-username-headers:l
resource-quota-sync-period:d root-ca-file route-reconciliation-period:d secondary-node-eviction-rate:f secure-port:i
service-account-private-key-file service-cluster-ip-range show-hidden-metrics-for-version terminated-pod-gc-threshold:i
tls-cert-file tls-cipher-suites:l tls-min-version tls-private-key-file tls-sni-cert-key:m unhealthy-zone-threshold:f
use-service-account-credentials:b v:i version vmodule
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
    { flags: 'tls-curve-preferences:l', since: 35, why: 'in the generated 1.36 references (int32Slice, secure serving options); 1.35 unverified, kept known' },
  ],
  inputFiles: `authentication-kubeconfig authorization-kubeconfig client-ca-file cluster-signing-cert-file cluster-signing-key-file
kubeconfig requestheader-client-ca-file root-ca-file service-account-private-key-file tls-cert-file tls-private-key-file`,
  outputFiles: '',
};
