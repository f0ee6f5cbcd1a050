import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { AUDIT, cli, DEMO, DEMO_PIDS, edit, read, simulateRestart, snapshot } from './helpers.js';

const EXPECTED = 'test/fixtures/fix/kubeadm-1.32-controlplane/expected';
const roots: string[] = [];
function demo(): string {
  const root = materializeNodeFixture(DEMO);
  roots.push(root);
  return root;
}
after(() => roots.forEach(removeNodeFixture));

async function benchJson(root: string): Promise<Map<string, string>> {
  const { out } = await cli(['bench', '--root', root, '--output', 'json', '--fail-on', 'never']);
  const json = JSON.parse(out) as { controls: { groups: { checks: { id: string; status: string }[] }[] }[] };
  return new Map(json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => [k.id, k.status] as const))));
}

test('the dry run shows a unified diff per file, grouped by component with the check ids, and writes nothing', async () => {
  const root = demo();
  const before = snapshot(root);
  const { code, out } = await cli(['fix', '--root', root]);
  assert.equal(code, 1, 'changes are pending');
  assert.match(out, /== kube-apiserver ==\n# \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml: --profiling=false, .*\[fixes 1\.2\.15, 1\.2\.17, 1\.2\.18, 1\.2\.19, 1\.2\.30\]\n--- \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml\n\+\+\+ /);
  assert.match(out, /^\+ {4}- --profiling=false$/m);
  assert.match(out, /== kubelet ==\n(chmod .*\n)*chmod 600 \/var\/lib\/kubelet\/config\.yaml {3}\(was 644\) {2}\[fixes 4\.1\.9\]/);
  assert.match(out, /== needs input ==\n1\.1\.12 etcd owner of \/var\/lib\/etcd: there is no user etcd/);
  assert.match(out, /1\.2\.16 kube-apiserver --audit-log-path: .*--set kube-apiserver:--audit-log-path=<value>/);
  assert.deepEqual(snapshot(root), before);
  assert.ok(!existsSync(join(root, 'var/lib/kubefort/backups')));
  assert.equal(out.replaceAll(root, '<root>'), readFileSync(join(EXPECTED, 'dry-run.txt'), 'utf8'), 'the reviewed golden dry run');
});

test('--apply writes exactly the committed expected manifests (audit log volume and mount included), keeps modes, and is idempotent', async () => {
  const root = demo();
  const { code, out } = await cli(['fix', '--root', root, '--apply', '--set', AUDIT]);
  assert.equal(code, 1, 'two checks still need input (1.1.12, 1.2.5)');
  assert.match(out, /Applied: 3 file\(s\), 2 mode\/owner change\(s\)\. Backup \d{8}T\d{6}Z/);
  for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    const path = `etc/kubernetes/manifests/${name}.yaml`;
    assert.equal(read(root, path), readFileSync(join(EXPECTED, path), 'utf8'), path);
  }
  assert.equal(read(root, 'etc/kubernetes/manifests/etcd.yaml'), readFileSync('test/fixtures/cis/kubeadm-1.32-controlplane/etc/kubernetes/manifests/etcd.yaml', 'utf8'));
  const once = snapshot(root);
  assert.equal(once.get('/var/lib/kubelet/config.yaml')?.split(' ')[0], '600');
  assert.equal(once.get('/etc/kubernetes/manifests/kube-apiserver.yaml')?.split(' ')[0], '600');
  const again = await cli(['fix', '--root', root, '--apply', '--set', AUDIT]);
  assert.match(again.out, /Nothing to change\./);
  assert.match(again.out, /already configured, restart pending ==\n1\.2\.15, 1\.2\.16/);
  assert.deepEqual(snapshot(root), once, 'the second run changes nothing');
});

test('after --apply and the restart, kubefort bench shows the fixed checks PASS and no new FAIL', async () => {
  const root = demo();
  const before = await benchJson(root);
  await cli(['fix', '--root', root, '--apply', '--set', AUDIT]);
  const pending = await cli(['bench', '--root', root, '--check', '1.2.15']);
  assert.match(pending.out, /MV007 kube-apiserver: kube-apiserver runs with arguments that differ/);
  simulateRestart(root, DEMO_PIDS);
  const now = await benchJson(root);
  const fixed = ['1.1.1', '1.2.15', '1.2.16', '1.2.17', '1.2.18', '1.2.19', '1.2.30', '1.3.2', '1.4.1', '4.1.1', '4.1.9'];
  for (const id of fixed) assert.equal(now.get(id), 'PASS', id);
  const newFails = [...now].filter(([id, s]) => s === 'FAIL' && before.get(id) !== 'FAIL').map(([id]) => id);
  assert.deepEqual(newFails, []);
  assert.deepEqual([...now].filter(([, s]) => s === 'FAIL').map(([id]) => id), ['1.1.12', '1.2.5'], 'only the two that need input');
  const clean = await cli(['bench', '--root', root, '--check', '1.2.15']);
  assert.ok(!clean.out.includes('MV007'), 'restart no longer pending');
});

