import type { ComponentFlagData } from './model.js';

/**
 * etcd flags (etcd's own version, not Kubernetes': kubeadm 1.29–1.33 ship etcd 3.5, 1.34 ships 3.6). From
 * server/etcdmain/config.go and help.go of etcd 3.5; 3.6 adds non-`experimental-` names for several flags and
 * `--feature-gates`. The list is the union of both, so a flag valid on either is never called unknown.
 * etcd uses Go's `flag` package: single-dash spellings are accepted too (handled by the parser).
 */
const BASE = `
name data-dir wal-dir snapshot-count heartbeat-interval election-timeout initial-election-tick-advance:b listen-peer-urls
listen-client-urls listen-client-http-urls max-snapshots max-wals quota-backend-bytes backend-bbolt-freelist-type
backend-batch-interval backend-batch-limit max-txn-ops max-request-bytes max-concurrent-streams grpc-keepalive-min-time
grpc-keepalive-interval grpc-keepalive-timeout socket-reuse-port:b socket-reuse-address:b initial-advertise-peer-urls
initial-cluster initial-cluster-state initial-cluster-token advertise-client-urls discovery discovery-fallback discovery-proxy
discovery-srv discovery-srv-name strict-reconfig-check:b pre-vote:b auto-compaction-retention auto-compaction-mode enable-v2:b
v2-deprecation cert-file key-file client-cert-file client-key-file client-cert-auth:b client-crl-file
client-cert-allowed-hostname trusted-ca-file auto-tls:b peer-cert-file peer-key-file peer-client-cert-file
peer-client-key-file peer-client-cert-auth:b peer-trusted-ca-file peer-cert-allowed-cn peer-cert-allowed-hostname
peer-auto-tls:b self-signed-cert-validity peer-crl-file cipher-suites cors host-whitelist tls-min-version tls-max-version
auth-token bcrypt-cost auth-token-ttl enable-pprof:b metrics listen-metrics-urls logger log-outputs log-level log-format
enable-log-rotation:b log-rotation-config-json enable-grpc-gateway:b unsafe-no-fsync:b force-new-cluster:b
force-new-cluster-bump-amount config-file version:b help:b
experimental-initial-corrupt-check:b experimental-corrupt-check-time experimental-compact-hash-check-enabled:b
experimental-compact-hash-check-time experimental-enable-v2v3 experimental-enable-lease-checkpoint:b
experimental-enable-lease-checkpoint-persist:b experimental-compaction-batch-limit experimental-compaction-sleep-interval
experimental-peer-skip-client-san-verification:b experimental-watch-progress-notify-interval experimental-warning-apply-duration
experimental-bootstrap-defrag-threshold-megabytes experimental-memory-mlock:b experimental-txn-mode-write-with-shared-buffer:b
experimental-enable-distributed-tracing:b experimental-distributed-tracing-address experimental-distributed-tracing-service-name
experimental-distributed-tracing-instance-id experimental-distributed-tracing-sampling-rate experimental-downgrade-check-time
experimental-max-learners experimental-snapshot-catchup-entries experimental-stop-grpc-service-on-defrag:b
experimental-wait-cluster-ready-timeout experimental-warning-unary-request-duration
feature-gates:m initial-corrupt-check:b corrupt-check-time compact-hash-check-time watch-progress-notify-interval
warning-apply-duration bootstrap-defrag-threshold-megabytes memory-mlock:b compaction-batch-limit compaction-sleep-interval
peer-skip-client-san-verification:b enable-distributed-tracing:b distributed-tracing-address distributed-tracing-service-name
distributed-tracing-instance-id distributed-tracing-sampling-rate downgrade-check-time max-learners snapshot-catchup-entries
warning-unary-request-duration
`;

export const ETCD_FLAGS: ComponentFlagData = {
  component: 'etcd',
  provenance: 'etcd server/etcdmain/config.go and help.go (3.5), plus the 3.6 renames of experimental flags',
  baseMinor: 35,
  base: BASE,
  deltas: [],
  inputFiles: 'cert-file key-file trusted-ca-file peer-cert-file peer-key-file peer-trusted-ca-file client-crl-file peer-crl-file config-file',
  outputFiles: 'data-dir wal-dir',
};
