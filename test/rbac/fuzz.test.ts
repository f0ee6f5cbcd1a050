import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorize } from '../../src/rbac/authorize.js';
import { parseQuery } from '../../src/rbac/can-i.js';
import { rbacFindings } from '../../src/rbac/findings.js';
import { compactRules } from '../../src/rbac/list.js';
import { impersonatedUser } from '../../src/rbac/user.js';
import { modelFrom } from './helpers.js';

function rng(seed: number) {
  let x = seed;
  return () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 0x100000000; };
}

const VALUES = ['[]', '["*"]', '[""]', '[get, list]', 'pods', '42', 'null', '{a: 1}', '[[x]]', '["*/exec"]', '[pods/exec, "*"]', '[GET]', '~'];
const FIELDS = ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs', 'bogus'];

test('fuzz: random roles, bindings and aggregation rules never crash the engine, findings or can-i', () => {
  const next = rng(0xbadc0de);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  for (let round = 0; round < 300; round++) {
    const docs: string[] = [];
    for (let r = 0; r < 3; r++) {
      const rules = Array.from({ length: Math.floor(next() * 4) }, () => `- {${FIELDS.filter(() => next() < 0.6).map((f) => `${f}: ${pick(VALUES)}`).join(', ')}}`);
      const agg = next() < 0.3 ? `aggregationRule: {clusterRoleSelectors: [${pick(['{}', '{matchLabels: {a: b}}', '{matchExpressions: [{key: a, operator: Bogus}]}', 'x', 'null'])}]}\n` : '';
      docs.push(`kind: ${pick(['ClusterRole', 'Role'])}\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: r${r}, namespace: ns, labels: {a: b}}\n${agg}rules: ${rules.length ? `\n${rules.join('\n')}` : pick(['[]', 'x', 'null'])}`);
      docs.push(`kind: ${pick(['ClusterRoleBinding', 'RoleBinding'])}\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: b${r}, namespace: ns}\nroleRef: ${pick(['{kind: ClusterRole, name: r0}', '{kind: Role, name: r1}', '{}', 'x', '{kind: Widget, name: r2}', '{kind: ClusterRole, name: cluster-admin}'])}\nsubjects: ${pick(['[{kind: User, name: alice}]', '[{kind: ServiceAccount, name: default}]', 'x', '[null]', '[{kind: Group, name: "system:unauthenticated"}]'])}`);
    }
    const model = modelFrom(docs.join('\n---\n'));
    const findings = rbacFindings(model);
    for (const f of findings) assert.ok(f.location, `${f.ruleId} without location`);
    for (const target of ['pods', 'pods/exec', '/metrics', 'deployments.apps', '*']) {
      authorize(model, impersonatedUser(pick(['alice', 'system:anonymous', 'system:serviceaccount:ns:default']), []), parseQuery({ verb: pick(['get', '*', 'GET']), target, namespace: 'ns' }).attrs);
    }
    compactRules(model.roles.flatMap((r) => r.rules.map((x) => x.rule)));
  }
});
