import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCheck } from '../../src/cis/evaluate.js';
import { CIS_1_12 } from '../../src/cis/benchmarks/cis-1.12/index.js';
import type { CheckDef } from '../../src/cis/model.js';
import type { ComponentName } from '../../src/domain/node-facts.js';
import { running } from './builders.js';

function check(id: string): CheckDef {
  for (const c of CIS_1_12.controls) for (const g of c.groups) for (const k of g.checks) if (k.id === id) return k;
  throw new Error(`no check ${id}`);
}

const AUTHZ = '--authorization-mode=Node,RBAC';
const API: ComponentName = 'kube-apiserver';
const CM: ComponentName = 'kube-controller-manager';
const SCHED: ComponentName = 'kube-scheduler';
const ETCD: ComponentName = 'etcd';

/** [rule, check id, component, passing args, failing args] — failing a scored check is FAIL, an unscored one WARN. */
const TABLE: [string, string, ComponentName, string[], string[]][] = [
  ['1.2.1 FAILs when --anonymous-auth is absent (default true)', '1.2.1', API, ['--anonymous-auth=false'], []],
  ['1.2.1 FAILs when --anonymous-auth=True (Go bool spelling)', '1.2.1', API, ['--anonymous-auth=0'], ['--anonymous-auth=True']],
  ['1.2.2 FAILs when --token-auth-file is set', '1.2.2', API, [], ['--token-auth-file=/etc/tokens.csv']],
  ['1.2.3 needs DenyServiceExternalIPs in --enable-admission-plugins', '1.2.3', API, ['--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs'], ['--enable-admission-plugins=NodeRestriction']],
  ['1.2.4 needs both kubelet client certificate and key', '1.2.4', API, ['--kubelet-client-certificate=/a.crt', '--kubelet-client-key=/a.key'], ['--kubelet-client-certificate=/a.crt']],
  ['1.2.5 needs --kubelet-certificate-authority', '1.2.5', API, ['--kubelet-certificate-authority=/ca.crt'], []],
  ['1.2.6 FAILs when --authorization-mode is absent (default AlwaysAllow)', '1.2.6', API, [AUTHZ], []],
  ['1.2.6 FAILs when AlwaysAllow is one of the modes', '1.2.6', API, [AUTHZ], ['--authorization-mode=Node,AlwaysAllow']],
  ['1.2.7 needs Node in --authorization-mode', '1.2.7', API, [AUTHZ], ['--authorization-mode=RBAC']],
  ['1.2.8 needs RBAC in --authorization-mode', '1.2.8', API, [AUTHZ], ['--authorization-mode=Node']],
  ['1.2.9 needs EventRateLimit', '1.2.9', API, ['--enable-admission-plugins=EventRateLimit'], ['--enable-admission-plugins=NodeRestriction']],
  ['1.2.10 FAILs when AlwaysAdmit is enabled; absent passes', '1.2.10', API, [], ['--enable-admission-plugins=NodeRestriction,AlwaysAdmit']],
  ['1.2.11 needs AlwaysPullImages', '1.2.11', API, ['--enable-admission-plugins=AlwaysPullImages'], []],
  ['1.2.12 FAILs when ServiceAccount is disabled', '1.2.12', API, ['--disable-admission-plugins=PodSecurity'], ['--disable-admission-plugins=ServiceAccount']],
  ['1.2.13 FAILs when NamespaceLifecycle is disabled', '1.2.13', API, [], ['--disable-admission-plugins=NamespaceLifecycle']],
  ['1.2.14 needs NodeRestriction', '1.2.14', API, ['--enable-admission-plugins=NodeRestriction'], ['--enable-admission-plugins=']],
  ['1.2.14 sees NodeRestriction in an earlier --enable-admission-plugins: a repeated string slice appends (pflag)', '1.2.14', API, ['--enable-admission-plugins=NodeRestriction', '--enable-admission-plugins=AlwaysPullImages'], ['--enable-admission-plugins=AlwaysPullImages']],
  ['1.2.10 FAILs AlwaysAdmit enabled by the first of two --enable-admission-plugins', '1.2.10', API, ['--enable-admission-plugins=NodeRestriction', '--enable-admission-plugins=AlwaysPullImages'], ['--enable-admission-plugins=AlwaysAdmit', '--enable-admission-plugins=NodeRestriction']],
  ['1.2.6 FAILs AlwaysAllow given in the first of two --authorization-mode', '1.2.6', API, ['--authorization-mode=Node', '--authorization-mode=RBAC'], ['--authorization-mode=AlwaysAllow', '--authorization-mode=Node,RBAC']],
  ['1.2.17 judges the last of two --audit-log-maxage (one value: the last wins)', '1.2.17', API, ['--audit-log-maxage=7', '--audit-log-maxage=30'], ['--audit-log-maxage=30', '--audit-log-maxage=7']],
  ['1.2.15 FAILs when --profiling is absent (default true)', '1.2.15', API, ['--profiling=false'], []],
  ['1.2.15 FAILs on a bare --profiling (means true)', '1.2.15', API, ['--profiling=false'], ['--profiling']],
  ['1.2.16 needs --audit-log-path', '1.2.16', API, ['--audit-log-path=/var/log/audit.log'], []],
  ['1.2.17 needs --audit-log-maxage >= 30', '1.2.17', API, ['--audit-log-maxage=30'], ['--audit-log-maxage=7']],
  ['1.2.18 needs --audit-log-maxbackup >= 10', '1.2.18', API, ['--audit-log-maxbackup=10'], ['--audit-log-maxbackup=3']],
  ['1.2.19 needs --audit-log-maxsize >= 100', '1.2.19', API, ['--audit-log-maxsize=200'], ['--audit-log-maxsize=abc']],
  ['1.2.21 passes when --service-account-lookup is absent (default true)', '1.2.21', API, [], ['--service-account-lookup=false']],
  ['1.2.22 needs --service-account-key-file', '1.2.22', API, ['--service-account-key-file=/sa.pub'], []],
  ['1.2.23 needs etcd client certificate and key', '1.2.23', API, ['--etcd-certfile=/c', '--etcd-keyfile=/k'], ['--etcd-keyfile=/k']],
  ['1.2.24 needs TLS certificate and key', '1.2.24', API, ['--tls-cert-file=/c', '--tls-private-key-file=/k'], ['--tls-cert-file=/c']],
  ['1.2.25 needs --client-ca-file', '1.2.25', API, ['--client-ca-file=/ca'], []],
  ['1.2.26 needs --etcd-cafile', '1.2.26', API, ['--etcd-cafile=/ca'], ['--etcd-cafile=']],
  ['1.2.27 needs --encryption-provider-config', '1.2.27', API, ['--encryption-provider-config=/enc.yaml'], []],
  ['1.2.29 WARNs on a weak cipher suite', '1.2.29', API, ['--tls-cipher-suites=TLS_AES_128_GCM_SHA256'], ['--tls-cipher-suites=TLS_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4_128_SHA']],
  ['1.2.30 FAILs when --service-account-extend-token-expiration is absent (default true)', '1.2.30', API, ['--service-account-extend-token-expiration=false'], []],
  ['1.3.1 needs --terminated-pod-gc-threshold', '1.3.1', CM, ['--terminated-pod-gc-threshold=10'], []],
  ['1.3.2 FAILs when controller-manager --profiling is absent', '1.3.2', CM, ['--profiling=false'], []],
  ['1.3.3 FAILs when --use-service-account-credentials is absent (default false)', '1.3.3', CM, ['--use-service-account-credentials=true'], []],
  ['1.3.4 needs --service-account-private-key-file', '1.3.4', CM, ['--service-account-private-key-file=/sa.key'], []],
  ['1.3.5 needs --root-ca-file', '1.3.5', CM, ['--root-ca-file=/ca.crt'], []],
  ['1.3.6 FAILs when RotateKubeletServerCertificate=false', '1.3.6', CM, ['--feature-gates=Foo=true'], ['--feature-gates=Foo=true,RotateKubeletServerCertificate=false']],
  ['1.3.7 FAILs when --bind-address is absent (default 0.0.0.0)', '1.3.7', CM, ['--bind-address=127.0.0.1'], []],
  ['1.4.1 FAILs when scheduler --profiling=true', '1.4.1', SCHED, ['--profiling=false'], ['--profiling=true']],
  ['1.4.2 FAILs when scheduler binds 0.0.0.0', '1.4.2', SCHED, ['--bind-address=127.0.0.1'], ['--bind-address=0.0.0.0']],
  ['2.1 needs etcd --cert-file and --key-file', '2.1', ETCD, ['--cert-file=/c', '--key-file=/k'], ['--cert-file=/c']],
  ['2.2 FAILs when --client-cert-auth is absent (default false)', '2.2', ETCD, ['--client-cert-auth=true'], []],
  ['2.3 FAILs when --auto-tls=true; absent passes', '2.3', ETCD, [], ['--auto-tls=true']],
  ['2.4 needs etcd peer certificate and key', '2.4', ETCD, ['--peer-cert-file=/c', '--peer-key-file=/k'], []],
  ['2.5 FAILs when --peer-client-cert-auth is absent', '2.5', ETCD, ['--peer-client-cert-auth=true'], []],
  ['2.6 FAILs when --peer-auto-tls=true', '2.6', ETCD, ['--peer-auto-tls=false'], ['--peer-auto-tls=true']],
  ['2.7 WARNs without --trusted-ca-file', '2.7', ETCD, ['--trusted-ca-file=/etcd-ca.crt'], []],
  ['3.2.1 WARNs without --audit-policy-file', '3.2.1', API, ['--audit-policy-file=/p.yaml'], []],
  ['5.5.1 WARNs without ImagePolicyWebhook', '5.5.1', API, ['--enable-admission-plugins=ImagePolicyWebhook'], []],
];

