import type { BenchmarkDef } from '../model.js';
import { CIS_1_8 } from '../benchmarks/cis-1.8/index.js';
import { change, derive, editGroup } from '../benchmarks/delta.js';
import { fileCheck, K3S, k3sOnly, manual, mode, onK3s, skip, steps, k3sEmbeddedSpecs, k3sEtcdDataDir, k3sKubeconfigAndPki, k3sKubeletFiles } from './k3s-cis-1.24.js';
import { etcdOnly, K3S_1_7_APISERVER, K3S_1_7_SHARED_GROUPS } from './k3s-cis-1.7.js';

/** The kube-apiserver checks in CIS v1.8's numbering (no --secure-port check), judged on k3s's evidence. */
const APISERVER: readonly [string, string, string][] = [
  ['1.2.1', 'anonymous-auth=true', 'remove'], ['1.2.2', 'token-auth-file=<path>', 'remove'], ['1.2.3', 'enable-admission-plugins=DenyServiceExternalIPs', 'remove'],
  ['1.2.4', 'kubelet-client-certificate=<path>', 'remove'], ['1.2.5', 'kubelet-certificate-authority=<path>', 'remove'], ['1.2.6', 'authorization-mode=AlwaysAllow', 'remove'],
  ['1.2.7', 'authorization-mode=Node,RBAC', 'set'], ['1.2.8', 'authorization-mode=Node,RBAC', 'set'], ['1.2.9', 'enable-admission-plugins=NodeRestriction,EventRateLimit', 'set'],
  ['1.2.10', 'enable-admission-plugins=AlwaysAdmit', 'remove'], ['1.2.11', 'enable-admission-plugins=NodeRestriction,AlwaysPullImages', 'set'],
  ['1.2.13', 'disable-admission-plugins=ServiceAccount', 'remove'], ['1.2.14', 'disable-admission-plugins=NamespaceLifecycle', 'remove'],
  ['1.2.15', 'enable-admission-plugins=NodeRestriction', 'set'], ['1.2.16', 'profiling=true', 'remove'],
  ['1.2.17', 'audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log', 'set'], ['1.2.18', 'audit-log-maxage=30', 'set'], ['1.2.19', 'audit-log-maxbackup=10', 'set'],
  ['1.2.20', 'audit-log-maxsize=100', 'set'], ['1.2.22', 'service-account-lookup=true', 'set'], ['1.2.23', 'service-account-key-file=<path>', 'remove'],
  ['1.2.24', 'etcd-certfile=<path>', 'remove'], ['1.2.25', 'tls-cert-file=<path>', 'remove'], ['1.2.26', 'client-ca-file=<path>', 'remove'], ['1.2.27', 'etcd-cafile=<path>', 'remove'],
  ['1.2.28', 'encryption-provider-config=<path> (or secrets-encryption: true)', 'set'],
  ['1.2.30', 'tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'set'],
];
const AUTOMATED_SCORED = { automated: true, scored: true } as const;

/**
 * kube-bench's k3s-cis-1.8 (k3s's self-assessment of the CIS Kubernetes Benchmark v1.8.0, Kubernetes 1.26), a delta
 * on cis-1.8 with the same k3s evidence, paths and etcd rules as k3s-cis-1.24 and k3s-cis-1.7. Differences from
 * cis-1.8, kube-bench's:
 * - skipped (Manual looks saying why): 1.1.1–1.1.8, 1.1.12, 1.2.12, 4.1.1, 4.1.2, 4.1.9, 4.1.10, 4.2.7;
 * - 1.1.9/1.1.10 (Automated, scored) look at /var/lib/cni/networks, which kubefort does not collect: Manual looks;
 * - 1.2.3 "--DenyServiceExternalIPs is not set" (CIS v1.8 asks for it to be set);
 * - Automated and scored: 1.1.21, 1.2.1, 1.2.3, 1.2.30, 4.1.3, 4.1.4, 4.1.7, 4.1.8, 4.2.4, 4.2.9, 4.2.11;
 *   Manual: 1.2.17–1.2.20; 4.2.10 passes when --rotate-certificates is unset or true (kube-bench's test);
 * - etcd 2.1–2.7 Automated but unscored ("If running with sqlite or an external DB, etcd checks are Not
 *   Applicable", kube-bench's own words, which is how kubefort reports them there); 5.2.6 scored.
 */
export const K3S_CIS_1_8: BenchmarkDef = derive(CIS_1_8, { name: 'k3s-cis-1.8', title: 'CIS Kubernetes Benchmark v1.8.0 (k3s self-assessment)', kubernetes: ['1.26', '1.26'] }, {
  '1.1': (g) => editGroup(g, [
    ...k3sEmbeddedSpecs(),
    change('1.1.9', { ...AUTOMATED_SCORED, text: 'Ensure that the Container Network Interface file permissions are set to 600 or more restrictive', test: manual('the files under /var/lib/cni/networks (600 or stricter; lock files are 750), which kubefort does not collect'), remediation: 'chmod 600 /var/lib/cni/networks/<file>' }),
    change('1.1.10', { ...AUTOMATED_SCORED, test: manual('the ownership of the files under /var/lib/cni/networks (root:root), which kubefort does not collect'), remediation: 'chown root:root /var/lib/cni/networks/<file>' }),
    ...k3sEtcdDataDir(),
    fileCheck('1.1.13', 'Ensure that the admin.conf file permissions are set to 600 or more restrictive', mode('admin-kubeconfig', 0o600), K3S.adminKubeconfig, 'chmod 600'),
    ...k3sKubeconfigAndPki(),
  ]),
  '1.2': (g) => editGroup(g, [
    ...steps(...APISERVER.map(([id, arg, verb]) => onK3s(id, 'kube-apiserver', arg, verb))),
    etcdOnly('1.2.24', '1.2.27'),
    ...K3S_1_7_APISERVER,
    ...['1.2.1', '1.2.3', '1.2.30'].map((id) => change(id, AUTOMATED_SCORED)),
    ...['1.2.17', '1.2.18', '1.2.19', '1.2.20'].map((id) => change(id, { automated: false, scored: false })),
    change('1.2.29', { test: manual(`the providers of ${K3S.encryptionConfig} (k3s writes it with secrets-encryption: true; aescbc, secretbox or kms must come first).`) }),
  ]),
  ...K3S_1_7_SHARED_GROUPS,
  '2': (g) => ({ ...g, checks: g.checks.map((c) => ({ ...c, automated: true, scored: false, test: k3sOnly(c.test, { etcdOnly: true }), remediation: `If k3s runs with SQLite or an external datastore, etcd checks are not applicable. k3s writes etcd's configuration to ${K3S.etcdConfig}; ${c.remediation}` })) }),
  '4.1': (g) => editGroup(g, k3sKubeletFiles({ proxyMode: AUTOMATED_SCORED, proxyOwner: AUTOMATED_SCORED, clientCA: AUTOMATED_SCORED })),
  '4.2': (g) => editGroup(g, [
    ...steps(
      onK3s('4.2.1', 'kubelet', 'anonymous-auth=true', 'remove'), onK3s('4.2.2', 'kubelet', 'authorization-mode=AlwaysAllow', 'remove'),
      onK3s('4.2.3', 'kubelet', 'client-ca-file=<path>', 'remove'), onK3s('4.2.4', 'kubelet', 'read-only-port=<port>', 'remove', AUTOMATED_SCORED),
      onK3s('4.2.5', 'kubelet', 'streaming-connection-idle-timeout=5m'), onK3s('4.2.6', 'kubelet', 'make-iptables-util-chains=false', 'remove'),
      onK3s('4.2.8', 'kubelet', 'event-qps=<value>'), onK3s('4.2.9', 'kubelet', 'tls-cert-file=<path>', 'remove', AUTOMATED_SCORED),
      onK3s('4.2.10', 'kubelet', 'rotate-certificates=false', 'remove', {
        test: k3sOnly({ kind: 'flag', component: 'kubelet', all: [{ flag: '--rotate-certificates', expect: { noteq: 'false' } }] }),
      }),
      onK3s('4.2.11', 'kubelet', 'feature-gates=RotateKubeletServerCertificate=false', 'remove', AUTOMATED_SCORED),
      onK3s('4.2.12', 'kubelet', 'tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'),
      onK3s('4.2.13', 'kubelet', 'pod-max-pids=<limit>'),
    ),
    skip('4.2.7', 'k3s sets --hostname-override to the node name, which CIS accepts where the cloud provider needs it', { text: 'Ensure that the --hostname-override argument is not set', automated: true, scored: true }),
  ]),
  '5.2': (g) => editGroup(g, [change('5.2.6', { scored: true })]),
});
