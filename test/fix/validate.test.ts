import assert from 'node:assert/strict';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../../src/cli/program.js';
import { validateManifest } from '../../src/validate/manifest.js';
import { validateNode } from '../../src/validate/node.js';
import { knownFlags } from '../../src/validate/flags/index.js';
import { captureContext, kubefort } from '../helpers/cli.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';

const DEMO = 'test/fixtures/cis/kubeadm-1.32-controlplane';
const APISERVER = readFileSync(join(DEMO, 'etc/kubernetes/manifests/kube-apiserver.yaml'), 'utf8');
const FILE = '/etc/kubernetes/manifests/kube-apiserver.yaml';
const everything = () => true;

function check(text: string, minor = 32, exists: (p: string) => boolean = everything) {
  return validateManifest({ text, file: FILE, component: 'kube-apiserver', minor, exists });
}
/** The demo manifest with one argv line replaced (kubeadm writes `    - --flag=value`). */
function withArg(find: string, replace: string): string {
  assert.ok(APISERVER.includes(find), find);
  return APISERVER.replace(find, replace);
}
const ids = (findings: { ruleId: string }[]) => findings.map((f) => f.ruleId);

test('the demo manifests are clean: no finding on a stock kubeadm 1.32 control plane', () => {
  assert.deepEqual(check(APISERVER), []);
});

test('MV001 an unknown flag names the closest known one and its file:line:column', () => {
  const findings = check(withArg('- --allow-privileged=true', '- --anonymus-auth=false'));
  assert.deepEqual(ids(findings), ['MV001']);
  assert.match(findings[0]?.message ?? '', /unknown flag --anonymus-auth for kube-apiserver 1\.32 \(did you mean --anonymous-auth\?\)/);
  assert.deepEqual(findings[0]?.location, { file: FILE, line: 17, column: 7 });
});

test('MV001 follows the minor version: --cloud-provider is known up to 1.32 and unknown from 1.33 (kubernetes#130162)', () => {
  const text = withArg('- --allow-privileged=true', '- --cloud-provider=external');
  assert.deepEqual(check(text, 32), []);
  assert.deepEqual(ids(check(text, 33)), ['MV001']);
  assert.ok(knownFlags('kube-apiserver', 31).flags.has('emulated-version'));
  assert.ok(!knownFlags('kube-apiserver', 30).flags.has('emulated-version'));
});

test('MV002 a flag and its value in one list item with a space, and a value standing alone', () => {
  const joined = check(withArg('- --allow-privileged=true', '- --anonymous-auth false'));
  assert.deepEqual(ids(joined), ['MV002']);
  assert.match(joined[0]?.remediation ?? '', /--anonymous-auth=false/);
  const split = check(withArg('- --allow-privileged=true', '- --profiling\n    - "false"'));
  assert.deepEqual(ids(split), ['MV002']);
  assert.match(split[0]?.message ?? '', /"false" is not a flag/);
});

test('MV003 values the component rejects: a non-boolean, an unknown admission plugin, an unknown authorization mode', () => {
  assert.deepEqual(ids(check(withArg('--allow-privileged=true', '--allow-privileged=yes'))), ['MV003']);
  const plugin = check(withArg('--enable-admission-plugins=NodeRestriction', '--enable-admission-plugins=NodeRestriction,NodeRestrictions'));
  assert.match(plugin[0]?.message ?? '', /unknown admission plugin "NodeRestrictions"/);
  const mode = check(withArg('--authorization-mode=Node,RBAC', '--authorization-mode=Node,RBAK'));
  assert.match(mode[0]?.message ?? '', /unknown mode "RBAK"/);
  // SecurityContextDeny was removed in 1.30.
  const scd = withArg('--enable-admission-plugins=NodeRestriction', '--enable-admission-plugins=NodeRestriction,SecurityContextDeny');
  assert.deepEqual(check(scd, 29), []);
  assert.deepEqual(ids(check(scd, 30)), ['MV003']);
});

test('MV004 and MV005: a referenced file must be mounted by a hostPath volume and exist on the node', () => {
  const unmounted = check(withArg('- --allow-privileged=true', '- --audit-policy-file=/etc/kubernetes/audit-policy.yaml'));
  assert.deepEqual(ids(unmounted), ['MV005']);
  const missing = check(withArg('- --allow-privileged=true', '- --encryption-provider-config=/etc/kubernetes/pki/enc.yaml'), 32, (p) => p !== '/etc/kubernetes/pki/enc.yaml');
  assert.deepEqual(ids(missing), ['MV004']);
  const log = check(withArg('- --allow-privileged=true', '- --audit-log-path=/var/log/kubernetes/audit/audit.log'));
  assert.deepEqual(ids(log), ['MV005'], 'an audit log written inside the container is lost with it');
});

test('MV006 a flag given twice with different values; pflag appends string slices', () => {
  const scalar = check(withArg('- --allow-privileged=true', '- --profiling=true\n    - --profiling=false'));
  assert.deepEqual(ids(scalar), ['MV006']);
  assert.match(scalar[0]?.message ?? '', /the last one \(false\) wins/);
  const list = check(withArg('- --allow-privileged=true', '- --authorization-mode=AlwaysAllow'));
  assert.match(list[0]?.message ?? '', /pflag appends string-slice values, so kube-apiserver sees --authorization-mode=AlwaysAllow,Node,RBAC/);
});

