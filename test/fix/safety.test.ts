import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SimulatedCrash } from '../../src/fix/writer.js';
import { materializeNodeFixture, ownersApplied, removeNodeFixture } from '../helpers/materialize.js';
import { AUDIT, cli, DEMO, edit, fixWith, read, snapshot } from './helpers.js';

const roots: string[] = [];
function node(name = DEMO): string {
  const root = materializeNodeFixture(name);
  roots.push(root);
  return root;
}
after(() => roots.forEach(removeNodeFixture));

const APISERVER = 'etc/kubernetes/manifests/kube-apiserver.yaml';
const SCHEDULER = 'etc/kubernetes/manifests/kube-scheduler.yaml';
const ORIGINAL = 'test/fixtures/cis/kubeadm-1.32-controlplane';

function backups(root: string): string[] {
  const dir = join(root, 'var/lib/kubefort/backups');
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function refused(root: string, args: string[], message: RegExp): Promise<void> {
  const before = snapshot(root);
  const { code, err } = await cli(['fix', '--root', root, '--apply', ...args]);
  assert.equal(code, 2, err);
  assert.match(err, message);
  assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
  assert.deepEqual(snapshot(root), before, 'nothing changed');
  assert.deepEqual(backups(root), [], 'no backup either: nothing was attempted');
}

test('refused: a manifest that already has a typo flag (the result would not start)', async () => {
  const root = node();
  edit(root, APISERVER, '- --allow-privileged=true', '- --anonymus-auth=false');
  await refused(root, ['--check', '1.2.15'], /refusing to write \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml: the result would not start kube-apiserver: MV001 unknown flag --anonymus-auth .*did you mean --anonymous-auth/);
});

test('refused: a value naming a file that does not exist, and a value the component rejects', async () => {
  const root = node();
  await refused(root, ['--check', '1.2.5', '--set', 'kube-apiserver:--kubelet-certificate-authority=/etc/kubernetes/pki/kubelet-ca.crt'], /MV004 --kubelet-certificate-authority=\/etc\/kubernetes\/pki\/kubelet-ca\.crt: .* does not exist/);
  await refused(root, ['--check', '1.2.15', '--set', 'kube-apiserver:--profiling=maybe'], /MV003 --profiling=maybe: not a boolean/);
});

test('refused: a static pod manifest that is not a Pod', async () => {
  const root = node();
  edit(root, SCHEDULER, 'kind: Pod', 'kind: Deployment');
  await refused(root, ['--check', '1.4.1'], /MV000 .*not a v1 Pod \(found v1\/Deployment\)/);
});

test('refused: a read-only file (mode 444) is not overridden', async () => {
  const root = node();
  chmodSync(join(root, SCHEDULER), 0o444);
  await refused(root, ['--check', '1.3.2,1.4.1'], /kube-scheduler\.yaml is read-only \(mode 444\)/);
});

test('refused: another fix holds the lock; a stale lock (its process is gone) is taken over', async () => {
  const root = node();
  const lock = join(root, 'var/lib/kubefort/fix.lock');
  mkdirSync(join(root, 'var/lib/kubefort'), { recursive: true });
  writeFileSync(lock, `${process.pid} now\n`);
  const held = await cli(['fix', '--root', root, '--apply', '--check', '1.4.1']);
  assert.equal(held.code, 2);
  assert.match(held.err, /another kubefort fix is running \(lock .*fix\.lock, pid \d+\); nothing was changed/);
  assert.equal(read(root, SCHEDULER), readFileSync(join(ORIGINAL, SCHEDULER), 'utf8'));
  writeFileSync(lock, '2147483646 long ago\n');
  const stale = await cli(['fix', '--root', root, '--apply', '--check', '1.4.1']);
  assert.equal(stale.code, 0, stale.err);
  assert.ok(!existsSync(lock), 'the lock is released');
});

test('a full disk while writing the second file: the first is restored, every original is intact', async () => {
  const root = node();
  const before = snapshot(root);
  let writes = 0;
  const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const result = await fixWith(root, { apply: true, check: '1.2.15,1.3.2,1.4.1' }, {
    seams: { writeTemp: (path, data, mode) => { if (++writes === 2) throw enospc; writeFileSync(path, data, { mode, flag: 'wx' }); } },
  });
  assert.equal(result.code, 2);
  assert.match(result.error ?? '', /writing failed \(no space left on device\); every file written so far was restored, nothing is changed/);
  assert.deepEqual(snapshot(root), before);
});

test('a crash between write and rename leaves the original in place, a hidden temp file the kubelet skips, and a complete backup', async () => {
  const root = node();
  const originals = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((n) => `etc/kubernetes/manifests/${n}.yaml`).map((p) => [p, read(root, p)] as const);
  await assert.rejects(fixWith(root, { apply: true, check: '1.2.15,1.3.2,1.4.1' }, { seams: { beforeRename: () => { throw new SimulatedCrash('killed'); } } }), SimulatedCrash);
  for (const [path, text] of originals) assert.equal(read(root, path), text, path);
  const leftovers = readdirSync(join(root, 'etc/kubernetes/manifests')).filter((n) => n.startsWith('.'));
  assert.equal(leftovers.length, 1);
  assert.match(leftovers[0] ?? '', /^\.kubefort-kube-apiserver\.yaml\.\d+\.\d+\.tmp$/);
  const [id] = backups(root);
  const manifest = JSON.parse(readFileSync(join(root, 'var/lib/kubefort/backups', id ?? '', 'manifest.json'), 'utf8')) as { state: string; files: { path: string }[] };
  assert.equal(manifest.state, 'pending');
  assert.deepEqual(manifest.files.map((f) => f.path), originals.map(([p]) => `/${p}`));
  for (const [path, text] of originals) assert.equal(readFileSync(join(root, 'var/lib/kubefort/backups', id ?? '', 'files', path), 'utf8'), text);
  // The next fix clears the stale temp file before it writes.
  const again = await cli(['fix', '--root', root, '--apply', '--check', '1.4.1']);
  assert.equal(again.code, 0, again.err);
  assert.deepEqual(readdirSync(join(root, 'etc/kubernetes/manifests')).filter((n) => n.startsWith('.')), []);
});

test('a crash between two files of one fix: the backup is complete and --rollback restores every original', async () => {
  const root = node();
  const before = snapshot(root);
  await assert.rejects(fixWith(root, { apply: true, check: '1.2.15,1.3.2,1.4.1' }, { seams: { afterFile: (i) => { if (i === 0) throw new SimulatedCrash('killed'); } } }), SimulatedCrash);
  assert.notEqual(read(root, APISERVER), readFileSync(join(ORIGINAL, APISERVER), 'utf8'), 'the first file was replaced before the crash');
  assert.equal(read(root, SCHEDULER), readFileSync(join(ORIGINAL, SCHEDULER), 'utf8'));
  const back = await cli(['fix', '--root', root, '--rollback']);
  assert.equal(back.code, 0, back.err);
  assert.match(back.out, /Rolled back \d{8}T\d{6}Z: 3 file\(s\) restored/);
  assert.deepEqual(snapshot(root), before);
});

test('an error (not a crash) between two files is recovered in process: every original is intact', async () => {
  const root = node();
  const before = snapshot(root);
  const result = await fixWith(root, { apply: true, check: '1.2.15,1.3.2,1.4.1' }, { seams: { afterFile: (i) => { if (i === 1) throw Object.assign(new Error('EIO'), { code: 'EIO' }); } } });
  assert.equal(result.code, 2);
  assert.match(result.error ?? '', /every file written so far was restored/);
  assert.deepEqual(snapshot(root), before);
});

test('rollback restores exact bytes, mode and owner (after the fix changed them)', async () => {
  const root = node();
  if (ownersApplied) chownSync(join(root, SCHEDULER), 1234, 2345);
  const before = snapshot(root);
  const applied = await cli(['fix', '--root', root, '--apply', '--set', AUDIT]);
  assert.equal(applied.code, 1, applied.err);
  assert.equal((statSync(join(root, 'var/lib/kubelet/config.yaml')).mode & 0o777).toString(8), '600');
  if (ownersApplied) assert.deepEqual([statSync(join(root, SCHEDULER)).uid, statSync(join(root, SCHEDULER)).gid], [0, 0], '1.1.6 chowns it to root:root');
  assert.notDeepEqual(snapshot(root), before);
  const id = backups(root)[0] ?? '';
  const back = await cli(['fix', '--root', root, '--rollback', id]);
  assert.equal(back.code, 0, back.err);
  assert.deepEqual(snapshot(root), before);
  const none = await cli(['fix', '--root', root, '--rollback', '20000101T000000Z']);
  assert.equal(none.code, 2);
  assert.match(none.err, /no backup 20000101T000000Z \(available: \d{8}T\d{6}Z\)/);
});

test('kubeadm-flags.env conflict: the overriding flags are removed there and the config file in use gets the field', async () => {
  const root = node();
  const env = 'var/lib/kubelet/kubeadm-flags.env';
  edit(root, env, '"--container-runtime-endpoint', '"--anonymous-auth=true --container-runtime-endpoint');
  edit(root, env, ' --pod-infra', ' --make-iptables-util-chains=false --pod-infra');
  if (ownersApplied) chownSync(join(root, env), 1234, 2345);
  const cmdline = join(root, 'proc/1043/cmdline');
  const original = readFileSync(cmdline, 'utf8');
  writeFileSync(cmdline, `${original}--anonymous-auth=true\0--make-iptables-util-chains=false\0`);
  const { code, out } = await cli(['fix', '--root', root, '--apply', '--check', '4.2.1,4.2.6']);
  assert.equal(code, 0, out);
  assert.match(out, /# \/var\/lib\/kubelet\/kubeadm-flags\.env: remove --anonymous-auth \(it overrides the kubelet config file\), remove --make-iptables-util-chains/);
  assert.equal(read(root, env), readFileSync(join(ORIGINAL, env), 'utf8'));
  if (ownersApplied) assert.deepEqual([statSync(join(root, env)).uid, statSync(join(root, env)).gid], [1234, 2345], 'an atomic write keeps the owner');
  assert.equal((statSync(join(root, env)).mode & 0o777).toString(8), '644', 'and the mode');
  assert.equal(read(root, 'var/lib/kubelet/config.yaml'), readFileSync('test/fixtures/fix/kubelet-flag-conflict/expected/var/lib/kubelet/config.yaml', 'utf8'));
  assert.match(out, /systemctl daemon-reload && systemctl restart kubelet/);
  const pending = await cli(['bench', '--root', root, '--check', '4.2.1']);
  assert.match(pending.out, /MV007 kubelet: the running kubelet's arguments differ/);
  writeFileSync(cmdline, original);
  const bench = await cli(['bench', '--root', root, '--check', '4.2.1,4.2.6']);
  assert.match(bench.out, /\[PASS\] 4\.2\.1 /);
  assert.match(bench.out, /\[PASS\] 4\.2\.6 /);
});

test('a JSON kubelet config stays JSON with its indentation and one-line arrays', async () => {
  const root = node('worker-custom-json-config');
  const path = 'etc/custom/kubelet.json';
  const original = read(root, path);
  edit(root, path, '"rotateCertificates": true', '"rotateCertificates": false');
  edit(root, path, '"enabled": false', '"enabled": true');
  const { code, out } = await cli(['fix', '--root', root, '--apply', '--check', '4.2.1,4.2.10']);
  assert.equal(code, 0, out);
  assert.equal(read(root, path), original);
});

test('etcd started by systemd: the setting is changed in its EnvironmentFile, the one place it lives', async () => {
  const root = node('etcd-systemd-environ');
  const before = read(root, 'etc/etcd.env');
  const { code, out } = await cli(['fix', '--root', root, '--apply', '--check', '2.6']);
  assert.equal(code, 0, out);
  assert.equal(read(root, 'etc/etcd.env'), before.replace('ETCD_PEER_AUTO_TLS=true', 'ETCD_PEER_AUTO_TLS=false'));
});

test('--verify waits for the restarted component and its probe, and rolls back when it does not come back', async () => {
  const root = node();
  let clock = 0;
  const fake = { sleep: async (ms: number) => { clock += ms; }, now: () => clock, timeoutMs: 10_000, intervalMs: 1000 };
  let polls = 0;
  const ok = await fixWith(root, { apply: true, verify: true, check: '1.4.1' }, { verify: { ...fake, restarted: () => ++polls >= 3, healthy: async () => true } });
  assert.equal(ok.code, 0, ok.error);
  assert.match(ok.out, /Verified: kube-scheduler came back/);
  assert.equal(polls, 3);
  const before = snapshot(root);
  const bad = await fixWith(root, { apply: true, verify: true, check: '1.3.2' }, { verify: { ...fake, restarted: () => true, healthy: async () => false } });
  assert.equal(bad.code, 1);
  assert.match(bad.out, /Not back after 300s: kube-controller-manager\. Rolled back \d{8}T\d{6}Z/);
  assert.deepEqual(snapshot(root), before, 'rolled back');
});

test('--restart-kubelet runs systemctl without a shell, and only for this machine (--root /)', async () => {
  const root = node();
  const usage = await cli(['fix', '--root', root, '--apply', '--restart-kubelet']);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /--restart-kubelet restarts this machine's kubelet: it needs --root \//);
});

test('etcd in a static pod with the setting in its env: the env entry is changed, the command line left alone', async () => {
  const root = node();
  const path = 'etc/kubernetes/manifests/etcd.yaml';
  edit(root, path, '    image: registry.k8s.io/etcd:3.5.16-0\n', '    env:\n    - name: ETCD_PEER_AUTO_TLS\n      value: "true"\n    image: registry.k8s.io/etcd:3.5.16-0\n');
  writeFileSync(join(root, 'proc/1377/environ'), 'PATH=/usr/bin\0ETCD_PEER_AUTO_TLS=true\0');
  const { code, out } = await cli(['fix', '--root', root, '--apply', '--check', '2.6']);
  assert.equal(code, 0, out);
  assert.match(out, /# \/etc\/kubernetes\/manifests\/etcd\.yaml: env ETCD_PEER_AUTO_TLS=false {2}\[fixes 2\.6\]/);
  assert.match(read(root, path), /- name: ETCD_PEER_AUTO_TLS\n {6}value: "false"\n/);
  assert.doesNotMatch(read(root, path), /--peer-auto-tls/);
});

test('a kubelet flag in /etc/default/kubelet (KUBELET_EXTRA_ARGS) is removed there, other words kept', async () => {
  const root = node();
  mkdirSync(join(root, 'etc/default'), { recursive: true });
  const defaults = join(root, 'etc/default/kubelet');
  writeFileSync(defaults, 'KUBELET_EXTRA_ARGS="--node-ip=192.168.56.10 --anonymous-auth=true"\n');
  const cmdline = join(root, 'proc/1043/cmdline');
  writeFileSync(cmdline, `${readFileSync(cmdline, 'utf8')}--node-ip=192.168.56.10\0--anonymous-auth=true\0`);
  const { code, out } = await cli(['fix', '--root', root, '--apply', '--check', '4.2.1']);
  assert.equal(code, 0, out);
  assert.equal(readFileSync(defaults, 'utf8'), 'KUBELET_EXTRA_ARGS="--node-ip=192.168.56.10"\n');
});
