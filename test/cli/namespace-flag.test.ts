/**
 * `-n NS` means for the files what it means to kubectl: a namespaced object written without a namespace is in NS
 * (`kubectl apply -n NS -f`), so a hand-written Role and RoleBinding answer a request in NS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubefort } from '../helpers/cli.js';

const ROLE_AND_BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: alice-reads-pods
subjects:
- kind: User
  name: alice
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: pod-reader
  apiGroup: rbac.authorization.k8s.io
`;
const stdin = { readStdin: () => ROLE_AND_BINDING };

test('rbac can-i -n team: namespace-less Role and RoleBinding of the files are in team, so alice can get pods there', async () => {
  const team = await kubefort(['rbac', 'can-i', 'get', 'pods', '--as', 'alice', '-n', 'team', '-'], stdin);
  assert.equal(team.code, 0, team.out + team.err);
  assert.match(team.out, /^yes/);
  assert.match(team.out, /team\/alice-reads-pods/);
  const other = await kubefort(['rbac', 'can-i', 'get', 'pods', '--as', 'alice', '-n', 'other', '-'], stdin);
  assert.equal(other.code, 0, 'with -n other they are in other');
  const without = await kubefort(['rbac', 'can-i', 'get', 'pods', '--as', 'alice', '-'], stdin);
  assert.equal(without.code, 0, 'without -n they are in default, and so is the request');
});

test('rbac can-i --list -n team and who-can -n team see the namespace-less binding in team', async () => {
  const list = await kubefort(['rbac', 'can-i', '--list', '--as', 'alice', '-n', 'team', '-'], stdin);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, /pods/);
  const who = await kubefort(['rbac', 'who-can', 'get', 'pods', '-n', 'team', '-'], stdin);
  assert.equal(who.code, 0, who.err);
  assert.match(who.out, /alice/);
});
