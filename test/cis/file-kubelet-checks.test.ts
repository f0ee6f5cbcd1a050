import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCheck } from '../../src/cis/evaluate.js';
import { CIS_1_12 } from '../../src/cis/benchmarks/cis-1.12/index.js';
import type { CheckDef } from '../../src/cis/model.js';
import { file, kubeletFacts, nodeFacts, withFiles } from './builders.js';

const ALL: CheckDef[] = CIS_1_12.controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
const byId = (id: string) => ALL.find((c) => c.id === id) as CheckDef;
const failing = (def: CheckDef) => (def.scored ? 'FAIL' : 'WARN');

// Every file-mode check: the mask itself passes, one extra bit (group write / other read) fails.
for (const def of ALL.filter((c) => c.test.kind === 'file-mode')) {
  const t = def.test as Extract<CheckDef['test'], { kind: 'file-mode' }>;
  const role = t.roles[0] as NonNullable<typeof t.roles[0]>;
  const extra = t.mask | 0o020 | 0o004;
  test(`${def.id} ${failing(def)}s when ${role} is ${extra.toString(8)}, more open than ${t.mask.toString(8)}; PASSes at ${t.mask.toString(8)} and 400`, () => {
    assert.equal(evaluateCheck(def, withFiles(role, [file('/x', t.mask)])).status, 'PASS');
    assert.equal(evaluateCheck(def, withFiles(role, [file('/x', 0o400)])).status, 'PASS');
    const result = evaluateCheck(def, withFiles(role, [file('/x', 0o400), file('/y', extra)]));
    assert.equal(result.status, failing(def));
    assert.match(result.reason, new RegExp(`/y has permissions ${extra.toString(8)}`));
  });
}

// Every root:root owner check: uid/gid 0 passes even without /etc/passwd names; uid 1000 fails.
for (const def of ALL.filter((c) => c.test.kind === 'file-owner' && c.test.user === 'root')) {
  const t = def.test as Extract<CheckDef['test'], { kind: 'file-owner' }>;
  const role = t.roles[0] as NonNullable<typeof t.roles[0]>;
  test(`${def.id} compares root:root numerically: uid 0 without a passwd entry PASSes, uid 1000 ${failing(def)}s`, () => {
    assert.equal(evaluateCheck(def, withFiles(role, [file('/x', 0o600, 0, 0, {})])).status, 'PASS');
    assert.equal(evaluateCheck(def, withFiles(role, [file('/x', 0o600, 1000, 0, { user: 'admin', group: 'root' })])).status, failing(def));
  });
}

test('1.1.12 PASSes for etcd:etcd by name, FAILs for root:root', () => {
  const def = byId('1.1.12');
  assert.equal(evaluateCheck(def, withFiles('etcd-data-dir', [file('/var/lib/etcd', 0o700, 998, 998, { user: 'etcd', group: 'etcd' })])).status, 'PASS');
  assert.equal(evaluateCheck(def, withFiles('etcd-data-dir', [file('/var/lib/etcd', 0o700, 0, 0)])).status, 'FAIL');
});

test('1.1.12 WARNs with the numeric ids when /etc/passwd has no name for the owner', () => {
  const result = evaluateCheck(byId('1.1.12'), withFiles('etcd-data-dir', [file('/var/lib/etcd', 0o700, 998, 998, {})]));
  assert.equal(result.status, 'WARN');
  assert.match(result.reason, /uid 998, gid 998, which have no name/);
});

test('an "if exists" file that does not exist PASSes with a note', () => {
  const result = evaluateCheck(byId('4.1.3'), withFiles('proxy-kubeconfig', [{ path: '/var/lib/kube-proxy/kubeconfig.conf', exists: false }]));
  assert.equal(result.status, 'PASS');
  assert.match(result.reason, /does not exist/);
});

test('no file of the role on this node PASSes with a note', () => {
  const result = evaluateCheck(byId('1.1.1'), nodeFacts());
  assert.equal(result.status, 'PASS');
  assert.match(result.reason, /applies only if it exists/);
});

test('an unreadable file WARNs with the reason instead of FAILing', () => {
  const result = evaluateCheck(byId('1.1.1'), withFiles('apiserver-manifest', [{ path: '/etc/kubernetes/manifests/kube-apiserver.yaml', exists: true, error: 'permission denied' }]));
  assert.equal(result.status, 'WARN');
  assert.match(result.reason, /permission denied/);
});

