import type { BenchmarkDef, CheckDef } from '../../model.js';
import { CIS_1_24 } from '../cis-1.24/index.js';
import { P, removeFlag } from '../cis-1.12/paths.js';
import { derive, editGroup, insertAfter, renumber } from '../delta.js';

/**
 * 1.2.4 (1.23 benchmark only): the API server must talk HTTPS to kubelets. --kubelet-https defaulted to
 * true and newer kube-apiservers no longer accept the flag, so an absent flag passes on its default.
 */
const KUBELET_HTTPS: CheckDef = {
  id: '1.2.4', text: 'Ensure that the --kubelet-https argument is set to true', automated: true, scored: true,
  test: { kind: 'flag', component: 'kube-apiserver', all: [{ flag: '--kubelet-https', default: 'true', expect: { eq: 'true' } }] },
  remediation: removeFlag(P.apiserver, 'kube-apiserver', '--kubelet-https=false (the default is true)'),
};

/**
 * CIS Kubernetes V1.23 Benchmark v1.0.1 (Kubernetes 1.22–1.23), as kube-bench's cfg/cis-1.23. Difference
 * from the 1.24 benchmark: 1.2.4 --kubelet-https, so the API server checks after it are 1.2.5–1.2.32.
 */
export const CIS_1_23: BenchmarkDef = derive(CIS_1_24, { name: 'cis-1.23', title: 'CIS Kubernetes V1.23 Benchmark v1.0.1', kubernetes: ['1.22', '1.23'] }, {
  '1.2': (g) => editGroup(g, [insertAfter('1.2.3', KUBELET_HTTPS), renumber()]),
});
