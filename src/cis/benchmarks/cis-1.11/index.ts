import type { BenchmarkDef, CheckDef } from '../../model.js';
import { CIS_1_12 } from '../cis-1.12/index.js';
import { KUBELET_STRONG_CIPHERS } from '../cis-1.12/kubelet-proxy.js';
import { kubeletField, P, setFlag } from '../cis-1.12/paths.js';
import { change, derive, editGroup, insertAfter, renumber } from '../delta.js';

/**
 * The API server suites v1.11 accepts: v1.12's list plus the ECDHE suites with AES-CBC and SHA-1 MACs
 * (TLS 1.2 CBC suites, dropped by v1.12).
 */
export const APISERVER_CIPHERS_1_11 = [
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
] as const;

/** Kubelet suites up to v1.11: v1.12's ECDHE list plus the two RSA key-exchange GCM suites (no forward secrecy). */
export const KUBELET_CIPHERS_1_11 = [...KUBELET_STRONG_CIPHERS, 'TLS_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_GCM_SHA256'] as const;

export const apiserverCiphers = (suites: readonly string[]): Partial<CheckDef> => ({
  test: { kind: 'flag', component: 'kube-apiserver', all: [{ flag: '--tls-cipher-suites', expect: { validElements: suites } }] },
  remediation: setFlag(P.apiserver, 'kube-apiserver', `--tls-cipher-suites=<a subset of: ${suites.join(',')}>`),
});

/**
 * 4.2.15 (v1.11 only): the kubelet's systemd unit should deny network access with IPAddressDeny=any and
 * allow only the addresses it needs (IPAddressAllow). A systemd setting, not a kubelet flag or field.
 */
const IP_ADDRESS_DENY: CheckDef = {
  id: '4.2.15', text: 'Ensure that the --IPAddressDeny is set to any', automated: false, scored: false,
  test: { kind: 'manual', look: 'the kubelet\'s systemd unit and drop-ins (systemctl cat kubelet): IPAddressDeny=any with IPAddressAllow= listing localhost, the pod and node networks and the API server address.' },
  remediation: 'Add IPAddressDeny=any and IPAddressAllow=<localhost, link-local, pod CIDRs, node addresses, API server address> to the [Service] section of a kubelet drop-in, then run `systemctl daemon-reload && systemctl restart kubelet`.',
};

/**
 * 5.2.9 (v1.11 and older): added capabilities, kept apart from "capabilities assigned" (5.2.10), which
 * v1.12 folded into its 5.2.9. Judged by the same rule: containers that add capabilities (or keep the
 * runtime's default set).
 */
const ADDED_CAPABILITIES: CheckDef = {
  id: '5.2.9', text: 'Minimize the admission of containers with added capabilities', automated: false, scored: false,
  test: { kind: 'objects', rule: 'added-capabilities' },
  remediation: 'Remove securityContext.capabilities.add from the containers named (and drop ALL), and enforce the restricted Pod Security Standard, which forbids adding capabilities other than NET_BIND_SERVICE.',
};

const CAPABILITIES_ASSIGNED: Partial<CheckDef> = {
  text: 'Minimize the admission of containers with capabilities assigned',
  test: { kind: 'manual', look: 'which workloads need Linux capabilities at all; where a namespace has none that do, its containers should drop ALL (capabilities.drop: ["ALL"]).' },
  remediation: 'In namespaces whose applications need no Linux capabilities, make containers drop ALL and enforce the restricted Pod Security Standard.',
};

/**
 * CIS Kubernetes Benchmark v1.11.1 (Kubernetes 1.29–1.31), as kube-bench's cfg/cis-1.11. Differences from
 * v1.12, its successor:
 * - 1.2.29 accepts the ECDHE AES-CBC/SHA-1 suites too; 1.2.30 is "(Automated)" but unscored in kube-bench.
 * - 4.2.12 accepts the RSA key-exchange GCM suites; 4.2.15 IPAddressDeny exists (v1.12 dropped it).
 * - 5.2 has 13 checks: 5.2.9 "added capabilities" and 5.2.10 "capabilities assigned" are separate, so
 *   HostProcess, HostPath and HostPorts are 5.2.11–5.2.13.
 */
export const CIS_1_11: BenchmarkDef = derive(CIS_1_12, { name: 'cis-1.11', title: 'CIS Kubernetes Benchmark v1.11.1', kubernetes: ['1.29', '1.31'] }, {
  '1.2': (g) => editGroup(g, [change('1.2.29', apiserverCiphers(APISERVER_CIPHERS_1_11)), change('1.2.30', { scored: false })]),
  '4.2': (g) => editGroup(g, [
    change('4.2.12', {
      test: { kind: 'kubelet', all: [{ field: 'tlsCipherSuites', flag: '--tls-cipher-suites', expect: { validElements: KUBELET_CIPHERS_1_11 } }] },
      remediation: kubeletField('tlsCipherSuites', `[${KUBELET_CIPHERS_1_11.join(', ')}] (or a subset)`, '--tls-cipher-suites'),
    }),
    insertAfter('4.2.14', IP_ADDRESS_DENY),
  ]),
  '5.2': (g) => editGroup(g, [change('5.2.9', CAPABILITIES_ASSIGNED), insertAfter('5.2.8', ADDED_CAPABILITIES), renumber()]),
});
