import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCheck } from '../../src/cis/evaluate.js';
import { CIS_1_12 } from '../../src/cis/benchmarks/cis-1.12/index.js';
import type { CheckDef } from '../../src/cis/model.js';
import { nodeFacts, objectsFrom } from './builders.js';

const ALL: CheckDef[] = CIS_1_12.controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
const byId = (id: string) => ALL.find((c) => c.id === id) as CheckDef;

const pod = (spec: string, meta = 'name: p\n  namespace: app') => `apiVersion: v1\nkind: Pod\nmetadata:\n  ${meta}\nspec:\n${spec}`;
const SAFE_CONTAINER = `  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  automountServiceAccountToken: false
  containers:
  - name: c
    image: app:1
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {drop: [ALL]}
`;
const role = (rules: string, name = 'r') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules:\n${rules}`;

/**
 * Objects of every kind a section-5 rule judges, none breaking a rule, in namespace `base`: a PASS needs the
 * kinds present (a dump without ClusterRoleBindings says nothing about cluster-admin bindings).
 */
const BASELINE = `apiVersion: v1
kind: Namespace
metadata:
  name: base
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: base}
spec: {podSelector: {}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: base}
automountServiceAccountToken: false
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: base}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: view}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cluster-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, name: system:masters}]
---
${pod(SAFE_CONTAINER, 'name: p\n  namespace: base')}---
`;
// After the case's own YAML, so the lines the table names stay those of the case.
const withBaseline = (yaml: string) => objectsFrom(`${yaml}\n---\n${BASELINE}`);

/** [rule, id, passing YAML, failing YAML, text the failure names] */
const TABLE: [string, string, string, string, RegExp][] = [
  ['5.1.1 WARNs on a binding of cluster-admin other than cluster-admin\'s own', '5.1.1',
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: cluster-admin\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: Group, name: system:masters}]\n',
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ci-admin\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: ci, namespace: ci}]\n',
    /ClusterRoleBinding ci-admin binds cluster-admin to ServiceAccount:ci \(cluster.yaml:5:\d+\)/],
  ['5.1.2 WARNs on a role that can list secrets', '5.1.2',
    role('- apiGroups: [""]\n  resources: [configmaps]\n  verbs: [get, list]\n'), role('- apiGroups: [""]\n  resources: [secrets]\n  verbs: [list]\n'), /grants list on secrets/],
  ['5.1.3 WARNs on "*" in verbs', '5.1.3',
    role('- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [get]\n'), role('- apiGroups: [apps]\n  resources: [deployments]\n  verbs: ["*"]\n'), /uses "\*" in verbs/],
  ['5.1.4 WARNs on a role that can create pods', '5.1.4',
    role('- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n'), role('- apiGroups: [""]\n  resources: [pods]\n  verbs: [create]\n'), /grants create on pods/],
  ['5.1.5 WARNs when a default ServiceAccount automounts its token', '5.1.5',
    'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: app\nautomountServiceAccountToken: false\n',
    'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: app\n', /not set \(default true\)/],
  ['5.1.6 WARNs when a pod mounts its token and its ServiceAccount does not forbid it', '5.1.6',
    pod(SAFE_CONTAINER), pod('  containers:\n  - name: c\n    image: app:1\n'), /mounts the token of ServiceAccount default/],
  ['5.1.8 WARNs on a role that can impersonate', '5.1.8',
    role('- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n'), role('- apiGroups: [""]\n  resources: [users, groups]\n  verbs: [impersonate]\n'), /grants impersonate on RBAC roles or identities/],
  ['5.1.8 WARNs on a role that can bind roles', '5.1.8',
    role('- apiGroups: [rbac.authorization.k8s.io]\n  resources: [roles]\n  verbs: [get]\n'), role('- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles]\n  verbs: [bind, escalate]\n'), /grants bind,escalate/],
  ['5.1.9 WARNs on a role that can create persistent volumes', '5.1.9',
    role('- apiGroups: [""]\n  resources: [persistentvolumeclaims]\n  verbs: [create]\n'), role('- apiGroups: [""]\n  resources: [persistentvolumes]\n  verbs: [create]\n'), /grants create on persistentvolumes/],
  ['5.1.10 WARNs on access to nodes/proxy', '5.1.10',
    role('- apiGroups: [""]\n  resources: [nodes]\n  verbs: [get]\n'), role('- apiGroups: [""]\n  resources: [nodes/proxy]\n  verbs: [get]\n'), /grants get on nodes\/proxy/],
  ['5.1.11 WARNs on CSR approval rights', '5.1.11',
    role('- apiGroups: [certificates.k8s.io]\n  resources: [certificatesigningrequests]\n  verbs: [get]\n'), role('- apiGroups: [certificates.k8s.io]\n  resources: [certificatesigningrequests/approval]\n  verbs: [update]\n'), /certificatesigningrequests\/approval/],
  ['5.1.12 WARNs on write access to webhook configurations', '5.1.12',
    role('- apiGroups: [admissionregistration.k8s.io]\n  resources: [validatingwebhookconfigurations]\n  verbs: [list]\n'), role('- apiGroups: ["*"]\n  resources: [mutatingwebhookconfigurations]\n  verbs: [patch]\n'), /grants patch on webhook configurations/],
  ['5.1.13 WARNs on serviceaccounts/token create', '5.1.13',
    role('- apiGroups: [""]\n  resources: [serviceaccounts]\n  verbs: [create]\n'), role('- apiGroups: [""]\n  resources: ["*"]\n  verbs: [create]\n'), /grants create on serviceaccounts\/token/],
  ['5.2.1 WARNs on a namespace without a Pod Security enforce label', '5.2.1',
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n',
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n', /Namespace app has no pod-security/],
  ['5.2.2 WARNs on a privileged container', '5.2.2', pod(SAFE_CONTAINER), pod('  containers:\n  - name: c\n    securityContext:\n      privileged: true\n'), /container c is privileged \(cluster.yaml:10:\d+\)/],
  ['5.2.3 WARNs on hostPID', '5.2.3', pod(SAFE_CONTAINER), pod('  hostPID: true\n  containers: [{name: c}]\n'), /sets hostPID: true/],
  ['5.2.4 WARNs on hostIPC', '5.2.4', pod(SAFE_CONTAINER), pod('  hostIPC: true\n  containers: [{name: c}]\n'), /sets hostIPC: true/],
  ['5.2.5 WARNs on hostNetwork in a Deployment template', '5.2.5',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: app}\nspec:\n  template:\n    spec:\n      containers: [{name: c}]\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: app}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n      containers: [{name: c}]\n', /Deployment app\/d sets hostNetwork: true \(cluster.yaml:7:\d+\)/],
  ['5.2.6 WARNs on allowPrivilegeEscalation: true', '5.2.6', pod(SAFE_CONTAINER), pod('  containers:\n  - name: c\n    securityContext: {allowPrivilegeEscalation: true}\n'), /sets allowPrivilegeEscalation: true/],
  ['5.2.7 WARNs on a container that may run as root', '5.2.7', pod(SAFE_CONTAINER), pod('  containers: [{name: c}]\n'), /may run as root/],
  ['5.2.8 WARNs on a container that keeps NET_RAW', '5.2.8', pod(SAFE_CONTAINER), pod('  containers:\n  - name: c\n    securityContext: {capabilities: {drop: [CHOWN]}}\n'), /keeps NET_RAW/],
  ['5.2.9 WARNs on added capabilities', '5.2.9', pod(SAFE_CONTAINER), pod('  containers:\n  - name: c\n    securityContext: {capabilities: {add: [SYS_ADMIN], drop: [ALL]}}\n'), /adds capabilities SYS_ADMIN/],
  ['5.2.10 WARNs on a Windows HostProcess container', '5.2.10', pod(SAFE_CONTAINER), pod('  containers:\n  - name: c\n    securityContext: {windowsOptions: {hostProcess: true}}\n'), /Windows HostProcess/],
  ['5.2.11 WARNs on a hostPath volume', '5.2.11', pod(SAFE_CONTAINER), pod('  containers: [{name: c}]\n  volumes:\n  - name: root\n    hostPath: {path: /}\n'), /mounts hostPath \//],
  ['5.2.12 WARNs on a hostPort', '5.2.12', pod(SAFE_CONTAINER), pod('  containers:\n  - name: c\n    ports: [{containerPort: 80, hostPort: 8080}]\n'), /uses hostPort 8080/],
  ['5.3.2 WARNs on a namespace without a NetworkPolicy', '5.3.2',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: app}\nspec: {podSelector: {}}\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n', /namespace app has no NetworkPolicy/],
  ['5.4.1 WARNs on a Secret passed as an environment variable', '5.4.1', pod(SAFE_CONTAINER),
    pod('  containers:\n  - name: c\n    env:\n    - name: PASSWORD\n      valueFrom: {secretKeyRef: {name: db, key: password}}\n'), /reads Secret db into env PASSWORD/],
  ['5.6.2 WARNs on a container without a seccomp profile', '5.6.2', pod(SAFE_CONTAINER), pod('  containers: [{name: c}]\n'), /has no seccomp profile/],
  ['5.6.3 WARNs on a pod without any securityContext', '5.6.3', pod(SAFE_CONTAINER), pod('  containers: [{name: c}]\n'), /sets no securityContext/],
  ['5.6.4 WARNs on objects in the default namespace', '5.6.4',
    'apiVersion: v1\nkind: Service\nmetadata: {name: kubernetes, namespace: default}\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\n', /ConfigMap default\/settings is in the default namespace/],
];

for (const [name, id, pass, fail, names] of TABLE) {
  test(name, () => {
    const def = byId(id);
    const ok = evaluateCheck(def, nodeFacts(), withBaseline(pass));
    assert.equal(ok.status, 'PASS', ok.reason);
    assert.equal(ok.verdict, 'satisfied');
    const bad = evaluateCheck(def, nodeFacts(), withBaseline(fail));
    assert.equal(bad.status, 'WARN');
    assert.equal(bad.verdict, 'violated', 'a Manual check that found offenders is "checked and violated"');
    assert.ok(bad.violations >= 1);
    assert.match(bad.reason, names);
  });
}

test('section 5 checks WARN "needs cluster objects" without --manifests', () => {
  const result = evaluateCheck(byId('5.2.2'), nodeFacts());
  assert.equal(result.status, 'WARN');
  assert.match(result.reason, /needs cluster objects \(--manifests DIR/);
});

test('5.1.6: the pod\'s automountServiceAccountToken unset defers to a ServiceAccount that forbids it', () => {
  const yaml = `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: quiet, namespace: app}\nautomountServiceAccountToken: false\n---\n${pod('  serviceAccountName: quiet\n  containers: [{name: c}]\n')}`;
  assert.equal(evaluateCheck(byId('5.1.6'), nodeFacts(), withBaseline(yaml)).status, 'PASS');
});

test('ClusterRoles Kubernetes ships are not reported for wildcards', () => {
  const yaml = role('- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n- nonResourceURLs: ["*"]\n  verbs: ["*"]\n', 'cluster-admin');
  assert.equal(evaluateCheck(byId('5.1.3'), nodeFacts(), withBaseline(yaml)).status, 'PASS');
});

const OBJECT_CHECKS = ALL.filter((c) => c.test.kind === 'objects');

test('every section-5 objects check on a set lacking the kinds it judges WARNs "not evaluated" naming the kind, never PASSes', () => {
  assert.ok(OBJECT_CHECKS.length >= 25);
  const onlyANode = objectsFrom('apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n');
  for (const def of OBJECT_CHECKS) {
    for (const objects of [onlyANode, []]) {
      const result = evaluateCheck(def, nodeFacts(), objects);
      assert.equal(result.status, 'WARN', `${def.id}: ${result.reason}`);
      assert.equal(result.verdict, 'unevaluated', def.id);
      assert.match(result.reason, /not evaluated: the input holds no [A-Z]\w+/, def.id);
    }
  }
});

/** [rule, id, objects lacking one kind, the kind named] */
const MISSING: [string, string, string, RegExp][] = [
  ['5.1.1 without ClusterRoleBindings', '5.1.1', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: app}\nroleRef: {kind: Role, name: r}\n', /no ClusterRoleBinding objects/],
  ['5.1.5 without ServiceAccounts', '5.1.5', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n', /no ServiceAccount objects/],
  ['5.1.6 with pods but no ServiceAccounts', '5.1.6', pod(SAFE_CONTAINER), /no ServiceAccount objects/],
  ['5.1.3 with ClusterRoles but no Roles', '5.1.3', role('- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n'), /no Role objects/],
  ['5.2.2 without Pods or workloads', '5.2.2', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n', /no Pod or workload/],
  ['5.3.2 without Namespaces', '5.3.2', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: app}\nspec: {podSelector: {}}\n', /no Namespace objects/],
];
for (const [name, id, yaml, kind] of MISSING) {
  test(`a clean set lacking a kind is not evaluated: ${name}`, () => {
    const result = evaluateCheck(byId(id), nodeFacts(), objectsFrom(yaml));
    assert.equal(result.status, 'WARN', result.reason);
    assert.equal(result.verdict, 'unevaluated');
    assert.match(result.reason, kind);
    assert.equal(result.violations, 0);
  });
}

test('offenders are reported even when another kind is missing, and the reason says the input was partial', () => {
  const result = evaluateCheck(byId('5.1.3'), nodeFacts(), objectsFrom(role('- apiGroups: ["*"]\n  resources: [pods]\n  verbs: [get]\n')));
  assert.equal(result.verdict, 'violated');
  assert.equal(result.violations, 1);
  assert.match(result.reason, /1 found: .*The input holds no Role objects, so more may break it\./);
});

test('the Manual-only checks of section 5 say a person must look (verdict manual), distinct from violated', () => {
  const result = evaluateCheck(byId('5.1.7'), nodeFacts(), withBaseline(''));
  assert.equal(result.status, 'WARN');
  assert.equal(result.verdict, 'manual');
  assert.equal(result.violations, 0);
});

test('a system: ClusterRole Kubernetes does not ship is reported like any other', () => {
  const yaml = role('- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n', 'system:controller:foo');
  const result = evaluateCheck(byId('5.1.3'), nodeFacts(), withBaseline(yaml));
  assert.equal(result.status, 'WARN');
  assert.match(result.reason, /ClusterRole system:controller:foo rule 0 uses "\*"/);
});

test('a shipped ClusterRole with an added rule is reported (5.1.2 through the RBAC engine)', () => {
  const yaml = role('- nonResourceURLs: [/healthz]\n  verbs: [get]\n- apiGroups: [""]\n  resources: [secrets]\n  verbs: [list]\n', 'system:public-info-viewer');
  assert.match(evaluateCheck(byId('5.1.2'), nodeFacts(), withBaseline(yaml)).reason, /ClusterRole system:public-info-viewer rule 1 grants list on secrets/);
});
