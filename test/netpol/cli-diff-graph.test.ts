import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { assertGolden } from './golden.js';

const FIX = 'test/fixtures/netpol';

test('netpol diff: added, removed and changed connections; exit 1 when they differ', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'diff', `${FIX}/diff/before`, `${FIX}/diff/after`], ctx), 1);
  assert.equal(ctx.out.join(''), [
    '- default/other[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
    '+ default/other[Pod] => g04/frontend[Pod] : TCP 8000',
    '~ g04/frontend[Pod] => g04/backend[Pod] : TCP 3000 -> TCP 3000,8080',
    '1 added, 1 removed, 1 changed',
    '',
  ].join('\n'));
});

test('netpol diff of a set with itself: no difference, exit 0; json has empty lists', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'diff', `${FIX}/seed-g04`, `${FIX}/diff/before`, '-o', 'json'], ctx), 0);
  assert.deepEqual(JSON.parse(ctx.out.join('')), { hostNetwork: { reading: 'node', workloads: [] }, added: [], removed: [], changed: [], workloadsAdded: [], workloadsRemoved: [] });
});

test('netpol diff - - is a usage error', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'diff', '-', '-'], ctx), 2);
});

test('netpol graph -o json: namespaces, workload and external nodes, edges with ports (golden)', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'graph', `${FIX}/seed-a12`, `${FIX}/seed-g04`, '--output', 'json'], ctx), 0);
  const out = ctx.out.join('');
  assertGolden('graph-a12-g04.json', out);
  const graph = JSON.parse(out) as { nodes: { id: string; type: string }[]; edges: { src: string; dst: string }[] };
  const ids = new Set(graph.nodes.map((n) => n.id));
  assert.ok(graph.edges.every((e) => ids.has(e.src) && ids.has(e.dst)), 'every edge joins two nodes');
  assert.deepEqual(graph.nodes.filter((n) => n.type === 'external').map((n) => n.id), [
    '0.0.0.0-169.254.169.253[External]', '0.0.0.0-255.255.255.255[External]', '169.254.169.255-255.255.255.255[External]',
  ]);
});
