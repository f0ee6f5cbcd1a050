import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rbacFindings } from '../../src/rbac/findings.js';
import { RBAC_RULES } from '../../src/rbac/rules.js';
import { modelFrom } from './helpers.js';

const binding = (kind: string, name: string, roleKind: string, role: string, subjects: string, ns?: string) => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${role}}
subjects: ${subjects}
`;
const role = (name: string, rules: string) => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${name}}
rules: ${rules}
`;
const SA = '[{kind: ServiceAccount, name: ci, namespace: build}]';
/** system:basic-user as Kubernetes v1.34 ships it. */
const BASIC_USER = '[{apiGroups: [authorization.k8s.io], resources: [selfsubjectaccessreviews, selfsubjectrulesreviews], verbs: [create]}, {apiGroups: [authentication.k8s.io], resources: [selfsubjectreviews], verbs: [create]}]';
const ids = (yaml: string) => rbacFindings(modelFrom(yaml)).map((f) => f.ruleId);

/** [rule stated, passing YAML, failing YAML, rule id] */
const TABLE: [string, string, string, string][] = [
  ['RBAC001 a ServiceAccount bound to cluster-admin', binding('ClusterRoleBinding', 'cluster-admin', 'ClusterRole', 'cluster-admin', '[{kind: Group, name: "system:masters"}]'),
    binding('ClusterRoleBinding', 'ci-admin', 'ClusterRole', 'cluster-admin', SA), 'RBAC001'],
  ['RBAC002 "*" in a role', role('r', '[{apiGroups: [apps], resources: [deployments], verbs: [get]}]'), role('r', '[{apiGroups: [apps], resources: ["*"], verbs: [get]}]'), 'RBAC002'],
  ['RBAC003 impersonate', role('r', '[{apiGroups: [""], resources: [users], verbs: [get]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA),
    role('r', '[{apiGroups: [""], resources: [users], verbs: [impersonate]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA), 'RBAC003'],
  ['RBAC003 bind on clusterroles', role('r', '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [get]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA),
    role('r', '[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA), 'RBAC003'],
  ['RBAC004 list secrets cluster-wide', role('r', '[{apiGroups: [""], resources: [secrets], verbs: [get], resourceNames: [one]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA),
    role('r', '[{apiGroups: [""], resources: [secrets], verbs: [list]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA), 'RBAC004'],
  ['RBAC005 create pods/exec', role('r', '[{apiGroups: [""], resources: [pods/exec], verbs: [get]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA),
    role('r', '[{apiGroups: [""], resources: [pods/exec], verbs: [create]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA), 'RBAC005'],
  ['RBAC005 nodes/proxy through */proxy', role('r', '[{apiGroups: [""], resources: [nodes], verbs: [get]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA),
    role('r', '[{apiGroups: [""], resources: ["*/proxy"], verbs: [get]}]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA), 'RBAC005'],
  ['RBAC006 create deployments in kube-system', role('r', '[{apiGroups: [apps], resources: [deployments], verbs: [create]}]') + binding('RoleBinding', 'b', 'ClusterRole', 'r', SA, 'app'),
    role('r', '[{apiGroups: [apps], resources: [deployments], verbs: [create]}]') + binding('RoleBinding', 'b', 'ClusterRole', 'r', SA, 'kube-system'), 'RBAC006'],
  ['RBAC007 system:unauthenticated bound beyond the defaults', binding('ClusterRoleBinding', 'system:public-info-viewer', 'ClusterRole', 'system:public-info-viewer', '[{kind: Group, name: "system:authenticated"}, {kind: Group, name: "system:unauthenticated"}]'),
    binding('ClusterRoleBinding', 'open', 'ClusterRole', 'view', '[{kind: Group, name: "system:unauthenticated"}]'), 'RBAC007'],
  ['RBAC008 the default ServiceAccount bound', binding('RoleBinding', 'b', 'ClusterRole', 'view', '[{kind: ServiceAccount, name: app}]', 'app'),
    binding('RoleBinding', 'b', 'ClusterRole', 'view', '[{kind: ServiceAccount, name: default}]', 'app'), 'RBAC008'],
  ['RBAC009 a binding to a missing role', role('r', '[]') + binding('ClusterRoleBinding', 'b', 'ClusterRole', 'r', SA), binding('ClusterRoleBinding', 'b', 'ClusterRole', 'gone', SA), 'RBAC009'],
  ['RBAC010 a malformed rule', role('r', '[{apiGroups: [""], resources: [pods], verbs: [get]}]'), role('r', '[{resources: [pods], verbs: [get]}]'), 'RBAC010'],
  ['RBAC011 an unknown verb', role('r', '[{apiGroups: [""], resources: [pods], verbs: [get]}]'), role('r', '[{apiGroups: [""], resources: [pods], verbs: [Get]}]'), 'RBAC011'],
  ['RBAC012 a shipped binding with an added subject', binding('ClusterRoleBinding', 'system:discovery', 'ClusterRole', 'system:discovery', '[{kind: Group, name: "system:authenticated"}]'),
    binding('ClusterRoleBinding', 'system:discovery', 'ClusterRole', 'system:discovery', '[{kind: Group, name: "system:authenticated"}, {kind: User, name: mallory}]'), 'RBAC012'],
  ['RBAC012 a shipped role with an added rule', role('system:basic-user', BASIC_USER),
    role('system:basic-user', `${BASIC_USER.slice(0, -1)}, {apiGroups: [""], resources: [pods], verbs: [list]}]`), 'RBAC012'],
];

for (const [name, pass, fail, id] of TABLE) {
  test(name, () => {
    assert.ok(!ids(pass).includes(id), `passing input reported ${id}: ${JSON.stringify(rbacFindings(modelFrom(pass)))}`);
    const found = rbacFindings(modelFrom(fail)).filter((f) => f.ruleId === id);
    assert.ok(found.length > 0, `${id} not reported`);
    assert.ok(found.every((f) => f.location?.line !== undefined && f.subject), 'every finding has a subject and a line');
  });
}

test('every finding id is in the rule catalogue, and every catalogue id is unique', () => {
  assert.equal(new Set(RBAC_RULES.map((r) => r.id)).size, RBAC_RULES.length);
  const yaml = TABLE.map(([, , fail]) => fail).join('');
  for (const f of rbacFindings(modelFrom(yaml))) assert.ok(RBAC_RULES.some((r) => r.id === f.ruleId), f.ruleId);
});

test('the seeds\' cluster-developer: every Secret of the cluster is readable, said as such', () => {
  const yaml = role('cluster-developer', '[{apiGroups: ["*"], resources: ["*"], verbs: [get, list, watch]}]')
    + binding('ClusterRoleBinding', 'developer-user', 'ClusterRole', 'cluster-developer', '[{kind: ServiceAccount, name: developer-user, namespace: kubernetes-dashboard}]');
  const f = rbacFindings(modelFrom(yaml)).find((x) => x.ruleId === 'RBAC004');
  assert.match(f?.message ?? '', /can read every Secret in the cluster \(get, list, watch secrets\)/);
});

test('bench 5.1.1 through the engine: the shipped cluster-admin binding is skipped, the same binding with an extra subject is not', async () => {
  const { clusterAdminBindings } = await import('../../src/cis/objects/rbac.js');
  const { addText } = await import('../../src/collect/objects.js');
  const objects = (yaml: string) => { const s = { objects: [], errors: [], files: [] }; addText(s, yaml, 'c.yaml'); return s.objects; };
  const shipped = binding('ClusterRoleBinding', 'cluster-admin', 'ClusterRole', 'cluster-admin', '[{kind: Group, name: "system:masters"}]');
  assert.equal(clusterAdminBindings(objects(shipped)).length, 0);
  const widened = binding('ClusterRoleBinding', 'cluster-admin', 'ClusterRole', 'cluster-admin', '[{kind: Group, name: "system:masters"}, {kind: User, name: mallory}]');
  assert.match(clusterAdminBindings(objects(widened))[0]?.what ?? '', /binds cluster-admin to Group:system:masters, User:mallory/);
});

test('RBAC012 a custom role that aggregates Secrets into the built-in view role is high; CRD read access is low', () => {
  const agg = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: extra\n  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}\nrules: ${rules}\n`;
  const high = rbacFindings(modelFrom(agg('[{apiGroups: [""], resources: [secrets], verbs: [list]}]'))).find((f) => f.ruleId === 'RBAC012');
  assert.equal(high?.severity, 'high');
  assert.match(high?.message ?? '', /aggregates into the built-in view/);
  assert.equal(rbacFindings(modelFrom(agg('[{apiGroups: [cert-manager.io], resources: [certificates], verbs: [get, list]}]'))).find((f) => f.ruleId === 'RBAC012')?.severity, 'low');
});

test('kubeadm\'s own bindings are not reported (anonymous read of cluster-info in kube-public); a widened copy is', () => {
  const kubeadm = binding('RoleBinding', 'kubeadm:bootstrap-signer-clusterinfo', 'Role', 'kubeadm:bootstrap-signer-clusterinfo', '[{kind: User, name: "system:anonymous"}]', 'kube-public')
    + binding('ClusterRoleBinding', 'kubeadm:cluster-admins', 'ClusterRole', 'cluster-admin', '[{kind: Group, name: "kubeadm:cluster-admins"}]');
  assert.deepEqual(ids(kubeadm).filter((id) => id !== 'RBAC009'), []);
  const widened = binding('RoleBinding', 'kubeadm:bootstrap-signer-clusterinfo', 'Role', 'kubeadm:bootstrap-signer-clusterinfo', '[{kind: User, name: "system:anonymous"}, {kind: Group, name: "system:unauthenticated"}]', 'kube-public');
  assert.ok(ids(widened).includes('RBAC012'));
});
