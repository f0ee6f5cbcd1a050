import type { ComponentFlagData } from './model.js';

/**
 * etcd flags, by etcd's own minor (3.N; `since`/`until` below are N): the version the manifest's image tag names
 * (etcd-version.ts), else the etcd kubeadm installs for the Kubernetes minor (cmd/kubeadm/app/constants
 * SupportedEtcdVersion: 1.29–1.33 run etcd 3.5.x, 1.34–1.35 run etcd 3.6.x), said in an MV008 note.
 *
 * etcd parses its command line with Go's `flag` package (single- or double-dash; a bool never takes the next
 * argument). Kinds: UintVar/IntVar/Int64Var/Uint64Var → `:i` (strconv.Parse{Uint,Int} base 0), DurationVar → `:d`
 * (time.ParseDuration), BoolVar → `:b`; flags.Var values (URL lists, SelectiveStringValue, StringsValue) → no suffix.
 *
 * Sources read (stored copies of etcd-io/etcd; the corpus does not record the tag, the version is identified by
 * the help texts it carries):
 *  - 3.5: server/etcdmain/config.go newConfig() — "enable-v2 … Deprecated in v3.5. Will be decommission in v3.6",
 *    the v2 `proxy*` flags, `experimental-*` names only, the `ignored` list.
 *  - 3.6: server/embed/config.go Config.AddFlags() plus server/etcdmain/config.go newConfig() and its
 *    deprecatedFlags map ("--experimental-… is deprecated in v3.6 and will be decommissioned in v3.7"): no
 *    enable-v2, experimental-enable-v2v3 or proxy flags; non-experimental names beside the experimental ones;
 *    `--feature-gates`; v3 discovery flags.
 *  - 3.4: server/etcdmain/config.go newConfig() of 3.4.0 ("[TO BE DEPRECATED IN v3.5]" on --log-output, --debug,
 *    --log-package-levels; `experimental-backend-bbolt-freelist-type`, which 3.5 names `backend-bbolt-freelist-type`).
 *    Only the flags 3.5 dropped are a delta: a flag 3.5 added is still taken as known on 3.4 (never a false
 *    "unknown flag"; a 3.5-only flag on 3.4 is not reported).
 */

/** The etcd minors the data covers (3.4–3.6); others are clamped with an MV008 note. */
export const ETCD_MINORS = { low: 4, high: 6 } as const;

/** The etcd minor kubeadm installs for a Kubernetes minor (SupportedEtcdVersion): 3.5 up to 1.33, 3.6 from 1.34. */
export function kubeadmEtcdMinor(kubernetesMinor: number): number {
  return kubernetesMinor >= 34 ? 6 : 5;
}

/** In both 3.5 and 3.6 (3.6 keeps every experimental-* flag below, deprecated, until 3.7). */
const COMMON = `
name data-dir wal-dir listen-peer-urls listen-client-urls listen-client-http-urls listen-metrics-urls
max-snapshots:i max-wals:i snapshot-count:i heartbeat-interval:i election-timeout:i initial-election-tick-advance:b
quota-backend-bytes:i backend-bbolt-freelist-type backend-batch-interval:d backend-batch-limit:i max-txn-ops:i
max-request-bytes:i max-concurrent-streams grpc-keepalive-min-time:d grpc-keepalive-interval:d grpc-keepalive-timeout:d
socket-reuse-port:b socket-reuse-address:b raft-read-timeout:d raft-write-timeout:d
initial-advertise-peer-urls advertise-client-urls discovery discovery-fallback discovery-proxy discovery-srv
discovery-srv-name initial-cluster initial-cluster-token initial-cluster-state strict-reconfig-check:b pre-vote:b
v2-deprecation
cert-file key-file client-cert-file client-key-file client-cert-auth:b client-crl-file client-cert-allowed-hostname
trusted-ca-file auto-tls:b peer-cert-file peer-key-file peer-client-cert-file peer-client-key-file
peer-client-cert-auth:b peer-trusted-ca-file peer-auto-tls:b self-signed-cert-validity:i peer-crl-file
peer-cert-allowed-cn peer-cert-allowed-hostname cipher-suites experimental-peer-skip-client-san-verification:b
tls-min-version tls-max-version cors host-whitelist
logger log-outputs log-level log-format enable-log-rotation:b log-rotation-config-json version:b help:b config-file
auto-compaction-retention auto-compaction-mode enable-pprof:b metrics auth-token bcrypt-cost:i auth-token-ttl:i
enable-grpc-gateway:b unsafe-no-fsync:b force-new-cluster:b
experimental-enable-distributed-tracing:b experimental-distributed-tracing-address
experimental-distributed-tracing-service-name experimental-distributed-tracing-instance-id
experimental-distributed-tracing-sampling-rate:i
experimental-initial-corrupt-check:b experimental-corrupt-check-time:d experimental-compact-hash-check-enabled:b
experimental-compact-hash-check-time:d experimental-enable-lease-checkpoint:b experimental-enable-lease-checkpoint-persist:b
experimental-compaction-batch-limit:i experimental-compaction-sleep-interval:d experimental-watch-progress-notify-interval:d
experimental-downgrade-check-time:d experimental-warning-apply-duration:d experimental-warning-unary-request-duration:d
warning-unary-request-duration:d experimental-memory-mlock:b experimental-txn-mode-write-with-shared-buffer:b
experimental-stop-grpc-service-on-defrag:b experimental-bootstrap-defrag-threshold-megabytes:i
experimental-snapshot-catchup-entries:i
experimental-max-learners:i experimental-wait-cluster-ready-timeout:d force-new-cluster-bump-amount:i
cluster-active-size cluster-remove-delay cluster-sync-interval config force max-result-buffer max-retry-attempts
peer-heartbeat-interval peer-election-timeout retry-interval snapshot v vv
`;