test('comments, quoting and key order survive: only the changed lines differ', async () => {
  const root = demo();
  const path = 'etc/kubernetes/manifests/kube-scheduler.yaml';
  edit(root, path, '    - --leader-elect=true\n', '    # keep leader election on: two control-plane nodes\n    - --leader-elect=true\n');
  edit(root, path, '  name: kube-scheduler\n  namespace', '  name: "kube-scheduler"  # quoted on purpose\n  namespace');
  const original = read(root, path);
  await cli(['fix', '--root', root, '--apply', '--check', '1.4.1']);
  const result = read(root, path);
  assert.ok(result.includes('    # keep leader election on: two control-plane nodes\n    - --leader-elect=true\n    - --profiling=false\n'));
  assert.ok(result.includes('  name: "kube-scheduler"  # quoted on purpose\n'));
  const removed = original.split('\n').filter((l) => !result.split('\n').includes(l));
  assert.deepEqual(removed, []);
  assert.equal(result.split('\n').length, original.split('\n').length + 1);
});

test('list-valued flags are edited item by item: other admission plugins and modes are kept', async () => {
  const root = demo();
  const path = 'etc/kubernetes/manifests/kube-apiserver.yaml';
  edit(root, path, '--enable-admission-plugins=NodeRestriction', '--enable-admission-plugins=AlwaysAdmit,NodeRestriction,PodNodeSelector');
  edit(root, path, '    - --allow-privileged=true\n', '    - --allow-privileged=true\n    - --disable-admission-plugins=DefaultStorageClass,ServiceAccount\n');
  edit(root, path, '--authorization-mode=Node,RBAC', '--authorization-mode=AlwaysAllow,Webhook');
  simulateRestart(root, { 'kube-apiserver': 1391 });
  const { code, out } = await cli(['fix', '--root', root, '--apply', '--check', '1.2.6,1.2.7,1.2.8,1.2.10,1.2.12']);
  assert.equal(code, 0, out);
  const text = read(root, path);
  assert.match(text, /- --enable-admission-plugins=NodeRestriction,PodNodeSelector\n/);
  assert.match(text, /- --disable-admission-plugins=DefaultStorageClass\n/);
  assert.match(text, /- --authorization-mode=Webhook,Node,RBAC\n/);
});

test('removing the last item of a list flag whose default fails the check is refused, and nothing is written', async () => {
  const root = demo();
  const path = 'etc/kubernetes/manifests/kube-apiserver.yaml';
  edit(root, path, '--authorization-mode=Node,RBAC', '--authorization-mode=AlwaysAllow');
  simulateRestart(root, { 'kube-apiserver': 1391 });
  const before = snapshot(root);
  const { code, err } = await cli(['fix', '--root', root, '--apply', '--check', '1.2.6']);
  assert.equal(code, 2);
  assert.match(err, /--authorization-mode would be unset, so 1\.2\.6 would still fail|--authorization-mode would be "AlwaysAllow" \(the default\), so 1\.2\.6 would still fail/);
  assert.deepEqual(snapshot(root), before);
});

test('--output json: one document with each edit\'s diff and check ids, the chmod plan, what needs input; with --apply the backup id', async () => {
  const root = demo();
  const dry = await cli(['fix', '--root', root, '--output', 'json']);
  assert.equal(dry.code, 1);
  const plan = JSON.parse(dry.out) as { schemaVersion: number; edits: { path: string; checks: string[]; diff: string }[]; perms: { kind: string; path: string; mode: string }[]; needsInput: { check: string }[] };
  assert.equal(plan.schemaVersion, 1);
  assert.deepEqual(plan.edits.map((e) => e.path), ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/etc/kubernetes/manifests/kube-controller-manager.yaml', '/etc/kubernetes/manifests/kube-scheduler.yaml']);
  assert.match(plan.edits[2]?.diff ?? '', /^\+ {4}- --profiling=false$/m);
  assert.deepEqual(plan.perms.map((p) => `${p.kind} ${p.mode} ${p.path}`), ['chmod 600 /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf', 'chmod 600 /var/lib/kubelet/config.yaml']);
  assert.deepEqual(plan.needsInput.map((n) => n.check), ['1.1.12', '1.2.5', '1.2.16']);
  const applied = await cli(['fix', '--root', root, '--apply', '--output', 'json', '--check', '1.4.1']);
  const result = JSON.parse(applied.out) as { applied: { backupId: string } };
  assert.match(result.applied.backupId, /^\d{8}T\d{6}Z$/);
});
