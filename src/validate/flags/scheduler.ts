import type { ComponentFlagData } from './model.js';
import { CLIENT_CERT_AND_REQUEST_HEADER, DELEGATING_AUTH, LEADER_ELECTION_AND_CLIENT, LOGS_METRICS_AND_GENERIC, SECURE_SERVING, SHARED_DELTAS } from './shared.js';

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
${SECURE_SERVING} ${CLIENT_CERT_AND_REQUEST_HEADER} ${LOGS_METRICS_AND_GENERIC} ${DELEGATING_AUTH} ${LEADER_ELECTION_AND_CLIENT}
config pod-max-in-unschedulable-pods-duration:d write-config-to
`;

export const SCHEDULER_FLAGS: ComponentFlagData = {
  component: 'kube-scheduler',
  provenance: 'cmd/kube-scheduler/app/options (kubernetes/kubernetes options.go, deprecated.go) checked against the generated kube-scheduler reference (kubernetes/website, stored copy generated for 1.36); deltas cited per flag',
  baseMinor: 35,
  base: BASE_1_35,
  deltas: [
    // --pod-max-in-unschedulable-pods-duration is deprecated but still registered (deprecated.go; in the 1.36
    // reference): it is known for every minor. The previous data dropped it after 1.32, a false "unknown flag".
    ...SHARED_DELTAS,
  ],
  inputFiles: 'authentication-kubeconfig authorization-kubeconfig client-ca-file config kubeconfig requestheader-client-ca-file tls-cert-file tls-private-key-file',
  outputFiles: '',
};
