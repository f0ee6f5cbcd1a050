import type { BenchmarkDef, CheckDef } from '../model.js';
import { CIS_1_8 } from '../benchmarks/cis-1.8/index.js';
import { change, derive, editGroup } from '../benchmarks/delta.js';
import { LOOKS_1_8_ON, looksOf, requestTimeout, RKE2, SKIPPED } from './rke2-cis-1.24.js';

/**
 * Where RKE2 keeps what kube-bench's rke2-cis-1.8 skips (`type: skip`, or `type: manual` for 4.2.7), and etcd's
 * settings, which RKE2 passes in etcd's --config-file rather than as flags (as in rke2-cis-1.24 and 1.7); the
 * entries rke2-cis-1.9 shares are LOOKS_1_8_ON.
 */
const looksIn = looksOf({
  '1.2.12': `--enable-admission-plugins of kube-apiserver in ${RKE2.apiserver}: PodSecurityPolicy is gone since Kubernetes 1.25 and RKE2 enforces Pod Security Admission through --admission-control-config-file (/etc/rancher/rke2/rke2-pss.yaml); SecurityContextDeny is only meaningful where neither is used.`,
  '1.2.29': SKIPPED['1.2.31'] as string,
  '4.1.9': 'the kubelet\'s --config file, if rke2 passes one (RKE2 of this era gives the kubelet flags only; later releases write drop-ins under /var/lib/rancher/rke2/agent/etc/kubelet.conf.d): 600 or more restrictive.',
  ...LOOKS_1_8_ON,
});

const AUTOMATED_SCORED: Partial<CheckDef> = { automated: true, scored: true };

/**
 * kube-bench's rke2-cis-1.8 (RKE2's self-assessment of the CIS Kubernetes Benchmark v1.8.0, RKE2 1.26), a delta
 * on cis-1.8, whose numbering it keeps. Differences from cis-1.8 (classification as kube-bench scores it):
 * - Automated and scored: 1.1.21 PKI keys, 1.2.1 --anonymous-auth, 1.2.21 --request-timeout, 1.2.28–1.2.30
 *   encryption and ciphers, 2.7, 3.2.1, 4.1.3/4.1.4 proxy kubeconfig, 4.1.7/4.1.8 client CA file, 4.2.4
 *   --read-only-port; 4.2.5 is titled Automated (unscored).
 * - Manual: 1.1.7/1.1.8 etcd pod specification file; 1.3.1 stays Manual but is scored; 5.2.3–5.2.5 Manual and
 *   scored, 5.2.6–5.2.9 Manual.
 * - 1.1.13/1.1.14 are titled admin.conf (RKE2's admin.kubeconfig); 5.1.5's title ends with a full stop.
 * - The checks kube-bench skips, and etcd's (its --config-file), are Manual looks (looksIn). kube-bench's
 *   1.1.12 audit stats the etcd config file for root:root; kubefort judges what its title says, the data
 *   directory's owner etcd:etcd.
 */
export const RKE2_CIS_1_8: BenchmarkDef = derive(CIS_1_8, { name: 'rke2-cis-1.8', title: 'CIS Kubernetes Benchmark v1.8.0 (RKE2 self-assessment)', kubernetes: ['1.26', '1.26'] }, {
  '1.1': (g) => editGroup(g, [
    change('1.1.7', { automated: false, scored: false }),
    change('1.1.8', { automated: false, scored: false }),
    change('1.1.13', { text: 'Ensure that the admin.conf file permissions are set to 600 or more restrictive', remediation: `On each server node run: chmod 600 ${RKE2.adminKubeconfig}` }),
    change('1.1.14', { text: 'Ensure that the admin.conf file ownership is set to root:root', remediation: `On each server node run: chown root:root ${RKE2.adminKubeconfig}` }),
    change('1.1.21', { text: 'Ensure that the Kubernetes PKI key file permissions are set to 600', ...AUTOMATED_SCORED, remediation: `On each server node run: chmod 600 ${RKE2.tls}/*.key ${RKE2.tls}/etcd/*.key` }),
  ]),
  '1.2': (g) => editGroup(g, [
    change('1.2.1', AUTOMATED_SCORED),
    change('1.2.21', requestTimeout),
    ...['1.2.28', '1.2.29', '1.2.30'].map((id) => change(id, AUTOMATED_SCORED)),
    ...looksIn('1.2'),
  ]),
  '1.3': (g) => editGroup(g, [change('1.3.1', { scored: true })]),
  '2': (g) => editGroup(g, [change('2.7', AUTOMATED_SCORED), ...looksIn('2')]),
  '3.2': (g) => editGroup(g, [change('3.2.1', AUTOMATED_SCORED)]),
  '4.1': (g) => editGroup(g, [
    ...['4.1.3', '4.1.4', '4.1.7', '4.1.8'].map((id) => change(id, AUTOMATED_SCORED)),
    change('4.1.9', { scored: false }),
    change('4.1.10', { automated: false, scored: false }),
    ...looksIn('4.1'),
  ]),
  '4.2': (g) => editGroup(g, [change('4.2.4', AUTOMATED_SCORED), change('4.2.5', { automated: true }), ...looksIn('4.2')]),
  '5.1': (g) => editGroup(g, [change('5.1.5', { text: 'Ensure that default service accounts are not actively used.' })]),
  '5.2': (g) => editGroup(g, [
    ...['5.2.3', '5.2.4', '5.2.5'].map((id) => change(id, { automated: false, scored: true })),
    ...['5.2.6', '5.2.7', '5.2.8', '5.2.9'].map((id) => change(id, { automated: false })),
  ]),
});
