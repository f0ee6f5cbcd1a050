import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorize } from '../../src/rbac/authorize.js';
import { parseQuery, type CanIQuery } from '../../src/rbac/can-i.js';
import { impersonatedUser } from '../../src/rbac/user.js';
import { clusterRole, modelFrom } from './helpers.js';

const rule = (groups: string, resources: string, verbs: string, extra = '') => `- apiGroups: ${groups}\n  resources: ${resources}\n  verbs: ${verbs}\n${extra}`;

/** [the rule stated, role rules, binding kind, query, expected answer] — user alice unless `as` is given. */
const TABLE: [string, string, 'ClusterRoleBinding' | 'RoleBinding', CanIQuery & { as?: string; groups?: string[] }, boolean][] = [
  ['a verb matches only itself', rule('[""]', '[pods]', '[get]'), 'ClusterRoleBinding', { verb: 'delete', target: 'pods' }, false],
  ['"*" in verbs matches every verb', rule('[""]', '[pods]', '["*"]'), 'ClusterRoleBinding', { verb: 'deletecollection', target: 'pods' }, true],
  ['verbs are case-sensitive: GET does not grant get', rule('[""]', '[pods]', '[GET]'), 'ClusterRoleBinding', { verb: 'get', target: 'pods' }, false],
  ['"" is the core group only', rule('[""]', '[deployments]', '[get]'), 'ClusterRoleBinding', { verb: 'get', target: 'deployments.apps' }, false],
  ['"*" in apiGroups matches every group', rule('["*"]', '[deployments]', '[get]'), 'ClusterRoleBinding', { verb: 'get', target: 'deployments' }, true],
  ['"*" in resources matches every resource', rule('[apps]', '["*"]', '[list]'), 'ClusterRoleBinding', { verb: 'list', target: 'statefulsets.apps' }, true],
  ['"*" in resources matches subresources too', rule('[""]', '["*"]', '[create]'), 'ClusterRoleBinding', { verb: 'create', target: 'pods', subresource: 'exec' }, true],
  ['a resource does not match its subresources', rule('[""]', '[pods]', '[create]'), 'ClusterRoleBinding', { verb: 'create', target: 'pods', subresource: 'exec' }, false],
  ['resource/subresource matches that subresource', rule('[""]', '[pods/exec]', '[create]'), 'ClusterRoleBinding', { verb: 'create', target: 'pods', subresource: 'exec' }, true],
  ['resource/subresource does not match the resource', rule('[""]', '[pods/exec]', '[create]'), 'ClusterRoleBinding', { verb: 'create', target: 'pods' }, false],
  ['*/subresource matches the subresource of any resource', rule('[""]', '["*/proxy"]', '[get]'), 'ClusterRoleBinding', { verb: 'get', target: 'nodes', subresource: 'proxy' }, true],
  ['*/subresource does not match another subresource', rule('[""]', '["*/proxy"]', '[get]'), 'ClusterRoleBinding', { verb: 'get', target: 'pods', subresource: 'log' }, false],
  ['*/subresource does not match the resource itself', rule('[""]', '["*/scale"]', '[get]'), 'ClusterRoleBinding', { verb: 'get', target: 'deployments' }, false],
  ['serviceaccounts/token create', rule('[""]', '[serviceaccounts/token]', '[create]'), 'RoleBinding', { verb: 'create', target: 'serviceaccounts', subresource: 'token', namespace: 'app' }, true],
  ['resourceNames limit get to the names', rule('[""]', '[configmaps]', '[get]', '  resourceNames: [settings]\n'), 'ClusterRoleBinding', { verb: 'get', target: 'configmaps/settings' }, true],
  ['resourceNames do not grant another name', rule('[""]', '[configmaps]', '[get]', '  resourceNames: [settings]\n'), 'ClusterRoleBinding', { verb: 'get', target: 'configmaps/other' }, false],
  ['resourceNames never grant list (a request without a name)', rule('[""]', '[configmaps]', '[list]', '  resourceNames: [settings]\n'), 'ClusterRoleBinding', { verb: 'list', target: 'configmaps' }, false],
  ['TYPE/NAME is the object name: pods/log is the pod named log', rule('[""]', '[pods/log]', '[get]'), 'ClusterRoleBinding', { verb: 'get', target: 'pods/log' }, false],
  ['--subresource log asks for pods/log', rule('[""]', '[pods/log]', '[get]'), 'ClusterRoleBinding', { verb: 'get', target: 'pods', subresource: 'log' }, true],
  ['a non-resource URL matches itself', '- nonResourceURLs: [/healthz]\n  verbs: [get]\n', 'ClusterRoleBinding', { verb: 'get', target: '/healthz' }, true],
  ['a non-resource URL does not match a longer path', '- nonResourceURLs: [/healthz]\n  verbs: [get]\n', 'ClusterRoleBinding', { verb: 'get', target: '/healthz/etcd' }, false],
  ['a trailing * in nonResourceURLs is a prefix match', '- nonResourceURLs: ["/healthz*"]\n  verbs: [get]\n', 'ClusterRoleBinding', { verb: 'get', target: '/healthz/etcd' }, true],
  ['"*" in nonResourceURLs matches every path', '- nonResourceURLs: ["*"]\n  verbs: [get]\n', 'ClusterRoleBinding', { verb: 'get', target: '/metrics' }, true],
  ['a resource rule never grants a non-resource URL', rule('["*"]', '["*"]', '["*"]'), 'ClusterRoleBinding', { verb: 'get', target: '/metrics' }, false],
  ['a non-resource URL cannot be granted by a RoleBinding', '- nonResourceURLs: ["*"]\n  verbs: [get]\n', 'RoleBinding', { verb: 'get', target: '/metrics', namespace: 'app' }, false],
  ['a RoleBinding to a ClusterRole grants within its namespace', rule('[""]', '[secrets]', '[get]'), 'RoleBinding', { verb: 'get', target: 'secrets', namespace: 'app' }, true],
  ['a RoleBinding to a ClusterRole grants nothing in another namespace', rule('[""]', '[secrets]', '[get]'), 'RoleBinding', { verb: 'get', target: 'secrets', namespace: 'other' }, false],
  ['a RoleBinding grants nothing cluster-wide (-A)', rule('[""]', '[secrets]', '[list]'), 'RoleBinding', { verb: 'list', target: 'secrets', allNamespaces: true }, false],
  ['a RoleBinding cannot grant cluster-scoped resources', rule('[""]', '[nodes]', '[get]'), 'RoleBinding', { verb: 'get', target: 'nodes', namespace: 'app' }, false],
  ['a ClusterRoleBinding grants in every namespace', rule('[""]', '[secrets]', '[list]'), 'ClusterRoleBinding', { verb: 'list', target: 'secrets', namespace: 'kube-system' }, true],
  ['short names resolve as kubectl does (deploy)', rule('[apps]', '[deployments]', '[get]'), 'ClusterRoleBinding', { verb: 'get', target: 'deploy' }, true],
];

