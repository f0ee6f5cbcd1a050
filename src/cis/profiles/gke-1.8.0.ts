import type { BenchmarkDef, GroupDef } from '../model.js';
import { change, derive, editGroup, remove, renumber } from '../benchmarks/delta.js';
import { GKE_1_6_0, GKE_KUBELET } from './gke-1.6.0.js';
import { automatedNow } from './managed.js';

/**
 * kube-bench's gke-1.8.0 (CIS Google Kubernetes Engine (GKE) Benchmark v1.8.0) as a delta on gke-1.6.0:
 * - Section 2 has no recommendations left (GKE fixes the client certificate and audit policy; v1.6.0's
 *   2.1.1, 2.2.1 and 2.2.2 are gone).
 * - Section 3 is the worker node's files only: the kubelet settings (v1.6.0's 3.2) are no longer in the GKE
 *   benchmark, because GKE sets them from the node pool; the file checks are Automated, and the kubelet
 *   configuration file may now be 644 (v1.6.0 asked 600).
 * - 5.10 dropped "Ensure use of Binary Authorization" (it is 5.1.4's trusted images), so Security Posture
 *   is 5.10.4.
 * Sections 4 and 5.1–5.9 are unchanged.
 */
export const GKE_1_8_0: BenchmarkDef = derive(GKE_1_6_0, {
  name: 'gke-1.8.0',
  title: 'CIS Google Kubernetes Engine (GKE) Benchmark v1.8.0',
  kubernetes: ['', ''],
}, {
  '2.1': null,
  '2.2': null,
  '3.1': (g: GroupDef) => editGroup(g, [
    ...automatedNow('3.1.1', '3.1.2', '3.1.4'),
    change('3.1.3', {
      text: 'Ensure that the kubelet configuration file has permissions set to 644',
      automated: true,
      test: { kind: 'file-mode', roles: ['kubelet-config'], mask: 0o644 },
      remediation: `On each node run: chmod 644 ${GKE_KUBELET}`,
    }),
  ]),
  '3.2': null,
  '5.10': (g: GroupDef) => editGroup(g, [remove('5.10.4'), renumber()]),
});
