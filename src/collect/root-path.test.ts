import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveInRoot } from './root-path.js';
import { NodeFs } from './node/node-fs.js';

// A node root as mounted at /host: /etc/kubernetes is an absolute symlink, as on nodes that keep it on a data disk.
const root = mkdtempSync(join(tmpdir(), 'kubefort-rootpath-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'data/k8s'), { recursive: true });
mkdirSync(join(root, 'etc'), { recursive: true });
mkdirSync(join(root, 'usr/bin'), { recursive: true });
writeFileSync(join(root, 'data/k8s/admin.conf'), 'node admin.conf\n');
symlinkSync('/data/k8s', join(root, 'etc/kubernetes'));
symlinkSync('../../../../../../data/k8s/admin.conf', join(root, 'usr/bin/climb'));
symlinkSync('/loop-b', join(root, 'loop-a'));
symlinkSync('/loop-a', join(root, 'loop-b'));
symlinkSync('/nowhere/kubelet', join(root, 'usr/bin/kubelet'));

test('an absolute symlink in the middle of a path restarts at the node root, not at the host /', () => {
  assert.deepEqual(resolveInRoot(root, '/etc/kubernetes/admin.conf'), { path: '/data/k8s/admin.conf' });
  assert.equal(new NodeFs(root).readText('/etc/kubernetes/admin.conf', 4096).ok, true);
  const read = new NodeFs(root).readText('/etc/kubernetes/admin.conf', 4096);
  assert.equal(read.ok && read.value, 'node admin.conf\n');
});

test('lstat resolves the directories above the last component inside the root', () => {
  const stat = new NodeFs(root).lstat('/etc/kubernetes/admin.conf');
  assert.equal(stat.ok && stat.value.isFile(), true);
});

test('.. never climbs above the node root', () => {
  assert.deepEqual(resolveInRoot(root, '/usr/bin/climb'), { path: '/data/k8s/admin.conf' });
});

test('a symlink loop stops with ELOOP and nothing is read', () => {
  const resolved = resolveInRoot(root, '/loop-a/x');
  assert.equal(resolved.error?.code, 'ELOOP');
  const read = new NodeFs(root).readText('/loop-a/x', 4096);
  assert.equal(read.ok, false);
  assert.equal(!read.ok && read.code, 'ELOOP');
});

test('a dangling link reports ENOENT with the path it led to', () => {
  const resolved = resolveInRoot(root, '/usr/bin/kubelet');
  assert.equal(resolved.error?.code, 'ENOENT');
  assert.equal(resolved.path, '/nowhere/kubelet');
});