for (const [name, rules, binding, query, expected] of TABLE) {
  test(`can-i: ${name}`, () => {
    const model = modelFrom(clusterRole(rules, binding));
    const { attrs } = parseQuery(query);
    const decision = authorize(model, impersonatedUser(query.as ?? 'alice', query.groups ?? []), attrs);
    assert.equal(decision.allowed, expected);
    if (expected) assert.ok(decision.grants[0]?.rule.location.line, 'the granting rule has a line');
  });
}

const subjectBinding = (subject: string, ns = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${ns ? 'RoleBinding' : 'ClusterRoleBinding'}
metadata: {name: b${ns ? `, namespace: ${ns}` : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
subjects:
- ${subject}
`;

/** [the subject rule stated, subject, binding namespace ('' = ClusterRoleBinding), --as, --as-group, namespace, expected] */
const SUBJECTS: [string, string, string, string, string[], string, boolean][] = [
  ['a ServiceAccount subject matches its username', '{kind: ServiceAccount, name: ci, namespace: build}', '', 'system:serviceaccount:build:ci', [], 'default', true],
  ['a ServiceAccount of another namespace does not match', '{kind: ServiceAccount, name: ci, namespace: build}', '', 'system:serviceaccount:other:ci', [], 'default', false],
  ['a RoleBinding ServiceAccount without namespace means the binding namespace', '{kind: ServiceAccount, name: ci}', 'build', 'system:serviceaccount:build:ci', [], 'build', true],
  ['a ClusterRoleBinding ServiceAccount without namespace matches nobody', '{kind: ServiceAccount, name: ci}', '', 'system:serviceaccount:build:ci', [], 'default', false],
  ['system:serviceaccounts matches every ServiceAccount', '{kind: Group, name: "system:serviceaccounts"}', '', 'system:serviceaccount:build:ci', [], 'default', true],
  ['system:serviceaccounts:<ns> matches the ServiceAccounts of ns', '{kind: Group, name: "system:serviceaccounts:build"}', '', 'system:serviceaccount:build:ci', [], 'default', true],
  ['system:serviceaccounts:<ns> does not match other namespaces', '{kind: Group, name: "system:serviceaccounts:build"}', '', 'system:serviceaccount:web:ci', [], 'default', false],
  ['system:authenticated matches every user but anonymous', '{kind: Group, name: "system:authenticated"}', '', 'bob', [], 'default', true],
  ['system:authenticated does not match system:anonymous', '{kind: Group, name: "system:authenticated"}', '', 'system:anonymous', [], 'default', false],
  ['system:unauthenticated matches system:anonymous', '{kind: Group, name: "system:unauthenticated"}', '', 'system:anonymous', [], 'default', true],
  ['a User subject matches the name exactly', '{kind: User, name: bob}', '', 'Bob', [], 'default', false],
  ['--as-group replaces the ServiceAccount groups', '{kind: Group, name: "system:serviceaccounts"}', '', 'system:serviceaccount:build:ci', ['devs'], 'default', false],
  ['--as-group adds a Group subject', '{kind: Group, name: devs}', '', 'bob', ['devs'], 'default', true],
];

for (const [name, subject, ns, as, groups, namespace, expected] of SUBJECTS) {
  test(`subjects: ${name}`, () => {
    const model = modelFrom(subjectBinding(subject, ns));
    const { attrs } = parseQuery({ verb: 'get', target: 'pods', namespace });
    assert.equal(authorize(model, impersonatedUser(as, groups), attrs).allowed, expected);
  });
}

test('system:masters is allowed before RBAC, with no binding at all', () => {
  const decision = authorize(modelFrom(subjectBinding('{kind: User, name: x}')), impersonatedUser('root', ['system:masters']), parseQuery({ verb: 'delete', target: 'nodes' }).attrs);
  assert.equal(decision.allowed, true);
  assert.equal(decision.privilegedGroup, 'system:masters');
});

test('kubectl warnings: unknown verb, unknown type, cluster-scoped type with -n, TYPE/NAME that looks like a subresource', () => {
  assert.match(parseQuery({ verb: 'read', target: 'pods' }).warnings.join('\n'), /verb 'read' is not a known verb/);
  assert.match(parseQuery({ verb: 'get', target: 'widgets' }).warnings.join('\n'), /doesn't have a resource type 'widgets'/);
  const nodes = parseQuery({ verb: 'get', target: 'nodes', namespace: 'app' });
  assert.equal(nodes.attrs.namespace, '');
  assert.match(nodes.warnings.join('\n'), /resource 'nodes' is not namespace scoped/);
  assert.match(parseQuery({ verb: 'get', target: 'pods/log' }).warnings.join('\n'), /--subresource log/);
});
