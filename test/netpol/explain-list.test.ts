import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel } from '../../src/netpol/model.js';
import { listConnections } from '../../src/netpol/list.js';
import { explainPairs } from '../../src/netpol/explain-list.js';
import { formatConns } from '../../src/netpol/ports.js';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { assertGolden } from './golden.js';

const FIX = 'test/fixtures/netpol';

for (const file of ['admin/tenants.yaml', 'splits/quarantine.yaml', 'hostnetwork/node-agent.yaml', 'seed-g04', 'workloads/cluster.yaml']) {
  test(`list --explain gives every pair the connections list gives it: ${file}`, () => {
    const model = buildModel(loadObjects([`${FIX}/${file}`]));
    const listed = new Map(listConnections(model).map((c) => [`${c.src.id}|${c.dst.id}`, formatConns(c.conns)]));
    let pairs = 0;
    for (const p of explainPairs(model)) {
      pairs++;
      assert.equal(p.conns, listed.get(`${p.src}|${p.dst}`) ?? 'No Connections', `${p.src} => ${p.dst}`);
    }
    assert.equal(pairs, model.workloads.length * (model.workloads.length - 1));
  });
}

test('list --explain names the deciding policies and rules with file:line (golden), and streams JSON', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'list', `${FIX}/admin/tenants.yaml`, '--explain', '--focus', 'tenant-a/web'], ctx), 0);
  assert.ok(ctx.out.length > 2, 'written in chunks, not one string');
  assertGolden('list-explain-admin-web.txt', ctx.out.join(''));
  const json = captureContext();
  assert.equal(await run(['netpol', 'list', `${FIX}/splits/quarantine.yaml`, '--explain', '-o', 'json'], json), 0);
  const parsed = JSON.parse(json.out.join('')) as { pairs: { src: string; dst: string; conns: string; ingress: { reason: string } }[] };
  const denied = parsed.pairs.find((p) => p.src === 'pay/client[Pod]' && p.dst === 'pay/api[Deployment]{quarantine=true}');
  assert.equal(denied?.conns, 'No Connections');
  assert.match(denied?.ingress.reason ?? '', /isolated for ingress by pay\/quarantine and no rule admits traffic from pay\/client\[Pod\]/);
});