test('MV000 a manifest that is not a Pod, and one with a YAML error at file:line:column', () => {
  const notPod = check(APISERVER.replace('kind: Pod', 'kind: Deployment'));
  assert.deepEqual(ids(notPod), ['MV000']);
  assert.match(notPod[0]?.message ?? '', /not a v1 Pod \(found v1\/Deployment\)/);
  const broken = check(APISERVER.replace('    - --allow-privileged=true', '   - --allow-privileged=true'));
  assert.equal(broken[0]?.ruleId, 'MV000');
  assert.match(broken[0]?.message ?? '', /kube-apiserver\.yaml:\d+:\d+/);
});

test('MV007 restart pending: the API server process and the kubelet run with arguments their configuration no longer has', () => {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  try {
    const manifest = join(root, FILE);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('- --allow-privileged=true', '- --allow-privileged=true\n    - --profiling=false'));
    const flags = join(root, 'var/lib/kubelet/kubeadm-flags.env');
    writeFileSync(flags, readFileSync(flags, 'utf8').replace('"--container', '"--read-only-port=0 --container'));
    const findings = validateNode(root, { now: new Date(0) }).findings;
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.subject ?? ''}`), ['MV007 kube-apiserver', 'MV007 kubelet']);
    assert.match(findings[0]?.message ?? '', /--profiling=false configured, not running/);
    assert.match(findings[1]?.message ?? '', /--read-only-port=0 configured, not running/);
  } finally {
    removeNodeFixture(root);
  }
});

test('kubefort bench shows manifest problems before the CIS checks and exits 1', async () => {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  try {
    const manifest = join(root, 'etc/kubernetes/manifests/kube-scheduler.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('- --leader-elect=true', '- --leader-elect=ture'));
    const { code, out } = await kubefort(['bench', '--root', root, '--check', '1.4.1']);
    assert.equal(code, 1);
    const mv = out.indexOf('MV003 kube-scheduler: --leader-elect=ture: not a boolean');
    assert.ok(mv >= 0, out);
    assert.ok(mv < out.indexOf('[INFO] 1 Control Plane'), 'the section comes before the checks');
    const clean = captureContext();
    await run(['bench', '--root', DEMO, '--check', '1.4.1'], clean);
    assert.ok(!clean.out.join('').includes('manifest validation'), 'a clean node\'s report is unchanged');
  } finally {
    removeNodeFixture(root);
  }
});

test('MV003 integers and durations are parsed as Go does: 0x10 and 1h0m0s pass, "thirty" and "5 minutes" do not', () => {
  const good = withArg('- --allow-privileged=true', '- --audit-log-maxage=0x1e\n    - --request-timeout=1h0m0s\n    - --goaway-chance=.001');
  assert.deepEqual(check(good), []);
  const bad = check(withArg('- --allow-privileged=true', '- --audit-log-maxage=thirty\n    - --request-timeout=5 minutes'));
  assert.deepEqual(bad.map((f) => f.message), [
    '--audit-log-maxage=thirty: not an integer',
    '--request-timeout=5 minutes: not a Go duration such as 30s, 5m or 1h0m0s',
  ]);
});

test('MV007 for the kubelet: its config file changed after the running kubelet started (/proc/<pid>/stat starttime + /proc/stat btime)', () => {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  try {
    const boot = 1_700_000_000;
    writeFileSync(join(root, 'proc/stat'), `cpu  1 2 3 4\nbtime ${boot}\nprocesses 9\n`);
    // comm with a space and a parenthesis, as the kernel allows; starttime (field 22) = 5000 ticks = 50 s after boot.
    writeFileSync(join(root, 'proc/1043/stat'), `1043 (kube let) S 1 1043 1043 0 -1 4194560 1 0 0 0 10 5 0 0 20 0 30 0 5000 1000 100\n`);
    const config = join(root, 'var/lib/kubelet/config.yaml');
    utimesSync(config, boot + 40, boot + 40);
    for (const f of ['var/lib/kubelet/kubeadm-flags.env']) utimesSync(join(root, f), boot + 40, boot + 40);
    assert.deepEqual(validateNode(root, { now: new Date(0) }).findings, [], 'written before the kubelet started');
    utimesSync(config, boot + 3600, boot + 3600);
    const findings = validateNode(root, { now: new Date(0) }).findings;
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /^\/var\/lib\/kubelet\/config\.yaml changed after the running kubelet \(pid 1043\) started/);
  } finally {
    removeNodeFixture(root);
  }
});

test('kubefort bench --output json exits 1 on a manifest that would not start, like the text output', async () => {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  try {
    const manifest = join(root, 'etc/kubernetes/manifests/kube-scheduler.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('- --leader-elect=true', '- --leader-elect=ture'));
    const ctx = captureContext();
    assert.equal(await run(['bench', '--root', root, '--check', '1.4.2', '--output', 'json'], ctx), 1);
    assert.doesNotThrow(() => JSON.parse(ctx.out.join('')), 'the JSON document is unchanged');
  } finally {
    removeNodeFixture(root);
  }
});
