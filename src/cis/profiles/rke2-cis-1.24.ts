import type { BenchmarkDef, CheckDef, CheckTest } from '../model.js';
import { CIS_1_23 } from '../benchmarks/cis-1.23/index.js';
import { change, derive, editGroup, type CheckStep } from '../benchmarks/delta.js';

/** RKE2's locations (kube-bench's cfg/config.yaml and cfg/rke2-cis-1.24 name the same ones). */
export const RKE2 = {
  config: '/etc/rancher/rke2/config.yaml',
  podManifests: '/var/lib/rancher/rke2/agent/pod-manifests',
  apiserver: '/var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml',
  etcd: '/var/lib/rancher/rke2/agent/pod-manifests/etcd.yaml',
  etcdConfig: '/var/lib/rancher/rke2/server/db/etcd/config',
  etcdDataDir: '/var/lib/rancher/rke2/server/db/etcd',
  adminKubeconfig: '/var/lib/rancher/rke2/server/cred/admin.kubeconfig',
  tls: '/var/lib/rancher/rke2/server/tls',
} as const;

/** RKE2 writes its static pods from /etc/rancher/rke2/config.yaml; a manifest edit is overwritten on restart. */
export const rke2Arg = (component: string, arg: string) =>
  `Set it in ${RKE2.config} (${component}-arg: ["${arg}"]) and restart rke2-server (systemctl restart rke2-server); RKE2 rewrites ${RKE2.podManifests} on start, so do not edit the manifests there.`;

export const manual = (look: string): CheckTest => ({ kind: 'manual', look });

/**
 * Checks kube-bench's rke2-cis-1.24 skips (`type: skip`), and etcd's: RKE2 sets these itself, or keeps them where a flag
 * test cannot see them — etcd takes its TLS settings from --config-file (the YAML at
 * /var/lib/rancher/rke2/server/db/etcd/config), the kubelet has no systemd unit of its own (rke2-server
 * starts it), the audit policy is RKE2's default. kubefort does not PASS them on nothing: each is a Manual
 * look at the place RKE2 keeps the setting.
 */
export const SKIPPED: Readonly<Record<string, string>> = {
  '1.1.12': `the owner of ${RKE2.etcdDataDir} (RKE2 runs etcd as the etcd user only with the CIS profile, profile: cis in ${RKE2.config}).`,
  '1.2.19': `--audit-log-path of kube-apiserver in ${RKE2.apiserver} (RKE2 sets /var/lib/rancher/rke2/server/logs/audit.log by default).`,
  '1.2.20': `--audit-log-maxage of kube-apiserver in ${RKE2.apiserver} (RKE2's default is 30).`,
  '1.2.21': `--audit-log-maxbackup of kube-apiserver in ${RKE2.apiserver} (RKE2's default is 10).`,
  '1.2.22': `--audit-log-maxsize of kube-apiserver in ${RKE2.apiserver} (RKE2's default is 100).`,
  '1.2.31': `the EncryptionConfiguration RKE2 writes (/var/lib/rancher/rke2/server/cred/encryption-config.json): secrets should be encrypted with aescbc, secretbox or kms first.`,
  '1.2.32': `--tls-cipher-suites of kube-apiserver in ${RKE2.apiserver}.`,
  '1.3.6': 'the RotateKubeletServerCertificate feature gate of kube-controller-manager (on by default since Kubernetes 1.12).',
  '2.1': `client-transport-security.cert-file and key-file in etcd's --config-file ${RKE2.etcdConfig}.`,
  '2.2': `client-transport-security.client-cert-auth: true in ${RKE2.etcdConfig}.`,
  '2.4': `peer-transport-security.cert-file and key-file in ${RKE2.etcdConfig}.`,
  '2.5': `peer-transport-security.client-cert-auth: true in ${RKE2.etcdConfig}.`,
  '3.2.1': `--audit-policy-file of kube-apiserver in ${RKE2.apiserver} (RKE2 writes a default policy; set audit-policy-file in ${RKE2.config} for your own).`,
  // Not skipped by kube-bench, but etcd reads --auto-tls, --peer-auto-tls and --trusted-ca-file from the
  // same config file on RKE2: a flag test would pass or fail them on etcd's defaults, not on the setting.
  '2.3': `client-transport-security.auto-tls (must be absent or false) in ${RKE2.etcdConfig}.`,
  '2.6': `peer-transport-security.auto-tls (must be absent or false) in ${RKE2.etcdConfig}.`,
  '2.7': `client-transport-security.trusted-ca-file and peer-transport-security.trusted-ca-file in ${RKE2.etcdConfig}: RKE2's own etcd CAs (server/tls/etcd/server-ca.crt, peer-ca.crt), not the cluster CA.`,
  '4.1.1': 'the kubelet has no service file on RKE2: rke2-server / rke2-agent starts it; check the permissions of /usr/local/lib/systemd/system/rke2-*.service instead.',
  '4.1.2': 'the kubelet has no service file on RKE2: check the owner of /usr/local/lib/systemd/system/rke2-*.service instead.',
  '4.2.8': '--hostname-override of the kubelet: RKE2 sets it to the node name; it must match the Node object.',
  '4.2.12': 'the RotateKubeletServerCertificate gate of the kubelet (on by default).',
};

