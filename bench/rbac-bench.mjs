#!/usr/bin/env node
// Times `kubefort rbac`, `rbac can-i` and `rbac who-can` as whole processes over a generated RBAC dump the size
// of a large cluster (ROLES ClusterRoles with 6 rules each, 2×ROLES bindings, half of them RoleBindings across
// 200 namespaces, 3 subjects each), plus `kubefort ports` on the control-plane fixture.
// Usage: node bench/rbac-bench.mjs [runs=5] [roles=2000]     (run `npm run build` first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, repo, requireBuild } from './lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const roles = Number(process.argv[3] ?? 2000);
requireBuild();

const dir = mkdtempSync(join(tmpdir(), 'kubefort-rbac-bench-'));
const file = join(dir, 'rbac.yaml');
const docs = [];
const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
for (let i = 0; i < roles; i++) {
  const rules = [];
  for (let r = 0; r < 6; r++) {
    rules.push(`- apiGroups: ["${['', 'apps', 'batch', 'example.com'][r % 4]}"]\n  resources: [res${(i + r) % 97}, res${(i * 7 + r) % 89}/status]\n  verbs: [${verbs.slice(0, 1 + ((i + r) % verbs.length)).join(', ')}]`);
  }
  docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-${i}\n  labels: {tier: t${i % 10}}\nrules:\n${rules.join('\n')}`);
}
for (let i = 0; i < roles * 2; i++) {
  const ns = `ns-${i % 200}`;
  const kind = i % 2 === 0 ? 'ClusterRoleBinding' : 'RoleBinding';
  const meta = kind === 'RoleBinding' ? `\n  namespace: ${ns}` : '';
  docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b-${i}${meta}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: role-${(i * 13) % roles}}\nsubjects:\n- {kind: ServiceAccount, name: sa-${i % 500}, namespace: ${ns}}\n- {kind: User, name: user-${i % 300}}\n- {kind: Group, name: group-${i % 50}}`);
}
writeFileSync(file, `${docs.join('\n---\n')}\n`);

function time(argv, ok = [0, 1]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!ok.includes(result.status)) throw new Error(`exit ${result.status}: ${result.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const measure = (label, argv) => {
  if (runs === 0) return;
  const samples = Array.from({ length: runs }, () => time(argv));
  console.log(`${label}: median ${median(samples).toFixed(0)} ms, min ${Math.min(...samples).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms`);
};

console.log(`input: ${roles} ClusterRoles, ${roles * 2} bindings, ${(statSync(file).size / 1e6).toFixed(1)} MB YAML; ${runs} runs each`);
measure('kubefort rbac (findings)', [cli, 'rbac', '--fail-on', 'critical', file]);
measure('kubefort rbac can-i', [cli, 'rbac', 'can-i', '--as', 'system:serviceaccount:ns-3:sa-3', 'get', 'res5', '-n', 'ns-3', file]);
measure('kubefort rbac can-i --list', [cli, 'rbac', 'can-i', '--list', '--as', 'user-7', '-n', 'ns-7', file]);
measure('kubefort rbac who-can -A', [cli, 'rbac', 'who-can', 'get', 'res5', '-A', file]);
measure('kubefort ports (control-plane fixture)', [cli, 'ports', '--root', join(repo, 'test', 'fixtures', 'ports', 'control-plane')]);
if (process.env.KUBEFORT_BENCH_KEEP) console.log(`kept ${file}`);
else rmSync(dir, { recursive: true, force: true });
