import type { BenchmarkDef, CheckDef } from '../model.js';
import { CIS_1_23 } from '../benchmarks/cis-1.23/index.js';
import { change, derive, editGroup } from '../benchmarks/delta.js';
import { RKE2, RKE2_CIS_1_24 } from './rke2-cis-1.24.js';

const cis123 = new Map(CIS_1_23.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).map((c) => [c.id, c]));
/** A check as cis-1.23 defines it (rke2-cis-1.23 keeps it where rke2-cis-1.24 changed or skipped it). */
function asCis123(id: string): ReturnType<typeof change> {
  const { id: _id, ...rest } = cis123.get(id) as CheckDef;
  return change(id, rest);
}

/**
 * kube-bench's rke2-cis-1.23 (RKE2's self-assessment of the CIS Kubernetes V1.23 benchmark), a delta on
 * rke2-cis-1.24: the same ids (cis-1.23's numbering) and RKE2 paths; the differences are kube-bench's:
 * - 1.1.13 lets the admin kubeconfig be 644 (rke2-cis-1.24 asks 600).
 * - 4.2.12 (RotateKubeletServerCertificate on the kubelet) is judged, not skipped: unset or true passes.
 * - 5.2.3–5.2.8 keep cis-1.23's "(Automated)".
 */
export const RKE2_CIS_1_23: BenchmarkDef = derive(RKE2_CIS_1_24, { name: 'rke2-cis-1.23', title: 'CIS Kubernetes V1.23 Benchmark v1.0.1 (RKE2 self-assessment)', kubernetes: ['1.22', '1.23'] }, {
  '1.1': (g) => editGroup(g, [change('1.1.13', {
    text: 'Ensure that the admin.conf file permissions are set to 644 or more restrictive',
    test: { kind: 'file-mode', roles: ['admin-kubeconfig'], mask: 0o644 },
    remediation: `On each server node run: chmod 644 ${RKE2.adminKubeconfig} (600 is stricter and also passes)`,
  })]),
  '4.2': (g) => editGroup(g, [asCis123('4.2.12'), change('4.2.12', { automated: false, scored: false })]),
  '5.2': (g) => editGroup(g, ['5.2.3', '5.2.4', '5.2.5', '5.2.6', '5.2.7', '5.2.8'].map((id) => change(id, { automated: true }))),
});