function skipped(id: string): ReturnType<typeof change> {
  const look = SKIPPED[id] as string;
  return change(id, { test: manual(look) });
}

/** The group a check id belongs to: `2.1` -> `2`, `1.2.19` -> `1.2`. */
/** The group a check id belongs to: '2' for 2.1, '4.1' for 4.1.9. */
export const groupOf = (id: string): string => id.split('.').slice(0, id.split('.').length === 2 ? 1 : 2).join('.');

/** The Manual looks of `looks` (check id -> where a person looks) that fall in `group`, as delta steps. */
export const looksOf = (looks: Readonly<Record<string, string>>) => (group: string): CheckStep[] => Object.entries(looks)
  .filter(([id]) => groupOf(id) === group)
  .map(([id, look]) => change(id, { test: manual(look) }));

/**
 * What rke2-cis-1.8 and rke2-cis-1.9 both skip, under their (cis-1.8/1.9) numbering: etcd's settings (2.1–2.7),
 * the kubelet service file (4.1.1, 4.1.2), the kubelet config's owner (4.1.10) and 4.2.7 (1.24's 4.2.8).
 */
export const LOOKS_1_8_ON: Readonly<Record<string, string>> = {
  '2.1': SKIPPED['2.1'] as string,
  '2.2': SKIPPED['2.2'] as string,
  '2.3': SKIPPED['2.3'] as string,
  '2.4': SKIPPED['2.4'] as string,
  '2.5': SKIPPED['2.5'] as string,
  '2.6': SKIPPED['2.6'] as string,
  '2.7': SKIPPED['2.7'] as string,
  '4.1.1': SKIPPED['4.1.1'] as string,
  '4.1.2': SKIPPED['4.1.2'] as string,
  '4.1.10': 'the owner of the kubelet\'s --config file or drop-in directory, if any: root:root.',
  '4.2.7': SKIPPED['4.2.8'] as string,
};
const skippedIn = (group: string) => Object.keys(SKIPPED).filter((id) => groupOf(id) === group).map(skipped);

const mode644 = (id: string, role: 'apiserver-manifest' | 'etcd-manifest', what: string): ReturnType<typeof change> => change(id, {
  text: `Ensure that the ${what} pod specification file permissions are set to 644 or more restrictive`,
  test: { kind: 'file-mode', roles: [role], mask: 0o644 },
  remediation: `On each server node run: chmod 644 ${role === 'apiserver-manifest' ? RKE2.apiserver : RKE2.etcd}`,
});

export const requestTimeout: Partial<CheckDef> = {
  automated: true, scored: true,
  remediation: `Only if requests time out with the default of 1m0s: ${rke2Arg('kube-apiserver', 'request-timeout=300s')}`,
};

/**
 * kube-bench's rke2-cis-1.24 (RKE2's self-assessment of the CIS Kubernetes V1.24 benchmark), a delta on
 * cis-1.23, whose numbering it keeps (1.2.4 --kubelet-https … 1.2.32). Differences:
 * - 1.1.1 and 1.1.7 accept 644 (RKE2 writes its static pod manifests 0644); 1.1.13/1.1.14 name
 *   /var/lib/rancher/rke2/server/cred/admin.kubeconfig.
 * - 1.2.23 --request-timeout is Automated and scored; 2.7 is titled Automated (unscored).
 * - 5.2.3–5.2.8 are Manual, 5.2.9 "(Automated)" (unscored).
 * - The checks kube-bench skips are Manual looks at where RKE2 keeps the setting (SKIPPED).
 */
export const RKE2_CIS_1_24: BenchmarkDef = derive(CIS_1_23, { name: 'rke2-cis-1.24', title: 'CIS Kubernetes V1.24 Benchmark v1.0.0 (RKE2 self-assessment)', kubernetes: ['1.24', '1.24'] }, {
  '1.1': (g) => editGroup(g, [
    mode644('1.1.1', 'apiserver-manifest', 'API server'),
    mode644('1.1.7', 'etcd-manifest', 'etcd'),
    change('1.1.13', { text: 'Ensure that the admin.conf file permissions are set to 600 or more restrictive', remediation: `On each server node run: chmod 600 ${RKE2.adminKubeconfig}` }),
    change('1.1.14', { text: 'Ensure that the admin.conf file ownership is set to root:root', remediation: `On each server node run: chown root:root ${RKE2.adminKubeconfig}` }),
    ...skippedIn('1.1'),
  ]),
  '1.2': (g) => editGroup(g, [change('1.2.23', requestTimeout), ...skippedIn('1.2')]),
  '1.3': (g) => editGroup(g, [change('1.3.6', { scored: false }), ...skippedIn('1.3')]),
  '2': (g) => editGroup(g, [change('2.7', { automated: true }), ...skippedIn('2')]),
  '3.2': (g) => editGroup(g, [change('3.2.1', { automated: true, scored: true }), ...skippedIn('3.2')]),
  '4.1': (g) => editGroup(g, skippedIn('4.1')),
  '4.2': (g) => editGroup(g, skippedIn('4.2')),
  '5.2': (g) => editGroup(g, [
    ...['5.2.3', '5.2.4', '5.2.5', '5.2.6', '5.2.7', '5.2.8'].map((id) => change(id, { automated: false })),
    change('5.2.9', { automated: true }),
  ]),
});
