import type { BenchmarkDef, CheckDef } from '../model.js';
import { CIS_1_9 } from '../benchmarks/cis-1.9/index.js';
import { change, derive, editGroup, type CheckStep } from '../benchmarks/delta.js';
import { LOOKS_1_8_ON, looksOf, requestTimeout, RKE2 } from './rke2-cis-1.24.js';

/**
 * Where RKE2 keeps what kube-bench's rke2-cis-1.9 skips (4.1.1, 4.1.2, 4.1.9, 4.1.10, 4.2.7), and etcd's
 * settings: kube-bench reads them from etcd's --config-file (audit_config), which kubefort does not collect,
 * so they are Manual looks at that file, as in the older RKE2 profiles.
 */
const looksIn = looksOf({
  ...LOOKS_1_8_ON,
  '4.1.9': 'the kubelet\'s --config file or drop-ins, if rke2 passes any (/var/lib/rancher/rke2/agent/etc/kubelet.conf.d on later releases): 600 or more restrictive.',
});

const AS: Partial<CheckDef> = { automated: true, scored: true };
const scored = (...ids: string[]): CheckStep[] => ids.map((id) => change(id, AS));

/**
 * kube-bench's rke2-cis-1.9 (RKE2's self-assessment of the CIS Kubernetes Benchmark v1.9.0; kube-bench maps RKE2
 * 1.27–1.29, and every later minor, to it), a delta on cis-1.9, whose numbering it keeps. Differences from
 * cis-1.9 (classification as kube-bench scores it):
 * - Manual: 1.1.7, 1.1.8, 1.1.11, 1.1.12 (the etcd files, "not applicable without the etcd role").
 * - Automated and scored: 1.1.21, 1.2.1, 1.2.20 --request-timeout, 1.2.27–1.2.29, 2.7, 3.2.1, 4.1.3, 4.1.4,
 *   4.1.7, 4.1.8, 4.2.4, 4.2.7, 4.2.9, 4.2.11, and 5.1.1–5.1.6 (cis-1.9 titles them Automated, unscored).
 * - 1.1.13/1.1.14 are titled admin.conf (RKE2's admin.kubeconfig); 5.1.5's title ends with a full stop.
 * - kube-bench skips 4.1.1, 4.1.2, 4.1.9, 4.1.10, 4.2.7 (Manual looks here, looksIn) and 5.1.2, 5.1.4, which
 *   kubefort still judges from the objects given with --manifests.
 */
export const RKE2_CIS_1_9: BenchmarkDef = derive(CIS_1_9, { name: 'rke2-cis-1.9', title: 'CIS Kubernetes Benchmark v1.9.0 (RKE2 self-assessment)', kubernetes: ['1.27', '1.29'] }, {
  '1.1': (g) => editGroup(g, [
    ...['1.1.7', '1.1.8', '1.1.11', '1.1.12'].map((id) => change(id, { automated: false, scored: false })),
    change('1.1.13', { text: 'Ensure that the admin.conf file permissions are set to 600 or more restrictive', remediation: `On each server node run: chmod 600 ${RKE2.adminKubeconfig}` }),
    change('1.1.14', { text: 'Ensure that the admin.conf file ownership is set to root:root', remediation: `On each server node run: chown root:root ${RKE2.adminKubeconfig}` }),
    change('1.1.21', { ...AS, remediation: `On each server node run: chmod 600 ${RKE2.tls}/*.key ${RKE2.tls}/etcd/*.key` }),
  ]),
  '1.2': (g) => editGroup(g, [...scored('1.2.1', '1.2.27', '1.2.28', '1.2.29'), change('1.2.20', requestTimeout)]),
  '2': (g) => editGroup(g, [...scored('2.7'), ...looksIn('2')]),
  '3.2': (g) => editGroup(g, scored('3.2.1')),
  '4.1': (g) => editGroup(g, [...scored('4.1.3', '4.1.4', '4.1.7', '4.1.8'), ...looksIn('4.1')]),
  '4.2': (g) => editGroup(g, [...scored('4.2.4', '4.2.7', '4.2.9', '4.2.11'), ...looksIn('4.2')]),
  '5.1': (g) => editGroup(g, [...scored('5.1.1', '5.1.2', '5.1.3', '5.1.4', '5.1.5', '5.1.6'), change('5.1.5', { text: 'Ensure that default service accounts are not actively used.' })]),
});
