import type { BenchmarkDef, CheckDef } from '../../model.js';
import { CIS_1_9 } from '../cis-1.9/index.js';
import { P, setFlag } from '../cis-1.12/paths.js';
import { change, derive, editGroup, insertAfter, renumber } from '../delta.js';

/**
 * 1.2.12 (up to v1.8): SecurityContextDeny unless PodSecurityPolicy is used. Both admission plugins are
 * gone from current Kubernetes (PodSecurityPolicy was removed in 1.25, SecurityContextDeny in 1.30); on
 * those versions listing either makes the API server refuse to start, so the check only fits old clusters.
 */
export const SECURITY_CONTEXT_DENY: CheckDef = {
  id: '1.2.12', text: 'Ensure that the admission control plugin SecurityContextDeny is set if PodSecurityPolicy is not used', automated: false, scored: false,
  test: { kind: 'flag', component: 'kube-apiserver', all: [{ flag: '--enable-admission-plugins', expect: { regex: '(^|,)\\s*(SecurityContextDeny|PodSecurityPolicy)\\s*(,|$)' } }] },
  remediation: setFlag(P.apiserver, 'kube-apiserver', '--enable-admission-plugins=...,SecurityContextDeny (unless PodSecurityPolicy is enabled; on Kubernetes 1.25+ use Pod Security Admission instead)'),
};

const MANUAL = { automated: false } as const;
const AUTOMATED = { automated: true } as const;

/**
 * CIS Kubernetes Benchmark v1.8.0 (Kubernetes 1.26), as kube-bench's cfg/cis-1.8. Differences from v1.9:
 * - 1.2.12 SecurityContextDeny is inserted, so the API server checks after it are 1.2.13–1.2.30.
 * - No 4.3 (kube-proxy metrics) group.
 * - 5.1.1–5.1.6 are Manual again; 5.2.3–5.2.9 are titled "(Automated)" (unscored in kube-bench).
 */
export const CIS_1_8: BenchmarkDef = derive(CIS_1_9, { name: 'cis-1.8', title: 'CIS Kubernetes Benchmark v1.8.0', kubernetes: ['1.26', '1.26'] }, {
  '1.2': (g) => editGroup(g, [insertAfter('1.2.11', SECURITY_CONTEXT_DENY), renumber()]),
  '4.3': null,
  '5.1': (g) => editGroup(g, ['5.1.1', '5.1.2', '5.1.3', '5.1.4', '5.1.5', '5.1.6'].map((id) => change(id, MANUAL))),
  '5.2': (g) => editGroup(g, ['5.2.3', '5.2.4', '5.2.5', '5.2.6', '5.2.7', '5.2.8', '5.2.9'].map((id) => change(id, AUTOMATED))),
});
