import type { BenchmarkDef, CheckDef } from '../../model.js';
import { CIS_1_8 } from '../cis-1.8/index.js';
import { P, removeFlag } from '../cis-1.12/paths.js';
import { derive, editGroup, insertAfter, renumber } from '../delta.js';

/** --secure-port must not be 0 (0 turned the HTTPS port off while the long-removed insecure port served). Default 6443. */
export const SECURE_PORT: CheckDef = {
  id: '1.2.16', text: 'Ensure that the --secure-port argument is not set to 0 - NoteThis recommendation is obsolete and will be deleted per the consensus process', automated: false, scored: false,
  test: { kind: 'flag', component: 'kube-apiserver', all: [{ flag: '--secure-port', default: '6443', expect: { gte: 1 } }] },
  remediation: removeFlag(P.apiserver, 'kube-apiserver', '--secure-port=0 (the default is 6443), or set it to another non-zero port'),
};

/**
 * CIS Kubernetes Benchmark v1.7.0 (Kubernetes 1.25), as kube-bench's cfg/cis-1.7. Difference from v1.8:
 * 1.2.16 --secure-port (already marked obsolete, Manual) is still there, so 1.2.17–1.2.31 follow it.
 */
export const CIS_1_7: BenchmarkDef = derive(CIS_1_8, { name: 'cis-1.7', title: 'CIS Kubernetes Benchmark v1.7.0', kubernetes: ['1.25', '1.25'] }, {
  '1.2': (g) => editGroup(g, [insertAfter('1.2.15', SECURE_PORT), renumber()]),
});
