import type { BenchmarkDef, CheckDef, GroupDef } from '../model.js';
import { CIS_1_7 } from '../benchmarks/cis-1.7/index.js';
import { change, derive, editGroup, type CheckStep } from '../benchmarks/delta.js';
import { fileCheck, K3S, k3sOnly, manual, mode, onK3s, skip, steps, k3sEmbeddedSpecs, k3sEtcdDataDir, k3sEtcdGroup, k3sKubeconfigAndPki, k3sKubeletFiles, K3S_CONTROLLER_AND_SCHEDULER } from './k3s-cis-1.24.js';

/** The kube-apiserver checks of CIS v1.7's numbering, judged on k3s's evidence: [id, the config.yaml entry, set|remove]. */
const APISERVER: readonly [string, string, string][] = [
  ['1.2.1', 'anonymous-auth=true', 'remove'], ['1.2.2', 'token-auth-file=<path>', 'remove'], ['1.2.3', 'enable-admission-plugins=DenyServiceExternalIPs', 'remove'],
  ['1.2.4', 'kubelet-client-certificate=<path>', 'remove'], ['1.2.5', 'kubelet-certificate-authority=<path>', 'remove'], ['1.2.6', 'authorization-mode=AlwaysAllow', 'remove'],
  ['1.2.7', 'authorization-mode=Node,RBAC', 'set'], ['1.2.8', 'authorization-mode=Node,RBAC', 'set'], ['1.2.9', 'enable-admission-plugins=NodeRestriction,EventRateLimit', 'set'],
  ['1.2.10', 'enable-admission-plugins=AlwaysAdmit', 'remove'], ['1.2.11', 'enable-admission-plugins=NodeRestriction,AlwaysPullImages', 'set'],
  ['1.2.13', 'disable-admission-plugins=ServiceAccount', 'remove'], ['1.2.14', 'disable-admission-plugins=NamespaceLifecycle', 'remove'],
  ['1.2.15', 'enable-admission-plugins=NodeRestriction', 'set'], ['1.2.16', 'secure-port=0', 'remove'], ['1.2.17', 'profiling=true', 'remove'],
  ['1.2.18', 'audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log', 'set'], ['1.2.19', 'audit-log-maxage=30', 'set'], ['1.2.20', 'audit-log-maxbackup=10', 'set'],
  ['1.2.21', 'audit-log-maxsize=100', 'set'], ['1.2.23', 'service-account-lookup=true', 'set'], ['1.2.24', 'service-account-key-file=<path>', 'remove'],
  ['1.2.25', 'etcd-certfile=<path>', 'remove'], ['1.2.26', 'tls-cert-file=<path>', 'remove'], ['1.2.27', 'client-ca-file=<path>', 'remove'], ['1.2.28', 'etcd-cafile=<path>', 'remove'],
  ['1.2.29', 'encryption-provider-config=<path> (or secrets-encryption: true)', 'set'],
  ['1.2.31', 'tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'set'],
];
/** Marks the checks that concern k3s's embedded etcd: with SQLite or an external datastore they do not apply. */
export const etcdOnly = (...ids: string[]) => (checks: readonly CheckDef[]) => checks.map((c) => (ids.includes(c.id) && c.test.kind === 'k3s' ? { ...c, test: { ...c.test, etcdOnly: true } } : c));

/**
 * 1.2.3 and 1.2.12 as k3s-cis-1.7 and 1.8 judge them. CIS v1.7 asks for DenyServiceExternalIPs; k3s's
 * self-assessment keeps the 1.24 wording: it must not be set. SecurityContextDeny does not apply (no PSP on v1.25+).
 */
export const K3S_1_7_APISERVER: readonly CheckStep[] = [
  change('1.2.3', { text: 'Ensure that the --DenyServiceExternalIPs is not set', test: k3sOnly({ kind: 'flag', component: 'kube-apiserver', all: [{ flag: '--enable-admission-plugins', expect: { nothave: 'DenyServiceExternalIPs' } }] }) }),
  skip('1.2.12', 'PodSecurityPolicy is no longer supported on k3s v1.25+, and SecurityContextDeny is deprecated; use Pod Security Admission'),
];

/** Groups 1.3 (controller manager), 1.4 (scheduler) and 3.2 (audit) as k3s-cis-1.7 and k3s-cis-1.8 both judge them. */
export const K3S_1_7_SHARED_GROUPS: Readonly<Record<'1.3' | '1.4' | '3.2', (g: GroupDef) => GroupDef>> = {
  ...K3S_CONTROLLER_AND_SCHEDULER,
  '3.2': (g) => editGroup(g, steps(onK3s('3.2.1', 'kube-apiserver', 'audit-policy-file=/var/lib/rancher/k3s/server/audit.yaml'))),
};

/**
 * kube-bench's k3s-cis-1.7 (k3s's self-assessment of the CIS Kubernetes Benchmark v1.7.0, Kubernetes 1.25), a delta
 * on cis-1.7 with the same k3s evidence, paths and etcd rules as k3s-cis-1.24 (src/cis/profiles/k3s-cis-1.24.ts).
 * Differences from cis-1.7, kube-bench's:
 * - skipped (Manual looks saying why): 1.1.1–1.1.8, 1.1.12, 1.2.12 (SecurityContextDeny: PodSecurityPolicy is gone
 *   from k3s v1.25+), 4.1.1, 4.1.2, 4.1.9, 4.1.10, 4.2.6, 4.2.7, 4.2.9;
 * - 1.1.9/1.1.10 look at /var/lib/cni/networks, which kubefort does not collect: Manual looks (1.1.10 stays Automated);
 * - 1.2.3 is "--DenyServiceExternalIPs is not set" (CIS v1.7 asks for it to be set);
 * - Automated and scored: 1.1.21, 1.2.1, 1.2.3, 1.2.16, 1.2.31; Manual: 1.2.18–1.2.21, 4.2.10 (unset or true passes);
 * - 2.7 Automated (unscored); 5.2.6 scored.
 */
export const K3S_CIS_1_7: BenchmarkDef = derive(CIS_1_7, { name: 'k3s-cis-1.7', title: 'CIS Kubernetes Benchmark v1.7.0 (k3s self-assessment)', kubernetes: ['1.25', '1.25'] }, {
  '1.1': (g) => editGroup(g, [
    ...k3sEmbeddedSpecs(),
    change('1.1.9', { test: manual('the files under /var/lib/cni/networks (600 or stricter; lock files are 750), which kubefort does not collect'), remediation: 'chmod 600 /var/lib/cni/networks/<file> (k3s\'s flannel writes them 644).' }),
    change('1.1.10', { automated: true, scored: true, test: manual('the ownership of the files under /var/lib/cni/networks (root:root), which kubefort does not collect'), remediation: 'chown root:root /var/lib/cni/networks/<file>' }),
    ...k3sEtcdDataDir(),
    fileCheck('1.1.13', 'Ensure that the admin.conf file permissions are set to 600 or more restrictive', mode('admin-kubeconfig', 0o600), K3S.adminKubeconfig, 'chmod 600'),
    ...k3sKubeconfigAndPki(),
  ]),
  '1.2': (g) => editGroup(g, [
    ...steps(...APISERVER.map(([id, arg, verb]) => onK3s(id, 'kube-apiserver', arg, verb))),
    etcdOnly('1.2.25', '1.2.28'),
    ...K3S_1_7_APISERVER,
    ...['1.2.1', '1.2.3', '1.2.16', '1.2.31'].map((id) => change(id, { automated: true, scored: true })),
    ...['1.2.18', '1.2.19', '1.2.20', '1.2.21'].map((id) => change(id, { automated: false, scored: false })),
    change('1.2.30', { test: manual(`the providers of ${K3S.encryptionConfig} (k3s writes it with secrets-encryption: true; aescbc, secretbox or kms must come first).`) }),
  ]),
  ...K3S_1_7_SHARED_GROUPS,
  '2': k3sEtcdGroup,
  '4.1': (g) => editGroup(g, k3sKubeletFiles({ clientCA: { automated: false, scored: false } })),
  '4.2': (g) => editGroup(g, [
    ...steps(
      onK3s('4.2.1', 'kubelet', 'anonymous-auth=true', 'remove'), onK3s('4.2.2', 'kubelet', 'authorization-mode=AlwaysAllow', 'remove'),
      onK3s('4.2.3', 'kubelet', 'client-ca-file=<path>', 'remove'), onK3s('4.2.4', 'kubelet', 'read-only-port=<port>', 'remove'),
      onK3s('4.2.5', 'kubelet', 'streaming-connection-idle-timeout=5m'), onK3s('4.2.8', 'kubelet', 'event-qps=<value>'),
      onK3s('4.2.10', 'kubelet', 'rotate-certificates=false', 'remove', {
        automated: false, scored: false,
        test: k3sOnly({ kind: 'flag', component: 'kubelet', all: [{ flag: '--rotate-certificates', expect: { noteq: 'false' } }] }),
      }),
      onK3s('4.2.11', 'kubelet', 'feature-gates=RotateKubeletServerCertificate=false', 'remove'),
      onK3s('4.2.12', 'kubelet', 'tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'),
      onK3s('4.2.13', 'kubelet', 'pod-max-pids=<limit>'),
    ),
    skip('4.2.6', 'kube-bench\'s k3s-cis-1.7 skips --make-iptables-util-chains as permissive; make sure no kubelet-arg sets it false'),
    skip('4.2.7', 'k3s sets --hostname-override to the node name, which CIS accepts where the cloud provider needs it'),
    skip('4.2.9', 'k3s provides the kubelet\'s serving certificate (/var/lib/rancher/k3s/agent/serving-kubelet.crt) itself'),
  ]),
  '5.2': (g) => editGroup(g, [change('5.2.6', { scored: true })]),
});
