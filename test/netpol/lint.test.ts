import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel } from '../../src/netpol/model.js';
import { lint } from '../../src/netpol/lint.js';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { assertGolden } from './golden.js';

const FIX = 'test/fixtures/netpol';

function ruleIds(path: string, ipBlockMatchesPods = false): string[] {
  return lint(buildModel(loadObjects([path]), { ipBlockMatchesPods })).map((f) => `${f.ruleId} ${f.subject ?? ''}`);
}

const rows: { rule: string; fixture: string; expected: string[]; ipBlockMatchesPods?: boolean }[] = [
  { rule: 'a locked-down namespace (default deny both ways, DNS allowed, named ports that resolve) has no finding', fixture: 'lint/clean.yaml', expected: [] },
  {
    rule: 'NP001-NP005: a namespace without policies: no default deny, workload unselected, metadata endpoints reachable',
    fixture: 'lint/no-policies.yaml',
    expected: ['NP004 open[Namespace]', 'NP001 open[Namespace]', 'NP002 open[Namespace]', 'NP003 open/api[Deployment]', 'NP005 open[Namespace]'],
  },
  { rule: 'NP001/NP002: a policy with a non-empty podSelector is not a default deny', fixture: 'lint/np001-np002-selective-policy-is-not-default-deny.yaml', expected: ['NP001 shop[Namespace]', 'NP002 shop[Namespace]'] },
  { rule: 'NP004 passes with the seed a12 policy; NP006: its egress allow-list of ipBlocks blocks kube-dns', fixture: 'seed-a12', expected: ['NP006 a12[Namespace]', 'NP001 a12[Namespace]', 'NP005 a12[Namespace]'] },
  { rule: 'NP006 passes for a12 when ipBlock 0.0.0.0/0 may match pods (--ipblock-matches-pods)', fixture: 'seed-a12', expected: ['NP001 a12[Namespace]', 'NP005 a12[Namespace]'], ipBlockMatchesPods: true },
  { rule: 'NP006 with --ipblock-matches-pods still fires when an except of 0.0.0.0/0 is wide enough (/8) to hold the pod network', fixture: 'lint/np006-except-may-hold-pod-network.yaml', expected: ['NP006 egress[Namespace]'], ipBlockMatchesPods: true },
  { rule: 'NP007 a policy that selects no pod', fixture: 'lint/np007-policy-selects-no-pod.yaml', expected: ['NP007 shop/ghost-ingress[NetworkPolicy]'] },
  { rule: 'NP008 a peer that selects nothing', fixture: 'lint/np008-peer-selects-nothing.yaml', expected: ['NP008 shop/backend-from-typo[NetworkPolicy]'] },
  { rule: 'NP009 a named port that resolves nowhere', fixture: 'lint/np009-named-port-resolves-nowhere.yaml', expected: ['NP009 shop/backend-grpc[NetworkPolicy]'] },
  { rule: 'NP010 an allow-all ingress rule', fixture: 'lint/np010-allow-all-ingress.yaml', expected: ['NP010 shop/backend-allow-all[NetworkPolicy]'] },
];

for (const row of rows) {
  test(row.rule, () => assert.deepEqual(ruleIds(`${FIX}/${row.fixture}`, row.ipBlockMatchesPods), row.expected));
}

test('NP000: each invalid policy is a high finding at its file:line', () => {
  const findings = lint(buildModel(loadObjects([`${FIX}/invalid`]))).filter((f) => f.ruleId === 'NP000');
  assert.deepEqual(findings.map((f) => `${f.severity} ${f.location?.line}`), ['high 23', 'high 41', 'high 53', 'high 65', 'high 76', 'high 92']);
});

test('NP004 names the namespace, lists the workloads and suggests the seed a12 policy', () => {
  const f = lint(buildModel(loadObjects([`${FIX}/seed-g04`]))).find((x) => x.ruleId === 'NP004' && x.subject === 'g04[Namespace]');
  assert.ok(f);
  assert.equal(f.message, 'namespace g04: 2 workload(s) can reach the cloud metadata endpoint 169.254.169.254 (backend[Pod], frontend[Pod])');
  assert.match(f.remediation ?? '', /cidr: 0\.0\.0\.0\/0\n\s+except:\n\s+- 169\.254\.169\.254\/32/);
});

test('netpol lint on g04: golden text, exit 1 at the default --fail-on low', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'lint', `${FIX}/seed-g04`], ctx), 1);
  assertGolden('lint-g04.txt', ctx.out.join(''));
});

test('netpol lint --fail-on critical exits 0 when nothing is critical; -o json holds Finding objects', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'lint', `${FIX}/lint/clean.yaml`, '-o', 'json'], ctx), 0);
  assert.deepEqual(JSON.parse(ctx.out.join('')), { hostNetwork: { reading: 'node', workloads: [] }, findings: [] });
  const ctx2 = captureContext();
  assert.equal(await run(['netpol', 'lint', `${FIX}/seed-g04`, '--fail-on', 'critical'], ctx2), 0);
  const ctx3 = captureContext();
  assert.equal(await run(['netpol', 'lint', `${FIX}/seed-g04`, '--fail-on', 'severe'], ctx3), 2);
});

test('policies alone (a repository of policies, no workloads) give no NP007/NP008: there is nothing to compare selectors with', () => {
  assert.deepEqual(ruleIds('test/fixtures/objects/list-kinds'), []);
});
