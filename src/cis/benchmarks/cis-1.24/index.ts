import type { BenchmarkDef, CheckDef } from '../../model.js';
import { CIS_1_7 } from '../cis-1.7/index.js';
import { kubeletField, P } from '../cis-1.12/paths.js';
import { change, derive, editGroup, insertAfter, keepFirst, remove, renumber } from '../delta.js';

/** 4.2.6 (1.23/1.24 benchmarks): the kubelet must refuse to start when kernel tunables differ from its defaults. */
const PROTECT_KERNEL_DEFAULTS: CheckDef = {
  id: '4.2.6', text: 'Ensure that the --protect-kernel-defaults argument is set to true', automated: true, scored: true,
  test: { kind: 'kubelet', all: [{ field: 'protectKernelDefaults', flag: '--protect-kernel-defaults', expect: { eq: 'true' } }] },
  remediation: `${kubeletField('protectKernelDefaults', 'true (the default is false)', '--protect-kernel-defaults')} Set the kernel parameters the kubelet expects (vm.overcommit_memory=1, kernel.panic=10, kernel.panic_on_oops=1) first, or it will not start.`,
};

/**
 * CIS Kubernetes V1.24 Benchmark v1.0.0 (Kubernetes 1.24), as kube-bench's cfg/cis-1.24. Differences from
 * v1.7 (the next benchmark, which changed the numbering scheme to the document version):
 * - 1.2.3 is the opposite recommendation: DenyServiceExternalIPs must NOT be enabled (Automated, scored).
 * - 1.2.16 --secure-port is an ordinary Automated, scored check.
 * - 3.1 has only 3.1.1 (service account and bootstrap token authentication came with v1.7).
 * - 4.2.6 --protect-kernel-defaults exists, so the kubelet checks after it shift by one; no pod PID limit check.
 * - 5.1 ends at 5.1.8 (5.1.9–5.1.13 came with v1.7).
 */
export const CIS_1_24: BenchmarkDef = derive(CIS_1_7, { name: 'cis-1.24', title: 'CIS Kubernetes V1.24 Benchmark v1.0.0', kubernetes: ['1.24', '1.24'] }, {
  '1.2': (g) => editGroup(g, [
    change('1.2.3', {
      text: 'Ensure that the --DenyServiceExternalIPs is not set', automated: true, scored: true,
      test: { kind: 'flag', component: 'kube-apiserver', all: [{ flag: '--enable-admission-plugins', expect: { nothave: 'DenyServiceExternalIPs' } }] },
      remediation: `Edit ${P.apiserver} on the control-plane node and remove DenyServiceExternalIPs from --enable-admission-plugins.`,
    }),
    change('1.2.16', { text: 'Ensure that the --secure-port argument is not set to 0', automated: true, scored: true }),
  ]),
  '3.1': (g) => editGroup(g, [remove('3.1.2', '3.1.3')]),
  '4.2': (g) => editGroup(g, [remove('4.2.13'), insertAfter('4.2.5', PROTECT_KERNEL_DEFAULTS), renumber()]),
  '5.1': (g) => editGroup(g, [keepFirst(8)]),
});
