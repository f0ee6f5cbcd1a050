import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addText, type ObjectSet } from '../../src/collect/objects.js';
import { clusterAdminBindings, rbacWildcards, secretsAccess } from '../../src/cis/objects/rbac.js';
import { bindingShipped, roleShipped, Shipped } from '../../src/rbac/builtin.js';
import { SHIPPED_POLICY } from '../../src/rbac/bootstrap-policy.gen.js';
import { rbacFindings } from '../../src/rbac/findings.js';
import { modelFrom } from './helpers.js';

const DUMP = join('test', 'fixtures', 'rbac', 'bootstrap-cluster');
const clusterDump = readFileSync(join(DUMP, 'clusterroles.yaml'), 'utf8');
const roleDump = readFileSync(join(DUMP, 'roles.yaml'), 'utf8');

/** The dump with one object's YAML block (from `- ` + the line naming it to the next item) passed through `edit`. */
function editItem(dump: string, kind: string, name: string, edit: (block: string) => string): string {
  const items = dump.split(/\n(?=- )/);
  const i = items.findIndex((b) => b.includes(`\n  kind: ${kind}\n`) && new RegExp(`\\n    name: ${name.replace(/[.*]/g, '\\$&')}\\n`).test(b));
  assert.ok(i >= 0, `${kind} ${name} is in the dump`);
  items[i] = edit(items[i] as string);
  return items.join('\n');
}
const addRule = (rule: string) => (block: string) => block.replace(/\n {2}rules:\n/, `\n  rules:\n${rule}`);
const lineOf = (yaml: string, needle: string) => yaml.slice(0, yaml.indexOf(needle)).split('\n').length;

/**
 * The upstream golden files are not committed (fetched source stays out of the repository): they are read from the
 * Go module cache, which scripts/build-control-plane.sh fills with k8s.io/kubernetes@v1.34.4 (.ci/run runs it).
 */
function upstreamTestdata(): string | undefined {
  let modcache = process.env.GOMODCACHE;
  if (modcache === undefined || modcache === '') {
    try {
      modcache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      return undefined;
    }
  }
  const dir = join(modcache, 'k8s.io/kubernetes@v1.34.4/plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata');
  return existsSync(join(dir, 'cluster-roles.yaml')) ? dir : undefined;
}

test('the generated bootstrap data is what scripts/gen-bootstrap-policy.mjs makes of the v1.34.4 golden files', (t) => {
  const testdata = upstreamTestdata();
  if (testdata === undefined) {
    // In CI the module is always there (the control-plane build downloads it): its absence is a failure there.
    assert.notEqual(process.env.CI, 'true', 'k8s.io/kubernetes@v1.34.4 is not in the Go module cache: run scripts/build-control-plane.sh');
    t.skip('k8s.io/kubernetes@v1.34.4 is not in the Go module cache (run scripts/build-control-plane.sh)');
    return;
  }
  const generated = execFileSync(process.execPath, ['scripts/gen-bootstrap-policy.mjs', testdata, 'v1.34.4'], { encoding: 'utf8' });
  assert.equal(generated, readFileSync('src/rbac/bootstrap-policy.gen.ts', 'utf8'));
  assert.ok(SHIPPED_POLICY.clusterRoles.some((r) => r.name === 'system:node' && r.rules.some((x) => x.resources.includes('secrets'))));
});

test('an unmodified v1.34 cluster dump (as kubectl prints it) gives no finding, and every object in it is recognised as shipped', () => {
  const model = modelFrom(clusterDump + '---\n' + roleDump, join(DUMP, 'clusterroles.yaml'));
  assert.deepEqual(rbacFindings(model), []);
  const cluster = SHIPPED_POLICY.clusterRoles.filter((r) => r.featureGated !== true).length;
  assert.equal(model.roles.length, cluster + SHIPPED_POLICY.roles.length);
  assert.equal(model.bindings.length, SHIPPED_POLICY.clusterRoleBindings.length + SHIPPED_POLICY.roleBindings.length);
  assert.deepEqual(model.roles.filter((r) => roleShipped(r).state !== Shipped.shipped).map((r) => r.name), []);
  assert.deepEqual(model.bindings.filter((b) => bindingShipped(b).state !== Shipped.shipped).map((b) => b.name), []);
});

