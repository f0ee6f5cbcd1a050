import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materializeCase, parseModes, removeMaterialized } from '../../scripts/materialize-fixture.mjs';
import { materializeNodeFixture, ownersApplied } from '../helpers/materialize.js';

const made: string[] = [];
after(() => made.forEach((dir) => removeMaterialized(dir)));

test('MODES lines are `stat -c "%a %u:%g %n"` output; a malformed line is an error naming file:line', () => {
  assert.deepEqual(parseModes('# comment\n600 0:0 /etc/a\n\n2755 998:5 /usr/bin/b\n'), [
    { mode: 0o600, uid: 0, gid: 0, path: '/etc/a' },
    { mode: 0o2755, uid: 998, gid: 5, path: '/usr/bin/b' },
  ]);
  assert.throws(() => parseModes('600 0:0 /etc/a\n600 root:root /etc/b\n', 'X/MODES'), /X\/MODES:2: expected/);
});

test('a materialized fixture has the MODES permissions (and owners as root), keeps symlinks, and leaves MODES out', () => {
  const root = materializeNodeFixture('controlplane-no-etcd-user');
  made.push(root);
  assert.equal(statSync(join(root, 'etc/kubernetes/manifests/kube-apiserver.yaml')).mode & 0o7777, 0o600);
  assert.equal(statSync(join(root, 'var/lib/etcd')).mode & 0o7777, 0o700);
  if (ownersApplied) assert.equal(statSync(join(root, 'var/lib/etcd')).uid, 989);
  assert.ok(lstatSync(join(root, 'var/lib/kubelet/pki/kubelet-client-current.pem')).isSymbolicLink());
  assert.ok(!readdirSync(root).includes('MODES'));
});

test('materializing into a non-empty directory or an unknown case fails instead of mixing trees', () => {
  const dest = mkdtempSync(join(tmpdir(), 'kubefort-mat-'));
  made.push(dest);
  materializeCase('not-a-node', dest);
  assert.throws(() => materializeCase('not-a-node', dest), /exists and is not empty/);
  assert.throws(() => materializeCase('no-such-case', join(dest, 'x')), /no fixture no-such-case/);
});
