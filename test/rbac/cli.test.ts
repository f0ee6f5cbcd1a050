import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubefort } from '../helpers/cli.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('rbac');
const FIX = join('test', 'fixtures', 'rbac');
const SEEDS = join(FIX, 'dashboard-users');
const DEV = 'system:serviceaccount:kubernetes-dashboard:developer-user';

test('rbac findings over the seeds and the built-in objects (golden, text and JSON)', async () => {
  const text = await kubefort(['rbac', SEEDS, join(FIX, 'builtin')]);
  assert.equal(text.code, 1);
  golden('seeds.txt', text.out);
  const json = await kubefort(['rbac', '-o', 'json', SEEDS, join(FIX, 'builtin')]);
  golden('seeds.json', json.out);
});

test('rbac findings over bad input: every problem is a finding with a location, nothing crashes (golden)', async () => {
  const r = await kubefort(['rbac', join(FIX, 'bad'), join(FIX, 'aggregation')]);
  assert.equal(r.code, 1);
  golden('bad.txt', r.out);
});

test('the built-in objects alone are clean: exit 0; --fail-on critical ignores lesser findings', async () => {
  assert.equal((await kubefort(['rbac', join(FIX, 'builtin')])).code, 0);
  assert.equal((await kubefort(['rbac', '--fail-on', 'critical', SEEDS])).code, 0);
});

test('no RBAC objects in the input: exit 2, nothing was checked', async () => {
  const r = await kubefort(['rbac', join('test', 'fixtures', 'rbac', 'dashboard-users', 'admin-user.yaml').replace('admin-user.yaml', '../../netpol')]);
  assert.equal(r.code, 2);
});

test('can-i: the seeds\' developer-user can get/list/watch, cannot delete, and can read every Secret (golden)', async () => {
  for (const verb of ['get', 'list', 'watch']) assert.equal((await kubefort(['rbac', 'can-i', '--as', DEV, verb, 'pods', '-n', 'default', SEEDS])).code, 0);
  const del = await kubefort(['rbac', 'can-i', '--as', DEV, 'delete', 'pods', '-n', 'default', SEEDS]);
  assert.equal(del.code, 1);
  assert.equal(del.out.split('\n')[0], 'no');
  golden('can-i-delete.txt', del.out);
  const secrets = await kubefort(['rbac', 'can-i', '--as', DEV, 'get', 'secrets', '-A', SEEDS]);
  assert.equal(secrets.code, 0);
  assert.match(secrets.out, /can read every Secret in the cluster/);
  golden('can-i-secrets.txt', secrets.out);
  assert.equal((await kubefort(['rbac', 'can-i', '-q', '--as', DEV, 'get', 'secrets', SEEDS])).out, '');
});

test('can-i --list prints the table of kubectl auth can-i --list (golden)', async () => {
  const r = await kubefort(['rbac', 'can-i', '--list', '--as', DEV, SEEDS, join(FIX, 'builtin')]);
  assert.equal(r.code, 0);
  golden('can-i-list.txt', r.out);
});

test('who-can get secrets names every subject with the granting path (golden)', async () => {
  const r = await kubefort(['rbac', 'who-can', 'get', 'secrets', '-n', 'team-a', FIX]);
  assert.equal(r.code, 0);
  golden('who-can-secrets.txt', r.out);
});

test('can-i without --as or without a target is a usage error', async () => {
  assert.equal((await kubefort(['rbac', 'can-i', 'get', 'pods', SEEDS])).code, 2);
  assert.equal((await kubefort(['rbac', 'can-i', '--as', DEV])).code, 2);
});

test('a YAML syntax error is a warning with file:line:column; the other documents are still checked', async () => {
  const { writeNodeRoot, removeNodeFixture } = await import('../helpers/materialize.js');
  const dir = writeNodeRoot({ '/bad.yaml': 'kind: ClusterRole\nmetadata: {name: x\nrules: [\n', '/good.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: mallory}]\n' }, 'rbac-yaml');
  try {
    const r = await kubefort(['rbac', dir]);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.yaml:\d+:\d+: /);
    assert.match(r.out, /RBAC001 +ClusterRoleBinding b binds cluster-admin to User mallory/);
  } finally {
    removeNodeFixture(dir);
  }
});

test('rbac reads - from stdin', async () => {
  const r = await kubefort(['rbac', '-'], { readStdin: () => 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: [{apiGroups: ["*"], resources: ["*"], verbs: [get]}]\n' });
  assert.equal(r.code, 1);
  assert.match(r.out, /<stdin>:4:\d+/);
});
