import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';

test('netpol list --exposure: per workload what the input cannot enumerate, with ports', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'list', 'test/fixtures/netpol/rules/separate-peers-are-or.yaml', '--exposure', '--focus', 'shop/server'], ctx), 0);
  assert.equal(ctx.out.join(''), [
    // A podSelector alone: pods with that label in the policy's namespace, including pods not in the input.
    'shop/server[Pod] <= [namespace shop]/[pod with {app=client}] : All Connections',
    // A namespaceSelector alone: every pod of every namespace with that label, existing or future.
    'shop/server[Pod] <= [namespace with {team=lab}]/[all pods] : All Connections',
    // Not isolated for egress: open to the entire cluster and every address.
    'shop/server[Pod] => 0.0.0.0/0 : All Connections',
    'shop/server[Pod] => entire-cluster : All Connections',
    '',
  ].join('\n'));
  const g04 = captureContext();
  assert.equal(await run(['netpol', 'list', 'test/fixtures/netpol/seed-g04', '--exposure', '-o', 'json'], g04), 0);
  const parsed = JSON.parse(g04.out.join('')) as { exposure: { workload: string; direction: string; peer: string; conns: string }[] };
  assert.deepEqual(parsed.exposure.filter((e) => e.workload === 'g04/backend[Pod]' && e.direction === 'ingress'), [
    { workload: 'g04/backend[Pod]', direction: 'ingress', peer: '[namespace with {app=orion}]/[pod with {tier=frontend}]', conns: 'TCP 3000' },
  ]);
});

test('netpol list --exposure folds in the admin tier: ANP Allow/Deny/Pass and the BANP decide what a selector peer gets', async () => {
  const lines = async (focus: string): Promise<string[]> => {
    const ctx = captureContext();
    assert.equal(await run(['netpol', 'list', 'test/fixtures/netpol/admin/tenants.yaml', '--exposure', '--focus', focus], ctx), 0);
    return ctx.out.join('').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  };
  // sensitive-lockdown (priority 20) denies every namespace; allow-monitoring (10) comes first. No ANP ingress peer
  // matches an address, and no NetworkPolicy or BANP selects vault: external addresses stay open.
  assert.deepEqual((await lines('sensitive/vault')).filter((l) => l.includes(' <= ')), [
    'sensitive/vault[Pod] <= 0.0.0.0/0 : All Connections',
    'sensitive/vault[Pod] <= [namespace with {kubernetes.io/metadata.name=monitoring}]/[all pods] : All Connections',
  ]);
  // tenant-b/api: the BANP denies every namespace but monitoring (ANP Allow); its egress NetworkPolicy denies all
  // but tenant-b-to-monitoring (ANP Allow) opens the monitoring namespace.
  assert.deepEqual(await lines('tenant-b/api'), [
    'tenant-b/api[Pod] <= 0.0.0.0/0 : All Connections',
    'tenant-b/api[Pod] <= [namespace with {kubernetes.io/metadata.name=monitoring}]/[all pods] : All Connections',
    'tenant-b/api[Pod] => [namespace with {kubernetes.io/metadata.name=monitoring}]/[all pods] : All Connections',
  ]);
  // tenant-a/web: Pass for tenant-a namespaces hands over to the NetworkPolicies, which admit only web's own namespace
  // on 8080 — another namespace labelled tenant=a gets nothing; the metadata address is denied (web-egress). Its node
  // (worker-1) reaches it whatever the tiers say: no ANP ingress peer can name a node.
  const web = await lines('tenant-a/web');
  assert.deepEqual(web.filter((l) => l.includes(' <= ')), [
    'tenant-a/web[Pod] <= 192.168.60.11/32 (node worker-1) : All Connections',
    'tenant-a/web[Pod] <= [namespace tenant-a]/[all pods] : TCP 8080',
    'tenant-a/web[Pod] <= [namespace with {kubernetes.io/metadata.name=monitoring}]/[all pods] : All Connections',
  ]);
  assert.ok(web.includes('tenant-a/web[Pod] => 0.0.0.0-169.254.169.253 : All Connections'), web.join('\n'));
  assert.ok(!web.some((l) => l.startsWith('tenant-a/web[Pod] => 169.254.169.254')), web.join('\n'));
});