test('1.1.13 covers super-admin.conf too', () => {
  const facts = nodeFacts({ files: { 'admin-kubeconfig': [file('/etc/kubernetes/admin.conf', 0o600)], 'super-admin-kubeconfig': [file('/etc/kubernetes/super-admin.conf', 0o644)] } });
  assert.equal(evaluateCheck(byId('1.1.13'), facts).status, 'FAIL');
});

/** [rule, id, passing effective config, failing effective config, sources of the failing one] */
const KUBELET: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
  ['4.2.1 FAILs when anonymous auth is enabled', '4.2.1', { 'authentication.anonymous.enabled': false }, { 'authentication.anonymous.enabled': true }],
  ['4.2.2 FAILs when authorization.mode is AlwaysAllow', '4.2.2', { 'authorization.mode': 'Webhook' }, { 'authorization.mode': 'AlwaysAllow' }],
  ['4.2.3 FAILs without a client CA file', '4.2.3', { 'authentication.x509.clientCAFile': '/etc/kubernetes/pki/ca.crt' }, {}],
  ['4.2.4 WARNs when readOnlyPort is 10255', '4.2.4', { readOnlyPort: 0 }, { readOnlyPort: 10255 }],
  ['4.2.5 WARNs when streamingConnectionIdleTimeout is 0s', '4.2.5', { streamingConnectionIdleTimeout: '4h0m0s' }, { streamingConnectionIdleTimeout: '0s' }],
  ['4.2.6 FAILs when makeIPTablesUtilChains is false', '4.2.6', { makeIPTablesUtilChains: true }, { makeIPTablesUtilChains: false }],
  ['4.2.8 WARNs when eventRecordQPS is negative', '4.2.8', { eventRecordQPS: 50 }, { eventRecordQPS: -1 }],
  ['4.2.9 WARNs without both tlsCertFile and tlsPrivateKeyFile', '4.2.9', { tlsCertFile: '/a.crt', tlsPrivateKeyFile: '/a.key' }, { tlsCertFile: '/a.crt' }],
  ['4.2.10 FAILs when rotateCertificates is false (its default)', '4.2.10', { rotateCertificates: true }, { rotateCertificates: false }],
  ['4.2.11 WARNs when RotateKubeletServerCertificate is false', '4.2.11', {}, { 'featureGates.RotateKubeletServerCertificate': false }],
  ['4.2.12 WARNs on a weak cipher', '4.2.12', { tlsCipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] }, { tlsCipherSuites: ['TLS_RSA_WITH_AES_128_CBC_SHA'] }],
  ['4.2.13 WARNs when podPidsLimit is -1 (unlimited)', '4.2.13', { podPidsLimit: 4096 }, { podPidsLimit: -1 }],
  ['4.2.14 WARNs when seccompDefault is false', '4.2.14', { seccompDefault: true }, { seccompDefault: false }],
];

for (const [name, id, pass, fail] of KUBELET) {
  test(name, () => {
    const def = byId(id);
    const ok = evaluateCheck(def, kubeletFacts(pass));
    assert.equal(ok.status, 'PASS', ok.reason);
    assert.equal(evaluateCheck(def, kubeletFacts(fail)).status, failing(def));
  });
}

test('4.2.4 PASSes when readOnlyPort is absent from the config file (default 0), with the default as evidence', () => {
  const result = evaluateCheck(byId('4.2.4'), kubeletFacts({ readOnlyPort: 0 }, { readOnlyPort: 'default' }));
  assert.equal(result.status, 'PASS');
  assert.equal(result.evidence[0]?.source, 'default');
});

test('4.2.1 judges the flag that overrides the config file and names where it was given', () => {
  const result = evaluateCheck(byId('4.2.1'), kubeletFacts({ 'authentication.anonymous.enabled': true }, { 'authentication.anonymous.enabled': 'flag' }));
  assert.equal(result.status, 'FAIL');
  assert.match(result.reason, /\(flag \/var\/lib\/kubelet\/config.yaml:5:3\)/);
});