for (const [name, id, comp, pass, fail] of TABLE) {
  test(name, () => {
    const def = check(id);
    const passed = evaluateCheck(def, running(comp, pass));
    assert.equal(passed.status, 'PASS', `${id} with ${pass.join(' ')}: ${passed.reason}`);
    const failed = evaluateCheck(def, running(comp, fail));
    assert.equal(failed.status, def.scored ? 'FAIL' : 'WARN', `${id} with ${fail.join(' ')}: ${failed.reason}`);
  });
}

test('the last occurrence of a repeated flag wins', () => {
  const result = evaluateCheck(check('1.2.15'), running(API, ['--profiling=false', '--profiling=true']));
  assert.equal(result.status, 'FAIL');
  assert.deepEqual(result.evidence[0]?.location, { file: '/etc/kubernetes/manifests/kube-apiserver.yaml', line: 21, column: 7 });
});

test('an absent flag judged on its default says so in the evidence', () => {
  const result = evaluateCheck(check('1.2.1'), running(API, []));
  assert.equal(result.evidence[0]?.source, 'default');
  assert.equal(result.evidence[0]?.value, 'true');
  assert.match(result.reason, /not set \(default true\)/);
});

test('a control-plane check WARNs when the component is not on this node', () => {
  const result = evaluateCheck(check('1.2.15'), running('kubelet', []));
  assert.equal(result.status, 'WARN');
  assert.match(result.reason, /kube-apiserver was not found/);
});

