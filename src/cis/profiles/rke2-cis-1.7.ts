import type { BenchmarkDef, CheckDef } from '../model.js';
import { CIS_1_7 } from '../benchmarks/cis-1.7/index.js';
import { CIS_1_24 } from '../benchmarks/cis-1.24/index.js';
import { change, derive, editGroup } from '../benchmarks/delta.js';
import { groupOf, manual, requestTimeout, RKE2, SKIPPED } from './rke2-cis-1.24.js';

/**
 * The checks kube-bench's rke2-cis-1.7 skips (`type: skip`), by their id in cis-1.7's numbering, and the id the
 * same recommendation has in rke2-cis-1.24 (cis-1.23's numbering), whose SKIPPED entry says where RKE2 keeps
 * the setting. 2.3, 2.6 and 2.7 are judged by kube-bench but live in etcd's --config-file on RKE2, as in
 * rke2-cis-1.24. Unlike rke2-cis-1.24, the kubelet's cipher suites (4.2.12) are judged, not skipped.
 */
const SKIPPED_AS: Readonly<Record<string, string>> = {
  '1.1.12': '1.1.12',
  '1.2.18': '1.2.19',
  '1.2.19': '1.2.20',
  '1.2.20': '1.2.21',
  '1.2.21': '1.2.22',
  '1.2.30': '1.2.31',
  '1.2.31': '1.2.32',
  '1.3.6': '1.3.6',
  '2.1': '2.1',
  '2.2': '2.2',
  '2.3': '2.3',
  '2.4': '2.4',
  '2.5': '2.5',
  '2.6': '2.6',
  '2.7': '2.7',
  '3.2.1': '3.2.1',
  '4.1.1': '4.1.1',
  '4.1.2': '4.1.2',
  '4.2.7': '4.2.8',
};

const skippedIn = (group: string) => Object.entries(SKIPPED_AS)
  .filter(([id]) => groupOf(id) === group)
  .map(([id, as124]) => change(id, { test: manual(SKIPPED[as124] as string) }));

/** cis-1.24's 1.2.3 (DenyServiceExternalIPs must not be enabled), which rke2-cis-1.7 keeps instead of cis-1.7's. */
const { id: _id, ...DENY_EXTERNAL_IPS_NOT_SET } = CIS_1_24.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).find((c) => c.id === '1.2.3') as CheckDef;

/**
 * kube-bench's rke2-cis-1.7 (RKE2's self-assessment of the CIS Kubernetes Benchmark v1.7.0, RKE2 1.25), a delta
 * on cis-1.7, whose numbering it keeps. Differences from cis-1.7:
 * - 1.1.13/1.1.14 are titled admin.conf and name /var/lib/rancher/rke2/server/cred/admin.kubeconfig; the pod
 *   specification files keep 600 (rke2-cis-1.24 accepted 644).
 * - 1.2.3 is cis-1.24's: DenyServiceExternalIPs must not be enabled (Automated, scored).
 * - 1.2.16 --secure-port and 1.2.22 --request-timeout are Automated and scored.
 * - 2.7 and 3.2.1 are Automated and scored; 5.2.3–5.2.8 are Manual; 5.1.5's title ends with a full stop.
 * - The checks kube-bench skips are Manual looks at where RKE2 keeps the setting (SKIPPED_AS).
 */
export const RKE2_CIS_1_7: BenchmarkDef = derive(CIS_1_7, { name: 'rke2-cis-1.7', title: 'CIS Kubernetes Benchmark v1.7.0 (RKE2 self-assessment)', kubernetes: ['1.25', '1.25'] }, {
  '1.1': (g) => editGroup(g, [
    change('1.1.13', { text: 'Ensure that the admin.conf file permissions are set to 600 or more restrictive', remediation: `On each server node run: chmod 600 ${RKE2.adminKubeconfig}` }),
    change('1.1.14', { text: 'Ensure that the admin.conf file ownership is set to root:root', remediation: `On each server node run: chown root:root ${RKE2.adminKubeconfig}` }),
    ...skippedIn('1.1'),
  ]),
  '1.2': (g) => editGroup(g, [
    change('1.2.3', DENY_EXTERNAL_IPS_NOT_SET),
    change('1.2.16', { automated: true, scored: true }),
    change('1.2.22', requestTimeout),
    ...skippedIn('1.2'),
  ]),
  '1.3': (g) => editGroup(g, skippedIn('1.3')),
  '2': (g) => editGroup(g, [change('2.7', { automated: true, scored: true }), ...skippedIn('2')]),
  '3.2': (g) => editGroup(g, [change('3.2.1', { automated: true, scored: true }), ...skippedIn('3.2')]),
  '4.1': (g) => editGroup(g, skippedIn('4.1')),
  '4.2': (g) => editGroup(g, skippedIn('4.2')),
  '5.1': (g) => editGroup(g, [change('5.1.5', { text: 'Ensure that default service accounts are not actively used.' })]),
  '5.2': (g) => editGroup(g, ['5.2.3', '5.2.4', '5.2.5', '5.2.6', '5.2.7', '5.2.8'].map((id) => change(id, { automated: false }))),
});
