import type { BenchmarkDef, CheckDef, CheckTest, GroupDef } from '../model.js';
import type { FileRole } from '../../domain/node-facts.js';
import { CIS_1_23 } from '../benchmarks/cis-1.23/index.js';
import { change, derive, editGroup, type CheckStep } from '../benchmarks/delta.js';

/** k3s's locations (kube-bench's cfg/k3s-cis-1.24/config.yaml and its checks name the same ones). */
export const K3S = {
  config: '/etc/rancher/k3s/config.yaml',
  server: '/var/lib/rancher/k3s/server',
  tls: '/var/lib/rancher/k3s/server/tls',
  adminKubeconfig: '/var/lib/rancher/k3s/server/cred/admin.kubeconfig',
  schedulerKubeconfig: '/var/lib/rancher/k3s/server/cred/scheduler.kubeconfig',
  controllerKubeconfig: '/var/lib/rancher/k3s/server/cred/controller.kubeconfig',
  etcdDataDir: '/var/lib/rancher/k3s/server/db/etcd',
  etcdConfig: '/var/lib/rancher/k3s/server/db/etcd/config',
  encryptionConfig: '/var/lib/rancher/k3s/server/cred/encryption-config.json',
  kubeletKubeconfig: '/var/lib/rancher/k3s/agent/kubelet.kubeconfig',
  proxyKubeconfig: '/var/lib/rancher/k3s/agent/kubeproxy.kubeconfig',
  kubeletClientCA: '/var/lib/rancher/k3s/agent/client-ca.crt',
} as const;

/** k3s builds every component's argv from /etc/rancher/k3s/config.yaml (`<component>-arg` lists) and restarts them with itself. */
export const k3sArg = (component: string, arg: string, verb = 'set'): string => verb === 'remove'
  ? `k3s sets this itself: remove any ${component}-arg entry like "${arg}" from ${K3S.config} and config.yaml.d/*.yaml, then restart k3s (systemctl restart k3s, or k3s-agent on an agent).`
  : `Add "${arg}" to ${component}-arg in ${K3S.config} (or a file in config.yaml.d; use ${component}-arg+ there to append), then restart k3s (systemctl restart k3s, or k3s-agent on an agent).`;

export const manual = (look: string): CheckTest => ({ kind: 'manual', look });
export const k3sOnly = (test: CheckTest, options: { etcdOnly?: boolean; mustExist?: boolean } = {}): CheckTest => ({ kind: 'k3s', test, ...options });

const notApplicable = (what: string) => manual(`not applicable on k3s: ${what} (kube-bench's k3s profile skips it).`);
/** A check kube-bench's k3s profile skips (`type: skip`): a Manual look saying why, with k3s's remediation text. */
export const skip = (id: string, why: string, fields: Partial<CheckDef> = {}) => change(id, { test: notApplicable(why), remediation: `Not applicable on k3s: ${why}.`, ...fields });
export const embedded = (id: string, name: string, fields: Partial<CheckDef> = {}) => skip(id, `k3s embeds ${name === 'etcd' ? 'etcd' : `the ${name}`} in its own process, so there is no ${name} pod specification file`, fields);

export const mode = (role: FileRole, mask: number): CheckTest => ({ kind: 'file-mode', roles: [role], mask });
export const owner = (role: FileRole): CheckTest => ({ kind: 'file-owner', roles: [role], user: 'root', group: 'root' });

/** A check of cis-1.23 judged on k3s's facts (the log or derived arguments) with k3s's remediation. */
export const onK3s = (id: string, component: string, arg: string, verb = 'set', fields: Partial<CheckDef> = {}) =>
  (base: readonly CheckDef[]) => {
    const check = base.find((c) => c.id === id);
    if (check === undefined) throw new Error(`k3s profile: no check ${id}`);
    return change(id, { test: k3sOnly(check.test), remediation: k3sArg(component, arg, verb), ...fields })(base, '');
  };

/** Applies steps that need the group's current checks. */
export const steps = (...fns: ((checks: readonly CheckDef[]) => readonly CheckDef[])[]) => fns.map((f) => (checks: readonly CheckDef[]) => f(checks));

export const fileCheck = (id: string, text: string, test: CheckTest, path: string, fix: string, fields: Partial<CheckDef> = {}) =>
  change(id, { text, test: k3sOnly(test, { mustExist: true }), remediation: `On the node run: ${fix} ${path}`, ...fields });

