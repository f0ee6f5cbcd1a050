import type { BenchmarkDef, CheckDef, ControlsDef } from '../model.js';
import { change, derive, editGroup, insertAfter, remove, renumber } from '../benchmarks/delta.js';
import { api, apiArg, arg, check, etcd, kubelet, manual } from '../openshift/build.js';
import { sccRule } from '../openshift/rh-1.8-policies.js';
import { RH_1_8 } from './rh-1.8.js';

const scored = (...ids: string[]) => ids.map((id) => change(id, { scored: true }));
const notSet = (flag: string): CheckDef['test'] => api(apiArg(flag, { set: false }), arg('openshift-apiserver', flag, { set: false }));

/** rh-1.4's 1.2.2 and 1.2.3, which rh-1.8 dropped (Kubernetes removed --basic-auth-file in 1.19). */
const BASIC_AUTH = check('1.2.2', 'Ensure that the --basic-auth-file argument is not set', notSet('basic-auth-file'), 'None required: --basic-auth-file cannot be configured on OpenShift.');
const TOKEN_AUTH = check('1.2.3', 'Ensure that the --token-auth-file parameter is not set', notSet('token-auth-file'), 'None required.');
const BIND_ADDRESS = check('1.3.5', 'Ensure that the --bind-address argument is set to 127.0.0.1', manual('extendedArguments["secure-port"] of ConfigMap openshift-kube-controller-manager/config (10257), and that https://localhost:10257/metrics answers 403 without a token from inside the kube-controller-manager pod.'), 'None required: the controller manager serves only its secure port 10257 and refuses unauthenticated /metrics.');
const ETCD_SERVING = '^/etc/kubernetes/static-pod-certs/secrets/etcd-all-serving/etcd-serving-.*\\.(?:crt|key)$';
const ETCD_PEER = '^/etc/kubernetes/static-pod-certs/secrets/etcd-all-peer/etcd-peer-.*\\.(?:crt|key)$';

/** Section titles rh-1.4 words differently. */
const TITLES: Readonly<Record<string, string>> = { 1: 'Control Plane Components', 2: 'Etcd', 4: 'Worker Nodes', 5: 'Policies' };
const retitle = (controls: readonly ControlsDef[]): ControlsDef[] => controls.map((c) => ({ ...c, text: TITLES[c.id] ?? c.text }));

/**
 * kube-bench's rh-1.4 (CIS Red Hat OpenShift Container Platform Benchmark v1.4.0; kube-bench maps OCP 4.11–4.12 to it), a delta on rh-1.8:
 * - 1.2: 1.2.2 --basic-auth-file and 1.2.3 --token-auth-file are there (rh-1.8 dropped them), so 1.2.2–1.2.31 of
 *   rh-1.8 are 1.2.4–1.2.33 here; 1.2.9 (APIPriorityAndFairness) also asks EventRateLimit to be absent, 1.2.24 asks
 *   min-request-timeout to be exactly 3600 (rh-1.8: at least 100).
 * - 1.3.5 --bind-address (a manual look: its test probes /metrics). 2.1 and 2.4 accept only the etcd-all-serving /
 *   etcd-all-peer directories OpenShift 4.11–4.14 used (rh-1.8 also etcd-all-certs).
 * - 4.1.5, 4.1.6 Manual; 4.2.1 unscored; 4.2.3 judged (rh-1.8: type manual); 4.2.7–4.2.11 scored; 4.2.8 asks kubeAPIQPS
 *   ≥ 1 (rh-1.8: ≥ 0); the ciphers check is 4.2.13 (there is no 4.2.12).
 * - 5.2 "Security Context Constraints (SCCs)": 5.2.1–5.2.9 judged and scored; 5.2.6 counts only MustRunAsNonRoot, 5.2.7
 *   only dropping ALL; 5.2.8 (an SCC adding no capabilities) and 5.2.9 (an SCC dropping ALL) are judged, not looks.
 */
const derived = derive(RH_1_8, { name: 'rh-1.4', title: 'CIS Red Hat OpenShift Container Platform Benchmark v1.4.0', kubernetes: ['1.24', '1.27'] }, {
  '1.1': (g) => editGroup(g, [
    change('1.1.15', { text: 'Ensure that the scheduler kubeconfig file permissions are set to 600 or more restrictive' }),
    change('1.1.16', { text: 'Ensure that the scheduler kubeconfig file ownership is set to root:root' }),
    change('1.1.17', { text: 'Ensure that the controller-manager kubeconfig file permissions are set to 600 or more restrictive' }),
    change('1.1.18', { text: 'Ensure that the controller-manager kubeconfig file ownership is set to root:root' }),
  ]),
  '1.2': (g) => editGroup(g, [
    insertAfter('1.2.1', TOKEN_AUTH), insertAfter('1.2.1', BASIC_AUTH), renumber(),
    change('1.2.9', { test: api(apiArg('feature-gates', { lacks: 'APIPriorityAndFairness=false' }), apiArg('enable-admission-plugins', { lacks: 'EventRateLimit' })) }),
    change('1.2.23', { text: 'Ensure that the maximumFileSizeMegabytes argument is set to 100' }),
    change('1.2.24', { test: api(apiArg('min-request-timeout', { eq: '3600' }, '1800')) }),
  ]),
  '1.3': (g) => editGroup(g, [insertAfter('1.3.4', BIND_ADDRESS)]),
  '2': (g) => ({ ...editGroup(g, [
    change('2.1', { test: etcd({ flag: '--cert-file', expect: { regex: ETCD_SERVING } }, { flag: '--key-file', expect: { regex: ETCD_SERVING } }) }),
    change('2.4', { test: etcd({ flag: '--peer-cert-file', expect: { regex: ETCD_PEER } }, { flag: '--peer-key-file', expect: { regex: ETCD_PEER } }) }),
  ]), text: 'Etcd' }),
  '4.1': (g) => editGroup(g, ['4.1.5', '4.1.6'].map((id) => change(id, { automated: false, scored: false }))),
  '4.2': (g) => editGroup(g, [
    change('4.2.1', { scored: false }),
    change('4.2.3', { test: kubelet({ field: 'authorization.mode', flag: '--authorization-mode', expect: { nothave: 'AlwaysAllow' } }) }),
    change('4.2.8', { test: kubelet({ field: 'kubeAPIQPS', flag: '--kube-api-qps', expect: { gte: 1 } }) }),
    ...scored('4.2.7', '4.2.8', '4.2.10', '4.2.11'),
    insertAfter('4.2.12', { ...(g.checks.find((c) => c.id === '4.2.12') as CheckDef), id: '4.2.13' }),
    remove('4.2.12'),
  ]),
  '5.2': (g) => ({ ...editGroup(g, [
    ...scored('5.2.1', '5.2.2', '5.2.3', '5.2.4', '5.2.5', '5.2.6', '5.2.7', '5.2.8', '5.2.9'),
    change('5.2.6', { test: sccRule('mustRunAsNonRoot') }),
    change('5.2.7', { test: sccRule('dropAll') }),
    change('5.2.8', { test: sccRule('noAddedCaps') }),
    change('5.2.9', { test: sccRule('dropAll') }),
  ]), text: 'Security Context Constraints (SCCs)' }),
  '5.5': (g) => editGroup(g, [change('5.5.1', { text: 'Configure Image Provenance using image controller configuration parameters' })]),
});

export const RH_1_4: BenchmarkDef = { ...derived, controls: retitle(derived.controls) };
