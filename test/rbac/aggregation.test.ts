import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorize } from '../../src/rbac/authorize.js';
import { parseQuery } from '../../src/rbac/can-i.js';
import { selectorMatches } from '../../src/rbac/aggregate.js';
import { impersonatedUser } from '../../src/rbac/user.js';
import { modelFrom } from './helpers.js';

const cr = (name: string, labels: string, rules: string, aggregation = '') => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
  labels: {${labels}}
${aggregation}rules: ${rules}
`;
const bind = `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: top}
subjects: [{kind: User, name: alice}]
`;
const can = (yaml: string, verb: string, target: string) => authorize(modelFrom(yaml), impersonatedUser('alice', []), parseQuery({ verb, target }).attrs);

test('aggregation: an aggregated ClusterRole gets the rules of the ClusterRoles its selector matches', () => {
  const yaml = cr('top', '', '[]', 'aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels: {agg: top}\n')
    + cr('part', 'agg: top', '[{apiGroups: [""], resources: [secrets], verbs: [get]}]') + bind;
  const d = can(yaml, 'get', 'secrets');
  assert.equal(d.allowed, true);
  assert.equal(d.grants[0]?.rule.roleName, 'ClusterRole part');
});

test('aggregation: the controller replaces the rules written in the aggregated role', () => {
  const yaml = cr('top', '', '[{apiGroups: [""], resources: [pods], verbs: [delete]}]', 'aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels: {agg: top}\n')
    + cr('part', 'agg: top', '[{apiGroups: [""], resources: [pods], verbs: [get]}]') + bind;
  assert.equal(can(yaml, 'delete', 'pods').allowed, false);
  assert.equal(can(yaml, 'get', 'pods').allowed, true);
});

test('aggregation: aggregated roles feeding aggregated roles reach a fixed point (view into edit into admin)', () => {
  const yaml = cr('top', '', '[]', 'aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels: {agg: top}\n')
    + cr('middle', 'agg: top', '[]', 'aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels: {agg: middle}\n')
    + cr('leaf', 'agg: middle', '[{apiGroups: [apps], resources: [deployments], verbs: [list]}]') + bind;
  assert.equal(can(yaml, 'list', 'deployments').allowed, true);
});

test('aggregation: with no matching ClusterRole in the input the written rules are kept (a partial dump)', () => {
  const yaml = cr('top', '', '[{apiGroups: [""], resources: [pods], verbs: [get]}]', 'aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels: {agg: nothing}\n') + bind;
  assert.equal(can(yaml, 'get', 'pods').allowed, true);
});

test('label selectors: matchExpressions In, NotIn, Exists, DoesNotExist; {} selects everything', () => {
  assert.equal(selectorMatches({}, { a: '1' }), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }, { a: '2' }), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, { a: '1' }), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {}), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {}), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, {}), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }, {}), 'invalid');
});