const apiserverFlags: readonly [string, string, string][] = [
  ['1.2.2', 'token-auth-file=<path>', 'remove'], ['1.2.3', 'enable-admission-plugins=DenyServiceExternalIPs', 'remove'],
  ['1.2.5', 'kubelet-client-certificate=<path>', 'set'], ['1.2.6', 'kubelet-certificate-authority=<path>', 'set'],
  ['1.2.7', 'authorization-mode=AlwaysAllow', 'remove'], ['1.2.8', 'authorization-mode=Node,RBAC', 'set'], ['1.2.9', 'authorization-mode=Node,RBAC', 'set'],
  ['1.2.10', 'enable-admission-plugins=NodeRestriction,EventRateLimit', 'set'], ['1.2.11', 'enable-admission-plugins=AlwaysAdmit', 'remove'],
  ['1.2.12', 'enable-admission-plugins=NodeRestriction,AlwaysPullImages', 'set'], ['1.2.13', 'enable-admission-plugins=NodeRestriction,SecurityContextDeny', 'set'],
  ['1.2.14', 'disable-admission-plugins=ServiceAccount', 'remove'], ['1.2.15', 'disable-admission-plugins=NamespaceLifecycle', 'remove'],
  ['1.2.16', 'enable-admission-plugins=NodeRestriction', 'set'], ['1.2.17', 'secure-port=0', 'remove'], ['1.2.18', 'profiling=true', 'remove'],
  ['1.2.19', 'audit-log-path=/var/lib/rancher/k3s/server/logs/audit.log', 'set'], ['1.2.20', 'audit-log-maxage=30', 'set'],
  ['1.2.21', 'audit-log-maxbackup=10', 'set'], ['1.2.22', 'audit-log-maxsize=100', 'set'], ['1.2.24', 'service-account-lookup=true', 'set'],
  ['1.2.25', 'service-account-key-file=<path>', 'remove'], ['1.2.27', 'tls-cert-file=<path>', 'remove'], ['1.2.28', 'client-ca-file=<path>', 'remove'],
  ['1.2.30', 'encryption-provider-config=<path> (or secrets-encryption: true)', 'set'],
  ['1.2.32', 'tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'set'],
];

/** 1.1.11–1.1.12 as every k3s profile judges them: the embedded etcd's data dir, owned by k3s (no etcd user). */
export const k3sEtcdDataDir = (): CheckStep[] => [
  change('1.1.11', { test: k3sOnly(mode('etcd-data-dir', 0o700), { etcdOnly: true, mustExist: true }), remediation: `On the server node run: chmod 700 ${K3S.etcdDataDir}` }),
  skip('1.1.12', `etcd is embedded in k3s, which owns its data dir ${K3S.etcdDataDir} as root:root; there is no etcd user`),
];

/** 1.1.14–1.1.21 as every k3s profile judges them: the kubeconfigs and PKI k3s writes under server/cred and server/tls. */
export const k3sKubeconfigAndPki = (): CheckStep[] => [
  fileCheck('1.1.14', 'Ensure that the admin.conf file ownership is set to root:root', owner('admin-kubeconfig'), K3S.adminKubeconfig, 'chown root:root'),
  fileCheck('1.1.15', 'Ensure that the scheduler.conf file permissions are set to 600 or more restrictive', mode('scheduler-kubeconfig', 0o600), K3S.schedulerKubeconfig, 'chmod 600'),
  fileCheck('1.1.16', 'Ensure that the scheduler.conf file ownership is set to root:root', owner('scheduler-kubeconfig'), K3S.schedulerKubeconfig, 'chown root:root'),
  fileCheck('1.1.17', 'Ensure that the controller-manager.conf file permissions are set to 600 or more restrictive', mode('controller-manager-kubeconfig', 0o600), K3S.controllerKubeconfig, 'chmod 600'),
  // kube-bench's audit stats server/tls for this title; kubefort judges the file the title names.
  fileCheck('1.1.18', 'Ensure that the controller-manager.conf file ownership is set to root:root', owner('controller-manager-kubeconfig'), K3S.controllerKubeconfig, 'chown root:root'),
  fileCheck('1.1.19', 'Ensure that the Kubernetes PKI directory and file ownership is set to root:root', owner('pki-dir'), K3S.tls, 'chown -R root:root'),
  fileCheck('1.1.20', 'Ensure that the Kubernetes PKI certificate file permissions are set to 600 or more restrictive', mode('pki-certs', 0o600), `${K3S.tls}/*.crt`, 'chmod 600'),
  fileCheck('1.1.21', 'Ensure that the Kubernetes PKI key file permissions are set to 600', mode('pki-keys', 0o600), `${K3S.tls}/*.key`, 'chmod 600', { automated: true, scored: true }),
];

/**
 * 4.1 as every k3s profile from 1.24 on judges it: no kubelet service or config file (the kubelet is embedded), the
 * proxy and kubelet kubeconfigs and the client CA k3s writes under agent/. `fields`: each profile's classification.
 */
export const k3sKubeletFiles = (fields: { proxyMode?: Partial<CheckDef>; proxyOwner?: Partial<CheckDef>; clientCA?: Partial<CheckDef> } = {}): CheckStep[] => [
  skip('4.1.1', 'the kubelet is embedded in the k3s process; there is no kubelet service file'),
  skip('4.1.2', 'the kubelet is embedded in the k3s process; there is no kubelet service file'),
  change('4.1.3', { ...fields.proxyMode, test: k3sOnly(mode('proxy-kubeconfig', 0o600)), remediation: `On each node run: chmod 600 ${K3S.proxyKubeconfig}` }),
  change('4.1.4', { ...fields.proxyOwner, test: k3sOnly(owner('proxy-kubeconfig')), remediation: `On each node run: chown root:root ${K3S.proxyKubeconfig}` }),
  fileCheck('4.1.5', 'Ensure that the --kubeconfig kubelet.conf file permissions are set to 600 or more restrictive', mode('kubelet-kubeconfig', 0o600), K3S.kubeletKubeconfig, 'chmod 600'),
  fileCheck('4.1.6', 'Ensure that the --kubeconfig kubelet.conf file ownership is set to root:root', owner('kubelet-kubeconfig'), K3S.kubeletKubeconfig, 'chown root:root'),
  fileCheck('4.1.7', 'Ensure that the certificate authorities file permissions are set to 600 or more restrictive', mode('kubelet-client-ca', 0o600), K3S.kubeletClientCA, 'chmod 600', fields.clientCA),
  fileCheck('4.1.8', 'Ensure that the client certificate authorities file ownership is set to root:root', owner('kubelet-client-ca'), K3S.kubeletClientCA, 'chown root:root', fields.clientCA),
  skip('4.1.9', 'the kubelet is embedded in the k3s process; k3s passes its configuration as arguments, there is no kubelet config file'),
  skip('4.1.10', 'the kubelet is embedded in the k3s process; k3s passes its configuration as arguments, there is no kubelet config file'),
];

/** Group 2 as k3s-cis-1.24 and 1.7 judge it: etcd's checks apply only to the embedded etcd, configured by k3s. */
export const k3sEtcdGroup = (g: GroupDef): GroupDef => ({
  ...g,
  checks: g.checks.map((c) => ({ ...c, test: k3sOnly(c.test, { etcdOnly: true }), remediation: `k3s writes etcd's configuration to ${K3S.etcdConfig} from its own settings and etcd-arg in ${K3S.config}; ${c.remediation}`, ...(c.id === '2.7' ? { automated: true } : {}) })),
});

/** Groups 1.3 (controller manager) and 1.4 (scheduler) as every k3s profile from 1.24 on judges them. */
export const K3S_CONTROLLER_AND_SCHEDULER: Readonly<Record<'1.3' | '1.4', (g: GroupDef) => GroupDef>> = {
  '1.3': (g) => editGroup(g, steps(
    onK3s('1.3.1', 'kube-controller-manager', 'terminated-pod-gc-threshold=10'), onK3s('1.3.2', 'kube-controller-manager', 'profiling=true', 'remove'),
    onK3s('1.3.3', 'kube-controller-manager', 'use-service-account-credentials=false', 'remove'), onK3s('1.3.4', 'kube-controller-manager', 'service-account-private-key-file=<path>', 'remove'),
    onK3s('1.3.5', 'kube-controller-manager', 'root-ca-file=<path>', 'remove'), onK3s('1.3.6', 'kube-controller-manager', 'feature-gates=RotateKubeletServerCertificate=false', 'remove'),
    onK3s('1.3.7', 'kube-controller-manager', 'bind-address=<IP>', 'remove'),
  )),
  '1.4': (g) => editGroup(g, steps(onK3s('1.4.1', 'kube-scheduler', 'profiling=true', 'remove'), onK3s('1.4.2', 'kube-scheduler', 'bind-address=<IP>', 'remove'))),
};

/** 1.1.1–1.1.8 of k3s-cis-1.7 and 1.8: the pod specification files, which an embedded component does not have. */
export const k3sEmbeddedSpecs = (): CheckStep[] => [
  embedded('1.1.1', 'API server'), embedded('1.1.2', 'API server'), embedded('1.1.3', 'controller manager'), embedded('1.1.4', 'controller manager'),
  embedded('1.1.5', 'scheduler'), embedded('1.1.6', 'scheduler'), embedded('1.1.7', 'etcd'), embedded('1.1.8', 'etcd'),
];

/**
 * kube-bench's k3s-cis-1.24 (k3s's self-assessment of the CIS Kubernetes V1.24 benchmark), a delta on cis-1.23,
 * whose numbering it keeps (1.2.4 --kubelet-https … 1.2.32). The component checks are judged on what k3s ran
 * (its log) or would run (its defaults with config.yaml); src/collect/node/k3s.ts says which, per flag. Differences:
 * - Checks kube-bench skips (`type: skip`: pod specification files, CNI files, etcd data dir owner, the admin
 *   kubeconfig's mode, --kubelet-https, the kubelet service and config files, --hostname-override) are Manual
 *   looks saying why they do not apply on k3s; never PASS.
 * - etcd's checks (1.1.11, 1.2.26, 1.2.29, 2.x) apply only where k3s runs its embedded etcd; on SQLite (kine) or
 *   an external datastore they are INFO "not applicable", as kube-bench's `Managed etcd cluster` test and
 *   check_for_k3s_etcd.sh skip them. (kube-bench's 1.2.29 has no such test and would FAIL on SQLite, where the
 *   API server reaches kine over a socket without --etcd-cafile; kubefort does not count that as a finding.)
 * - Classification: 1.1.9/1.1.10 titled Automated; 1.1.21, 1.2.1, 1.2.32 Automated and scored; 1.2.19–1.2.22
 *   Manual; 2.7 Automated (unscored); 3.2.1 Automated (unscored); 4.1.3, 4.1.4, 4.1.7, 4.1.8, 4.2.4, 4.2.10, 4.2.12
 *   Automated and scored. 1.1.1 asks 644, 1.1.3–1.1.8 600 (as cis-1.23); 4.1.3 and 4.1.7 ask 600.
 * - Files are k3s's own: server/cred/*.kubeconfig, server/tls, agent/*.kubeconfig and client-ca.crt; a file k3s
 *   always creates that is missing WARNs (it was not seen), it does not pass as "nothing to protect".
 */
export const K3S_CIS_1_24: BenchmarkDef = derive(CIS_1_23, { name: 'k3s-cis-1.24', title: 'CIS Kubernetes V1.24 Benchmark v1.0.0 (k3s self-assessment)', kubernetes: ['1.24', '1.24'] }, {
  '1.1': (g) => editGroup(g, [
    embedded('1.1.1', 'API server', { text: 'Ensure that the API server pod specification file permissions are set to 644 or more restrictive' }),
    embedded('1.1.2', 'API server'),
    embedded('1.1.3', 'controller manager'),
    embedded('1.1.4', 'controller manager'),
    embedded('1.1.5', 'scheduler'),
    embedded('1.1.6', 'scheduler'),
    embedded('1.1.7', 'etcd'),
    embedded('1.1.8', 'etcd'),
    skip('1.1.9', 'the default k3s CNI, flannel, creates no files in /var/lib/cni/networks', { automated: true, scored: false }),
    skip('1.1.10', 'the default k3s CNI, flannel, creates no files in /var/lib/cni/networks', { automated: true, scored: true }),
    ...k3sEtcdDataDir(),
    change('1.1.13', { text: 'Ensure that the admin.conf file permissions are set to 600 or more restrictive', test: manual(`the permissions of ${K3S.adminKubeconfig} (600 or stricter; kube-bench's k3s-cis-1.24 skips this check; k3s writes it 0600).`), remediation: `On the server node run: chmod 600 ${K3S.adminKubeconfig}` }),
    ...k3sKubeconfigAndPki(),
  ]),
  '1.2': (g) => editGroup(g, [
    ...steps(...apiserverFlags.map(([id, arg, verb]) => onK3s(id, 'kube-apiserver', arg, verb))),
    ...steps(onK3s('1.2.1', 'kube-apiserver', 'anonymous-auth=true', 'remove', { automated: true, scored: true })),
    skip('1.2.4', '--kubelet-https was removed from kube-apiserver; k3s always talks HTTPS to kubelets'),
    change('1.2.23', { remediation: `Only if requests time out with the default of 60s: ${k3sArg('kube-apiserver', 'request-timeout=300s')}` }),
    ...['1.2.19', '1.2.20', '1.2.21', '1.2.22'].map((id) => change(id, { automated: false, scored: false })),
    ...steps(onK3s('1.2.26', 'kube-apiserver', 'etcd-certfile=<path>', 'remove')),
    ...steps(onK3s('1.2.29', 'kube-apiserver', 'etcd-cafile=<path>', 'remove')),
    ...['1.2.26', '1.2.29'].map((id) => (checks: readonly CheckDef[]) => checks.map((c) => (c.id === id && c.test.kind === 'k3s' ? { ...c, test: { ...c.test, etcdOnly: true } } : c))),
    change('1.2.31', {
      test: manual(`the providers of ${K3S.encryptionConfig} (k3s writes it with secrets-encryption: true in ${K3S.config}; aescbc, secretbox or kms must come first).`),
      remediation: `Set secrets-encryption: true in ${K3S.config} and restart k3s; k3s writes ${K3S.encryptionConfig} with aescbc and manages it with \`k3s secrets-encrypt\`.`,
    }),
    change('1.2.32', { automated: true, scored: true }),
  ]),
  ...K3S_CONTROLLER_AND_SCHEDULER,
  '2': k3sEtcdGroup,
  '3.2': (g) => editGroup(g, [...steps(onK3s('3.2.1', 'kube-apiserver', 'audit-policy-file=/var/lib/rancher/k3s/server/audit.yaml')), change('3.2.1', { automated: true, scored: false })]),
  '4.1': (g) => editGroup(g, k3sKubeletFiles({
    proxyMode: { text: 'If proxy kubeconfig file exists ensure permissions are set to 600 or more restrictive', automated: true, scored: true },
    proxyOwner: { automated: true, scored: true },
    clientCA: { automated: true, scored: true },
  })),
  '4.2': (g) => editGroup(g, [
    ...steps(
      onK3s('4.2.1', 'kubelet', 'anonymous-auth=true', 'remove'), onK3s('4.2.2', 'kubelet', 'authorization-mode=AlwaysAllow', 'remove'),
      onK3s('4.2.3', 'kubelet', 'client-ca-file=<path>', 'remove'), onK3s('4.2.4', 'kubelet', 'read-only-port=<port>', 'remove', { automated: true, scored: true }),
      onK3s('4.2.5', 'kubelet', 'streaming-connection-idle-timeout=5m'), onK3s('4.2.7', 'kubelet', 'make-iptables-util-chains=false', 'remove'),
      onK3s('4.2.9', 'kubelet', 'event-qps=<value>'), onK3s('4.2.10', 'kubelet', 'tls-cert-file=<path>', 'remove', { automated: true, scored: true }),
      onK3s('4.2.11', 'kubelet', 'rotate-certificates=false', 'remove', {
        // CIS's audit and kube-bench's k3s test: an absent --rotate-certificates passes (k3s renews the kubelet's
        // client certificate itself); only an explicit false fails. Judged on the kubelet's argv, since k3s gives it no config file.
        test: k3sOnly({ kind: 'flag', component: 'kubelet', all: [{ flag: '--rotate-certificates', expect: { noteq: 'false' } }] }),
      }), onK3s('4.2.12', 'kubelet', 'feature-gates=RotateKubeletServerCertificate=false', 'remove', { automated: true, scored: true }),
      onK3s('4.2.13', 'kubelet', 'tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'),
      onK3s('4.2.6', 'kubelet', 'protect-kernel-defaults=true'),
    ),
    change('4.2.6', { remediation: `Set protect-kernel-defaults: true in ${K3S.config} (a k3s option, not a kubelet-arg) after setting the kernel parameters the kubelet expects (vm.overcommit_memory=1, kernel.panic=10, kernel.panic_on_oops=1), and restart k3s.` }),
    skip('4.2.8', 'k3s sets --hostname-override to the node name, which CIS accepts where the cloud provider needs it'),
  ]),
});