test('an etcd check is INFO (not applicable) on a node without etcd', () => {
  assert.equal(evaluateCheck(check('2.2'), running(API, [])).status, 'INFO');
});

test('a malformed static pod manifest makes its checks WARN naming file:line:column', () => {
  const facts = running('kubelet', []);
  facts.warnings.push({ message: 'bad indentation', location: { file: '/etc/kubernetes/manifests/kube-apiserver.yaml', line: 12, column: 5 } });
  const result = evaluateCheck(check('1.2.1'), facts);
  assert.equal(result.status, 'WARN');
  assert.match(result.reason, /kube-apiserver.yaml:12:5: bad indentation/);
});

test('2.7 WARNs when etcd trusts the same CA file the API server uses for clients', () => {
  const facts = running(ETCD, ['--trusted-ca-file=/etc/kubernetes/pki/ca.crt']);
  facts.components['kube-apiserver'] = running(API, ['--client-ca-file=/etc/kubernetes/pki/ca.crt']).components['kube-apiserver'];
  const same = evaluateCheck(check('2.7'), facts);
  assert.equal(same.status, 'WARN');
  assert.match(same.reason, /the same file as kube-apiserver --client-ca-file/);
  facts.components.etcd = running(ETCD, ['--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt']).components.etcd;
  assert.equal(evaluateCheck(check('2.7'), facts).status, 'PASS');
});
