import type { FileRole } from '../../domain/node-facts.js';
import type { BenchmarkDef, CheckDef, CheckTest } from '../model.js';
import { change, derive, editGroup } from '../benchmarks/delta.js';
import { K3S, K3S_CIS_1_24, manual } from './k3s-cis-1.24.js';

/** A check kube-bench's k3s-cis-1.23 skips (`type: skip`) or leaves to a person (`type: manual`): a Manual look at `look`. */
const look = (id: string, what: string, fields: Partial<CheckDef> = {}) =>
  change(id, { test: manual(`${what} (kube-bench's k3s-cis-1.23 does not judge it).`), ...fields });

/** The k3s test of rke2/k3s-cis-1.24's file check with a looser mask (cis 1.23's "644 or more restrictive"). */
function loosen(id: string, role: FileRole, text: string, fields: Partial<CheckDef> = {}) {
  return (checks: readonly CheckDef[]) => checks.map((c) => {
    if (c.id !== id) return c;
    const inner: CheckTest = { kind: 'file-mode', roles: [role], mask: 0o644 };
    const test: CheckTest = c.test.kind === 'k3s' ? { ...c.test, test: inner } : inner;
    return { ...c, text, test, remediation: c.remediation.replace('chmod 600', 'chmod 644'), ...fields };
  });
}

/**
 * kube-bench's k3s-cis-1.23 (k3s's self-assessment of the CIS Kubernetes V1.23 benchmark), a delta on
 * k3s-cis-1.24: the same ids, paths and evidence. The differences are kube-bench's:
 * - Looser files: 1.1.1–1.1.8 titled 644 (still skipped), 1.1.15 and 1.1.17 (scheduler and controller kubeconfigs),
 *   1.1.20 (PKI certificates), 4.1.3 (proxy kubeconfig), 4.1.5 (kubelet kubeconfig), 4.1.7 (client CA) accept 644.
 * - More checks left to a person: 1.1.9/1.1.10 Manual; 1.2.1 (type manual); 1.2.19–1.2.23 and 1.2.25 skipped
 *   (Automated, scored); 1.3.6 skipped; 3.2.1 manual; 4.2.6, 4.2.7, 4.2.11 skipped; 4.2.9 and 4.2.13 manual; 4.2.12 skipped.
 * - Classification: 1.1.21, 1.2.32, 2.7, 4.1.3, 4.1.4, 4.1.8, 4.2.4, 4.2.8, 4.2.10, 4.2.12 Manual (unscored);
 *   4.1.7 Manual but scored; 5.2.2 titled Automated.
 * kube-bench's 4.2.1–4.2.3 grep the "Running kube-apiserver" line for the kubelet's flags; kubefort judges the
 * kubelet (the titles' subject), and 4.1.7/4.1.8 the kubelet's client CA rather than server/tls/server-ca.crt.
 */
export const K3S_CIS_1_23: BenchmarkDef = derive(K3S_CIS_1_24, { name: 'k3s-cis-1.23', title: 'CIS Kubernetes V1.23 Benchmark v1.0.1 (k3s self-assessment)', kubernetes: ['1.22', '1.23'] }, {
  '1.1': (g) => editGroup(g, [
    ...['1.1.3', '1.1.5', '1.1.7'].map((id) => (checks: readonly CheckDef[]) => checks.map((c) => (c.id === id ? { ...c, text: c.text.replace('600 or more', '644 or more') } : c))),
    change('1.1.9', { text: 'Ensure that the Container Network Interface file permissions are set to 644 or more restrictive', automated: false, scored: false }),
    change('1.1.10', { automated: false, scored: false }),
    loosen('1.1.15', 'scheduler-kubeconfig', 'Ensure that the scheduler.conf file permissions are set to 644 or more restrictive'),
    loosen('1.1.17', 'controller-manager-kubeconfig', 'Ensure that the controller-manager.conf file permissions are set to 644 or more restrictive'),
    loosen('1.1.20', 'pki-certs', 'Ensure that the Kubernetes PKI certificate file permissions are set to 644 or more restrictive'),
    change('1.1.21', { automated: false, scored: false }),
  ]),
  '1.2': (g) => editGroup(g, [
    look('1.2.1', 'the API server\'s --anonymous-auth in k3s\'s "Running kube-apiserver" log line (k3s sets false)', { automated: false, scored: false }),
    ...['1.2.19', '1.2.20', '1.2.21', '1.2.22'].map((id) => look(id, `the API server's audit log flags in ${K3S.config} (kube-apiserver-arg audit-log-*)`, { automated: true, scored: true })),
    look('1.2.23', `--request-timeout of the API server (kube-apiserver-arg in ${K3S.config}; the default of 60s is fine unless requests time out)`, { automated: true, scored: true }),
    look('1.2.25', 'the API server\'s --service-account-key-file (k3s sets /var/lib/rancher/k3s/server/tls/service.key)'),
    change('1.2.32', { automated: false, scored: false }),
  ]),
  '1.3': (g) => editGroup(g, [look('1.3.6', 'the controller manager\'s RotateKubeletServerCertificate feature gate (on by default; k3s does not set it)')]),
  '2': (g) => editGroup(g, [change('2.7', { automated: false })]),
  '3.2': (g) => editGroup(g, [look('3.2.1', `the API server's --audit-policy-file (kube-apiserver-arg in ${K3S.config})`, { automated: false, scored: false })]),
  '4.1': (g) => editGroup(g, [
    change('4.1.1', { text: 'Ensure that the kubelet service file permissions are set to 644 or more restrictive' }),
    loosen('4.1.3', 'proxy-kubeconfig', 'If proxy kubeconfig file exists ensure permissions are set to 644 or more restrictive', { automated: false, scored: false }),
    change('4.1.4', { automated: false, scored: false }),
    loosen('4.1.5', 'kubelet-kubeconfig', 'Ensure that the --kubeconfig kubelet.conf file permissions are set to 644 or more restrictive'),
    loosen('4.1.7', 'kubelet-client-ca', 'Ensure that the certificate authorities file permissions are set to 644 or more restrictive', { automated: false, scored: true }),
    change('4.1.8', { automated: false, scored: false }),
    change('4.1.9', { text: 'Ensure that the kubelet --config configuration file has permissions set to 644 or more restrictive' }),
    change('4.1.10', { text: 'Ensure that the kubelet --config configuration file ownership is set to root:root' }),
  ]),
  '4.2': (g) => editGroup(g, [
    change('4.2.4', { text: 'Ensure that the --read-only-port argument is set to 0', automated: false, scored: false }),
    look('4.2.6', `the kubelet's --protect-kernel-defaults (protect-kernel-defaults: true in ${K3S.config})`),
    look('4.2.7', 'the kubelet\'s --make-iptables-util-chains (true unless a kubelet-arg sets it false)'),
    change('4.2.8', { automated: false, scored: false }),
    look('4.2.9', 'the kubelet\'s --event-qps (0 or a level that captures the events needed)', { text: 'Ensure that the --event-qps argument is set to 0 or a level which ensures appropriate event capture' }),
    change('4.2.10', { automated: false, scored: false }),
    look('4.2.11', 'the kubelet\'s --rotate-certificates (must not be false)'),
    look('4.2.12', 'the kubelet\'s RotateKubeletServerCertificate feature gate (on by default)', { automated: false, scored: false }),
    look('4.2.13', 'the kubelet\'s --tls-cipher-suites (kubelet-arg in /etc/rancher/k3s/config.yaml; only strong suites)'),
  ]),
  '5.2': (g) => editGroup(g, [change('5.2.2', { automated: true })]),
});