test('RBAC012 system:node with an added secrets rule is high and points at the added rule', () => {
  const yaml = editItem(clusterDump, 'ClusterRole', 'system:node', addRule('  - apiGroups:\n    - ""\n    resources:\n    - secrets\n    verbs:\n    - update\n'));
  const found = rbacFindings(modelFrom(yaml, 'c.yaml')).filter((f) => f.ruleId === 'RBAC012');
  assert.equal(found.length, 1, JSON.stringify(found));
  const f = found[0];
  assert.equal(f?.severity, 'high');
  assert.equal(f?.subject, 'system:node[ClusterRole]');
  assert.match(f?.message ?? '', /adds rules\[0\] \(c\.yaml:\d+\) update secrets \(apiGroups ""\)/);
  assert.equal(f?.location?.line, lineOf(yaml, '\n  rules:\n  - apiGroups:\n    - ""\n    resources:\n    - secrets\n    verbs:\n    - update\n') + 2);
  assert.equal(f?.evidence?.length, 1, 'the added rule is the evidence');
});

test('RBAC012 a rule the shipped role already holds, re-ordered or split, is no difference', () => {
  // system:node ships get, list, watch on configmaps and secrets in one rule; written as two rules it grants the same.
  const yaml = editItem(clusterDump, 'ClusterRole', 'system:node', addRule('  - apiGroups:\n    - ""\n    resources:\n    - secrets\n    verbs:\n    - watch\n    - get\n'));
  assert.deepEqual(rbacFindings(modelFrom(yaml)).filter((f) => f.ruleId === 'RBAC012'), []);
});

test('RBAC012 a system:controller role with a wildcard is high', () => {
  const yaml = editItem(clusterDump, 'ClusterRole', 'system:controller:ttl-controller', addRule("  - apiGroups:\n    - '*'\n    resources:\n    - '*'\n    verbs:\n    - '*'\n"));
  const f = rbacFindings(modelFrom(yaml)).find((x) => x.ruleId === 'RBAC012');
  assert.equal(f?.severity, 'high');
  assert.match(f?.message ?? '', /system:controller:ttl-controller .* adds rules\[0\] .*\* \* \(apiGroups \*\)/);
});

test('RBAC012 an added rule that grants no escalation is medium; a removed rule alone is info', () => {
  const added = editItem(clusterDump, 'ClusterRole', 'system:kube-dns', addRule('  - apiGroups:\n    - ""\n    resources:\n    - configmaps\n    verbs:\n    - list\n'));
  assert.equal(rbacFindings(modelFrom(added)).find((x) => x.ruleId === 'RBAC012')?.severity, 'medium');
  const removed = editItem(clusterDump, 'ClusterRole', 'system:kube-dns', (b) => b.replace(/\n {4}- watch$/, ''));
  const f = rbacFindings(modelFrom(removed)).find((x) => x.ruleId === 'RBAC012');
  assert.equal(f?.severity, 'info');
  assert.match(f?.message ?? '', /lacks shipped rule\(s\) watch endpoints \(apiGroups ""\)/);
});

test('RBAC012 edit compared through its aggregationRule: a changed selector is high, its controller-written rules are not compared', () => {
  const yaml = editItem(clusterDump, 'ClusterRole', 'edit', (b) => b.replace('rbac.authorization.k8s.io/aggregate-to-edit: "true"\n  apiVersion', 'rbac.authorization.k8s.io/aggregate-to-admin: "true"\n  apiVersion'));
  assert.notEqual(yaml, clusterDump);
  const f = rbacFindings(modelFrom(yaml)).find((x) => x.ruleId === 'RBAC012' && x.subject === 'edit[ClusterRole]');
  assert.equal(f?.severity, 'high');
  assert.match(f?.message ?? '', /adds aggregationRule selector\(s\) rbac\.authorization\.k8s\.io\/aggregate-to-admin=true.*lacks shipped aggregationRule selector\(s\) rbac\.authorization\.k8s\.io\/aggregate-to-edit=true/);
  // A dump where view holds no rules yet (the controller has not run) is still the shipped view.
  const empty = editItem(clusterDump, 'ClusterRole', 'view', (b) => b.replace(/\n {2}rules:\n[\s\S]*$/, '\n  rules: null'));
  assert.deepEqual(rbacFindings(modelFrom(empty)).filter((x) => x.ruleId === 'RBAC012'), []);
});

test('RBAC012 an aggregate-to-view label added to a shipped role carries its rules into view: high when they include Secrets', () => {
  const yaml = editItem(clusterDump, 'ClusterRole', 'system:node', (b) => b.replace('kubernetes.io/bootstrapping: rbac-defaults\n', 'kubernetes.io/bootstrapping: rbac-defaults\n      rbac.authorization.k8s.io/aggregate-to-view: "true"\n'));
  const f = rbacFindings(modelFrom(yaml)).find((x) => x.ruleId === 'RBAC012' && x.subject === 'system:node[ClusterRole]');
  assert.equal(f?.severity, 'high');
  assert.match(f?.message ?? '', /adds label\(s\) rbac\.authorization\.k8s\.io\/aggregate-to-view=true/);
});

