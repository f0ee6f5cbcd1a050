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
