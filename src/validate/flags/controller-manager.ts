import type { ComponentFlagData } from './model.js';
import { CLIENT_CERT_AND_REQUEST_HEADER, DELEGATING_AUTH, LEADER_ELECTION_AND_CLIENT, LOGS_METRICS_AND_GENERIC, SECURE_SERVING, SHARED_DELTAS } from './shared.js';

/**
 * kube-controller-manager flags. Base: the generated kube-controller-manager reference for 1.35
 * (kubernetes/website content/uk/docs/reference/command-line-tools-reference/kube-controller-manager.md, generated from
 * cmd/kube-controller-manager/app/options; its `--emulated-version` reads "kube=1.32..1.35"). Suffixes as in apiserver.ts.
 */
const BASE_1_35 = `
${SECURE_SERVING} ${CLIENT_CERT_AND_REQUEST_HEADER} ${LOGS_METRICS_AND_GENERIC} ${DELEGATING_AUTH} ${LEADER_ELECTION_AND_CLIENT}
allocate-node-cidrs:b attach-detach-reconcile-sync-period:d cidr-allocator-type cloud-config cloud-provider cluster-cidr
cluster-name cluster-signing-cert-file cluster-signing-duration:d cluster-signing-key-file
cluster-signing-kube-apiserver-client-cert-file cluster-signing-kube-apiserver-client-key-file
cluster-signing-kubelet-client-cert-file cluster-signing-kubelet-client-key-file
cluster-signing-kubelet-serving-cert-file cluster-signing-kubelet-serving-key-file
cluster-signing-legacy-unknown-cert-file cluster-signing-legacy-unknown-key-file concurrent-cron-job-syncs:i
concurrent-daemonset-syncs:i concurrent-deployment-syncs:i concurrent-device-taint-eviction-syncs:i
concurrent-endpoint-syncs:i concurrent-ephemeralvolume-syncs:i concurrent-gc-syncs:i
concurrent-horizontal-pod-autoscaler-syncs:i concurrent-job-syncs:i concurrent-namespace-syncs:i concurrent-rc-syncs:i
concurrent-replicaset-syncs:i concurrent-resource-quota-syncs:i concurrent-service-endpoint-syncs:i
concurrent-service-syncs:i concurrent-serviceaccount-token-syncs:i concurrent-statefulset-syncs:i
concurrent-ttl-after-finished-syncs:i concurrent-validating-admission-policy-status-syncs:i configure-cloud-routes:b
controller-shutdown-timeout:d controller-start-interval:d controllers:l disable-attach-detach-reconcile-sync:b
disable-force-detach-on-timeout:b enable-dynamic-provisioning:b enable-garbage-collector:b enable-hostpath-provisioner:b
enable-leader-migration:b endpoint-updates-batch-period:d endpointslice-updates-batch-period:d
external-cloud-volume-plugin flex-volume-plugin-dir horizontal-pod-autoscaler-cpu-initialization-period:d
horizontal-pod-autoscaler-downscale-stabilization:d horizontal-pod-autoscaler-initial-readiness-delay:d
horizontal-pod-autoscaler-sync-period:d horizontal-pod-autoscaler-tolerance:f large-cluster-size-threshold:i
leader-migration-config legacy-service-account-token-clean-up-period:d max-endpoints-per-slice:i min-resync-period:d
mirroring-concurrent-service-endpoint-syncs:i mirroring-endpointslice-updates-batch-period:d
mirroring-max-endpoints-per-subset:i namespace-sync-period:d node-cidr-mask-size:i node-cidr-mask-size-ipv4:i
node-cidr-mask-size-ipv6:i node-eviction-rate:f node-monitor-grace-period:d node-monitor-period:d
node-startup-grace-period:d pv-recycler-increment-timeout-nfs:i pv-recycler-minimum-timeout-hostpath:i
pv-recycler-minimum-timeout-nfs:i pv-recycler-pod-template-filepath-hostpath pv-recycler-pod-template-filepath-nfs
pv-recycler-timeout-increment-hostpath:i pvclaimbinder-sync-period:d resource-quota-sync-period:d root-ca-file
route-reconciliation-period:d secondary-node-eviction-rate:f service-account-private-key-file service-cluster-ip-range
terminated-pod-gc-threshold:i unhealthy-zone-threshold:f use-service-account-credentials:b
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
    ...SHARED_DELTAS,
  ],
  inputFiles: `authentication-kubeconfig authorization-kubeconfig client-ca-file cluster-signing-cert-file cluster-signing-key-file
kubeconfig requestheader-client-ca-file root-ca-file service-account-private-key-file tls-cert-file tls-private-key-file`,
  outputFiles: '',
};