test('RBAC012 autoupdate "false" is an admin opting out: a difference that grants no escalation is info and says so', () => {
  const yaml = editItem(clusterDump, 'ClusterRole', 'system:kube-dns', (b) => addRule('  - apiGroups:\n    - ""\n    resources:\n    - configmaps\n    verbs:\n    - list\n')(b).replace('autoupdate: "true"', 'autoupdate: "false"'));
  const f = rbacFindings(modelFrom(yaml)).find((x) => x.ruleId === 'RBAC012');
  assert.equal(f?.severity, 'info');
  assert.match(f?.message ?? '', /opted out/);
  const secrets = editItem(clusterDump, 'ClusterRole', 'system:kube-dns', (b) => addRule('  - apiGroups:\n    - ""\n    resources:\n    - secrets\n    verbs:\n    - list\n')(b).replace('autoupdate: "true"', 'autoupdate: "false"'));
  assert.equal(rbacFindings(modelFrom(secrets)).find((x) => x.ruleId === 'RBAC012')?.severity, 'high');
});

test('RBAC012 a system:masters-like group added to the shipped cluster-admin binding is high, and RBAC001 names it', () => {
  const yaml = editItem(clusterDump, 'ClusterRoleBinding', 'cluster-admin', (b) => `${b}\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: system:admins`);
  const found = rbacFindings(modelFrom(yaml));
  const modified = found.find((x) => x.ruleId === 'RBAC012');
  assert.equal(modified?.severity, 'high');
  assert.match(modified?.message ?? '', /has subjects Kubernetes does not ship: Group:system:admins/);
  const admin = found.find((x) => x.ruleId === 'RBAC001');
  assert.match(admin?.message ?? '', /binds cluster-admin to Group system:admins/);
  assert.doesNotMatch(admin?.message ?? '', /system:masters/);
});

test('RBAC001 a new binding of a system:-named group to the shipped cluster-admin is reported; system:masters itself grants nothing more', () => {
  const binding = (group: string) => `${clusterDump}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-admins}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "${group}"}]
`;
  assert.equal(rbacFindings(modelFrom(binding('system:cluster-admins'))).filter((f) => f.ruleId === 'RBAC001').length, 1);
  assert.deepEqual(rbacFindings(modelFrom(binding('system:masters'))).map((f) => f.ruleId), []);
});

test('RBAC012 a shipped binding that lost a subject only grants less: info', () => {
  const yaml = editItem(clusterDump, 'ClusterRoleBinding', 'system:kube-scheduler', (b) => b.replace(/\n {2}subjects:\n[\s\S]*$/, '\n  subjects: []'));
  const f = rbacFindings(modelFrom(yaml)).find((x) => x.ruleId === 'RBAC012');
  assert.equal(f?.severity, 'info');
  assert.match(f?.message ?? '', /lacks shipped subjects: User:system:kube-scheduler/);
});

function objectsOf(yaml: string): ObjectSet['objects'] {
  const set: ObjectSet = { objects: [], errors: [], files: [] };
  addText(set, yaml, 'c.yaml');
  return set.objects;
}

test('bench 5.1 asks the same engine: nothing on an unmodified cluster; on a modified built-in role only the added rule', () => {
  const clean = objectsOf(clusterDump);
  assert.deepEqual([...secretsAccess(clean), ...rbacWildcards(clean), ...clusterAdminBindings(clean)], []);
  const wild = objectsOf(editItem(clusterDump, 'ClusterRole', 'system:controller:ttl-controller', addRule("  - apiGroups:\n    - '*'\n    resources:\n    - '*'\n    verbs:\n    - '*'\n")));
  const secrets = secretsAccess(wild);
  assert.equal(secrets.length, 1, JSON.stringify(secrets));
  assert.match(secrets[0]?.what ?? '', /^ClusterRole system:controller:ttl-controller rule 0 grants get,list,watch on secrets/);
  assert.equal(rbacWildcards(wild).length, 1);
  // system:node ships get/list/watch on secrets; an added `update secrets` rule is not a read and the shipped rule is not reported.
  const node = objectsOf(editItem(clusterDump, 'ClusterRole', 'system:node', addRule('  - apiGroups:\n    - ""\n    resources:\n    - secrets\n    verbs:\n    - update\n')));
  assert.deepEqual(secretsAccess(node), []);
});
