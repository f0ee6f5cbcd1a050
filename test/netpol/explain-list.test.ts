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

test('list --explain marks what each admin rule decides: the first matching rule, in priority order, decides a connection', () => {
  const model = buildModel(loadObjects([`${FIX}/admin/tenants.yaml`]));
  const pairs = [...explainPairs(model)];
  const rules = (src: string, dst: string) => pairs.find((p) => p.src === src && p.dst === dst)?.ingress.rules.map((r) => `${r.action} ${r.policy} ${r.decides ?? '-'}`);
  // allow-monitoring (priority 10) allows prometheus first; sensitive-lockdown's deny-all (20) then decides nothing.
  assert.deepEqual(rules('monitoring/prometheus[Pod]', 'sensitive/vault[Pod]'), [
    'Allow AdminNetworkPolicy allow-monitoring (priority 10) All Connections',
    'Deny AdminNetworkPolicy sensitive-lockdown (priority 20) none',
  ]);
  // A Pass hands its connections to the NetworkPolicies, whose rules (additive) carry no mark.
  assert.deepEqual(rules('tenant-a/db[Pod]', 'tenant-a/web[Pod]'), [
    'Pass AdminNetworkPolicy tenant-a-ingress (priority 30) All Connections',
    'Allow tenant-a/allow-web-from-namespace -',
  ]);
  // The baseline decides only what the AdminNetworkPolicies left: everything but web-egress's TCP 10250.
  const egress = pairs.find((p) => p.src === 'tenant-a/web[Pod]' && p.dst === 'monitoring/node-exporter[Pod]')?.egress.rules.map((r) => `${r.action} ${r.decides ?? '-'}`);
  assert.deepEqual(egress, ['Allow TCP 10250', 'Deny SCTP 1-65535,TCP 1-10249,10251-65535,UDP 1-65535']);
});