export const ETCD_FLAGS: ComponentFlagData = {
  component: 'etcd',
  provenance: 'etcd-io/etcd server/etcdmain/config.go (3.4, 3.5: newConfig) and server/embed/config.go (3.6: Config.AddFlags) with etcdmain deprecatedFlags; by the etcd version of the image tag, else as kubeadm installs it (3.5 for Kubernetes 1.29–1.33, 3.6 for 1.34–1.35)',
  // etcd minors (3.N), not Kubernetes minors.
  baseMinor: 6,
  base: COMMON,
  deltas: [
    // The last four lines of COMMON: experimental-max-learners (3.5 newConfig; not registered by the stored 3.6
    // AddFlags), experimental-wait-cluster-ready-timeout and force-new-cluster-bump-amount (in neither stored copy:
    // added in later 3.5.x patch releases), and etcdmain's `ignored` list (fs.Var(&flags.IgnoredFlag…), accepted and
    // ignored by both). Kept as known for every minor: a false "unknown flag" would block a valid fix.
    {
      flags: 'log-output debug:b log-package-levels experimental-backend-bbolt-freelist-type',
      until: 4,
      why: 'etcd 3.4 only: newConfig marks --log-output, --debug and --log-package-levels "[TO BE DEPRECATED IN v3.5]" and registers experimental-backend-bbolt-freelist-type; 3.5 newConfig registers none of them (logging: logger, log-outputs, log-level, log-format, log rotation)',
    },
    {
      flags: 'enable-v2:b experimental-enable-v2v3 proxy proxy-failure-wait:i proxy-refresh-interval:i proxy-dial-timeout:i proxy-write-timeout:i proxy-read-timeout:i',
      until: 5,
      why: 'etcd 3.4 and 3.5 only: "enable-v2 … Deprecated in v3.5. Will be decommission in v3.6", experimental-enable-v2v3 likewise, and the v2 proxy flags; 3.6 (kubeadm 1.34+) registers none of them (server/embed/config.go AddFlags, server/etcdmain/config.go)',
    },
    {
      flags: `feature-gates:m discovery-endpoints discovery-token discovery-dial-timeout:d discovery-request-timeout:d
discovery-keepalive-time:d discovery-keepalive-timeout:d discovery-insecure-transport:b discovery-insecure-skip-tls-verify:b
discovery-cert discovery-key discovery-cacert discovery-user discovery-password peer-skip-client-san-verification:b
enable-distributed-tracing:b distributed-tracing-address distributed-tracing-service-name distributed-tracing-instance-id
distributed-tracing-sampling-rate:i corrupt-check-time:d compact-hash-check-time:d compaction-batch-limit:i
compaction-sleep-interval:d watch-progress-notify-interval:d downgrade-check-time:d warning-apply-duration:d
memory-mlock:b bootstrap-defrag-threshold-megabytes:i max-learners:i snapshot-catchup-entries:i`,
      since: 6,
      why: 'etcd 3.6 (kubeadm 1.34+): the non-experimental names, --feature-gates (InitialCorruptCheck, CompactHashCheck, TxnModeWriteWithSharedBuffer, …) and v3 discovery, registered by server/embed/config.go AddFlags; etcd 3.5 newConfig registers none of them',
    },
  ],
  inputFiles: 'cert-file key-file trusted-ca-file peer-cert-file peer-key-file peer-trusted-ca-file client-crl-file peer-crl-file config-file discovery-cert discovery-key discovery-cacert',
  outputFiles: 'data-dir wal-dir',
};
