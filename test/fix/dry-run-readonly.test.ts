import assert from 'node:assert/strict';
import { chmodSync, lstatSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { AUDIT, DEMO, fixWith, MANIFESTS } from './helpers.js';
import { assertUnchanged, fullSnapshot } from './snapshot.js';

const roots: string[] = [];
after(() => { for (const root of roots) removeNodeFixture(root); });
function demo(): string {
  const root = materializeNodeFixture(DEMO);
  roots.push(root);
  return root;
}

test('the snapshot sees what a write changes: an mtime alone, a chmod to the same mode, a new empty file', () => {
  const root = demo();
  const manifest = join(root, MANIFESTS[0] ?? '');
  let before = fullSnapshot(root);
  const { mtime } = lstatSync(manifest);
  utimesSync(manifest, mtime, new Date(mtime.getTime() + 1000));
  assert.throws(() => assertUnchanged(before, fullSnapshot(root)), /kube-apiserver\.yaml/);
  before = fullSnapshot(root);
  chmodSync(manifest, lstatSync(manifest).mode & 0o7777);
  assert.throws(() => assertUnchanged(before, fullSnapshot(root)), /kube-apiserver\.yaml/);
  before = fullSnapshot(root);
  writeFileSync(join(root, 'var/lib/kubefort.lock'), '');
  assert.throws(() => assertUnchanged(before, fullSnapshot(root)), /kubefort\.lock/);
});

test('a dry run writes nothing: every byte, mode, owner, mtime and ctime under --root is the same after it', async () => {
  const root = demo();
  const before = fullSnapshot(root);
  const text = await fixWith(root, {});
  assert.equal(text.code, 1, 'the demo has changes to show');
  assert.match(text.out, /^--- \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml$/m, 'the plan was printed');
  assertUnchanged(before, fullSnapshot(root));
  const json = await fixWith(root, { set: [AUDIT], output: 'json', check: '1.2.15,1.2.16,1.4.1,1.1.12' });
  assert.equal(json.code, 1);
  assert.ok((JSON.parse(json.out) as { edits: unknown[] }).edits.length > 0);
  assertUnchanged(before, fullSnapshot(root));
});

test('a dry run leaves the traces of an earlier fix alone: backups, a stale lock, a crashed fix\'s temp file', async () => {
  const root = demo();
  const applied = await fixWith(root, { apply: true, check: '1.4.1' });
  assert.equal(applied.code, 0, applied.error ?? applied.out);
  const dir = join(root, 'etc/kubernetes/manifests');
  // A temp file as a crashed fix leaves it (hidden: the kubelet ignores it) and a lock of a process that is gone.
  writeFileSync(join(dir, '.kubefort-kube-scheduler.yaml.999999.0.tmp'), 'partial');
  writeFileSync(join(root, 'var/lib/kubefort/fix.lock'), '999999\n');
  // And a read-only manifest, which --apply would refuse.
  chmodSync(join(dir, 'kube-controller-manager.yaml'), 0o400);
  const before = fullSnapshot(root);
  const dry = await fixWith(root, { set: [AUDIT] });
  assert.equal(dry.code, 1, dry.error ?? dry.out);
  assert.match(dry.out, /kube-controller-manager/);
  assertUnchanged(before, fullSnapshot(root));
});