test('4.2.7 WARNs when --hostname-override is on the kubelet command line', () => {
  assert.equal(evaluateCheck(byId('4.2.7'), kubeletFacts({}, {}, [])).status, 'PASS');
  assert.equal(evaluateCheck(byId('4.2.7'), kubeletFacts({}, {}, ['--hostname-override=node-1'])).status, 'WARN');
});

test('a malformed kubelet config file makes kubelet checks WARN naming file:line:column', () => {
  const facts = kubeletFacts({ 'authentication.anonymous.enabled': false });
  facts.kubelet!.configFileError = { message: 'bad indentation of a mapping entry', location: { file: '/var/lib/kubelet/config.yaml', line: 7, column: 3 } };
  const result = evaluateCheck(byId('4.2.1'), facts);
  assert.equal(result.status, 'WARN');
  assert.match(result.reason, /config.yaml:7:3: bad indentation/);
});

test('a warning about a kubelet --config-dir drop-in makes kubelet checks WARN naming it; a warning about another file does not', () => {
  const facts = kubeletFacts({ 'authentication.anonymous.enabled': false });
  facts.kubelet!.dropIns = ['/etc/kubernetes/kubelet.conf.d/10-bad.conf'];
  facts.warnings = [{ message: 'malformed kubelet config: unexpected end', location: { file: '/etc/kubernetes/manifests/etcd.yaml', line: 2, column: 1 } }];
  assert.equal(evaluateCheck(byId('4.2.1'), facts).status, 'PASS');
  facts.warnings.push({ message: 'malformed kubelet config: unexpected end', location: { file: '/etc/kubernetes/kubelet.conf.d/10-bad.conf', line: 4, column: 1 } });
  const result = evaluateCheck(byId('4.2.1'), facts);
  assert.equal(result.status, 'WARN');
  assert.match(result.reason, /10-bad\.conf:4:1: malformed kubelet config/);
});

test('4.3.1 FAILs when kube-proxy metricsBindAddress in its config file is 0.0.0.0:10249', () => {
  const facts = nodeFacts({
    components: { 'kube-proxy': { name: 'kube-proxy', source: 'process', pid: 9, executable: 'kube-proxy', args: [{ flag: '--config', value: '/var/lib/kube-proxy/config.conf', location: { file: '/proc/9/cmdline' } }] } },
    kubeProxy: { configFile: '/var/lib/kube-proxy/config.conf', readFrom: '/proc/9/root/var/lib/kube-proxy/config.conf', config: { metricsBindAddress: '0.0.0.0:10249' }, locations: { metricsBindAddress: { file: '/proc/9/root/var/lib/kube-proxy/config.conf', line: 30, column: 21 } } },
  });
  const result = evaluateCheck(byId('4.3.1'), facts);
  assert.equal(result.status, 'FAIL');
  assert.equal(result.evidence[0]?.location?.line, 30);
  facts.kubeProxy!.config = { metricsBindAddress: '' };
  assert.equal(evaluateCheck(byId('4.3.1'), facts).status, 'PASS', 'an empty metricsBindAddress takes the default 127.0.0.1:10249');
});

test('4.3.1 is INFO (not applicable) on a node without kube-proxy', () => {
  assert.equal(evaluateCheck(byId('4.3.1'), nodeFacts()).status, 'INFO');
});

test('a failing file check\'s remediation names the actual files of this node', () => {
  const result = evaluateCheck(byId('4.1.9'), withFiles('kubelet-config', [file('/etc/custom/kubelet.json', 0o644)]));
  assert.match(result.remediation, /\nOn this node: chmod 600 \/etc\/custom\/kubelet\.json$/);
  const owner = evaluateCheck(byId('1.1.12'), withFiles('etcd-data-dir', [{ ...file('/data/etcd', 0o700), type: 'directory' }]));
  assert.match(owner.remediation, /On this node: chown -R etcd:etcd \/data\/etcd$/);
});

test('a failing kubelet check\'s remediation names the config file in use and the overriding flag', () => {
  const result = evaluateCheck(byId('4.2.1'), kubeletFacts({ 'authentication.anonymous.enabled': true }, { 'authentication.anonymous.enabled': 'flag' }));
  assert.match(result.remediation, /On this node: authentication\.anonymous\.enabled is set by a flag at \/var\/lib\/kubelet\/config\.yaml:5:3; the config file in use is \/var\/lib\/kubelet\/config\.yaml \(flag --config\)\.$/);
});
