import type { BenchmarkDef } from '../../model.js';
import { CIS_1_11 } from '../cis-1.11/index.js';
import { change, derive, editGroup, remove } from '../delta.js';

/**
 * CIS Kubernetes Benchmark v1.10.0 (Kubernetes 1.28), as kube-bench's cfg/cis-1.10. Differences from v1.11:
 * - 1.1.20 (PKI certificates) and 4.1.7 (kubelet client CA) ask for 600, not 644.
 * - 1.2.30 (--service-account-extend-token-expiration) does not exist yet.
 * - 4.2.4 is unconditional ("Verify that the --read-only-port argument is set to 0"); 4.2.14
 *   (--seccomp-default) and 4.2.15 (IPAddressDeny) do not exist yet.
 * - General Policies are numbered 5.7 (5.7.1–5.7.4), as in every benchmark before v1.11.
 */
export const CIS_1_10: BenchmarkDef = derive(CIS_1_11, { name: 'cis-1.10', title: 'CIS Kubernetes Benchmark v1.10.0', kubernetes: ['1.28', '1.28'] }, {
  '1.1': (g) => editGroup(g, [change('1.1.20', {
    text: 'Ensure that the Kubernetes PKI certificate file permissions are set to 600 or more restrictive',
    test: { kind: 'file-mode', roles: ['pki-certs'], mask: 0o600 },
    remediation: "On the control-plane node run: find /etc/kubernetes/pki -name '*.crt' -exec chmod 600 {} +",
  })]),
  '1.2': (g) => editGroup(g, [remove('1.2.30')]),
  '4.1': (g) => editGroup(g, [change('4.1.7', {
    text: 'Ensure that the certificate authorities file permissions are set to 600 or more restrictive',
    test: { kind: 'file-mode', roles: ['kubelet-client-ca'], mask: 0o600 },
    remediation: 'On each node run: chmod 600 <authentication.x509.clientCAFile> (kubeadm: /etc/kubernetes/pki/ca.crt)',
  })]),
  '4.2': (g) => editGroup(g, [change('4.2.4', { text: 'Verify that the --read-only-port argument is set to 0' }), remove('4.2.14', '4.2.15')]),
  '5.6': (g) => editGroup(g, [], { id: '5.7' }),
});
