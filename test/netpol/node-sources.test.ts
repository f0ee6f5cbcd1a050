import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubefortExits } from '../helpers/cli.js';
import { assertGolden } from './golden.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { tempDir } from '../helpers/tmp.js';
import { withOwnNodes } from '../../src/netpol/node-sources.js';
import { ConnTable } from '../../src/netpol/conn-table.js';
import { ALL_CONNS, single } from '../../src/netpol/ports.js';
import { formatRange, parseCidr, parseIp, type IpRange } from '../../src/netpol/ip.js';

// NetworkPolicySpec.ingress: "Traffic is allowed to a pod if there are no NetworkPolicies selecting the pod (and
// cluster policy otherwise allows the traffic), OR if the traffic source is the pod's local node, OR if the traffic
// matches at least one ingress rule". Under the default `--host-network node` reading traffic from a node's IP is the
// node's traffic, whether or not a hostNetwork pod runs there.
const AGENT = 'test/fixtures/netpol/hostnetwork/node-agent.yaml';
const IPS = 'test/fixtures/netpol/hostnetwork/node-ips.yaml';

const cli = kubefortExits;

test('eval --from the IP of db\'s node (no hostNetwork pod there): ALLOWED by the own-node rule, naming the node', async () => {
  const { out } = await cli(['netpol', 'eval', AGENT, '--from', '192.168.50.12', '--to', 'shop/db', '--port', '8080'], 0);
  assert.match(out, /^192\.168\.50\.12\[External\] => shop\/db\[Pod\] TCP 8080: ALLOWED$/m);
  assert.match(out, /^ {2}egress {2}allowed {2}192\.168\.50\.12\[External\]: node worker-2: a node is not a pod, no NetworkPolicy egress applies$/m);
  assert.match(out, /^ {2}ingress allowed {2}shop\/db\[Pod\]: the source is the destination's own node \(worker-2, 192\.168\.50\.12\): traffic from a pod's node is always allowed$/m);
  // Only the pair's nodes are named (the source, the destination's): not worker-1, which the pair does not involve.
  assert.match(out, /nodes, each reaching the pods placed on it whatever the policies say: worker-2 192\.168\.50\.12$/m);
  // Another node's address is judged by the policies: db-from-nodes admits 192.168.50.0/24 on 5432 only.
  assert.match((await cli(['netpol', 'eval', AGENT, '--from', '192.168.50.12', '--to', 'shop/api', '--port', '8080'], 1)).out, /ingress DENIED {3}shop\/api\[Pod\]: isolated for ingress/);
  const json = JSON.parse((await cli(['netpol', 'eval', AGENT, '--from', '192.168.50.12', '--to', 'shop/db', '--port', '8080', '-o', 'json'], 0)).out) as { allowed: boolean; hostNetwork: { nodes?: string[]; affects: boolean } };
  assert.equal(json.allowed, true);
  assert.deepEqual(json.hostNetwork.nodes, ['worker-2 192.168.50.12']);
  assert.equal(json.hostNetwork.affects, true);
});

test('--host-network pod (netpol-analyzer\'s reading): a node address is an external address, the denial says why', async () => {
  const { out } = await cli(['netpol', 'eval', AGENT, '--from', '192.168.50.12', '--to', 'shop/db', '--port', '8080', '--host-network', 'pod'], 1);
  assert.match(out, /^192\.168\.50\.12\[External\] => shop\/db\[Pod\] TCP 8080: DENIED$/m);
  assert.match(out, /egress {2}allowed {2}192\.168\.50\.12\[External\]: external address: no NetworkPolicy applies to it/);
  assert.match(out, /192\.168\.50\.12 is an address of node worker-2, where shop\/db\[Pod\] runs: read as an external address under --host-network pod \(netpol-analyzer's reading\), the own-node rule is not applied/);
  // The ipBlock still admits it on 5432, as netpol-analyzer says.
  await cli(['netpol', 'eval', AGENT, '--from', '192.168.50.12', '--to', 'shop/db', '--port', '5432', '--host-network', 'pod'], 0);
});

test('list: the node addresses are external sources of their pods, cut out of the ranges; pod reading unchanged', async () => {
  const node = (await cli(['netpol', 'list', AGENT], 0)).out;
  assert.match(node, /^192\.168\.50\.0-192\.168\.50\.11\[External\] => shop\/db\[Pod\] : TCP 5432\n192\.168\.50\.11-192\.168\.50\.11\[External\] => shop\/api\[Pod\] : All Connections\n192\.168\.50\.12-192\.168\.50\.12\[External\] => shop\/db\[Pod\] : All Connections\n192\.168\.50\.13-192\.168\.50\.255\[External\] => shop\/db\[Pod\] : TCP 5432$/m);
  assert.match((await cli(['netpol', 'list', AGENT, '--host-network', 'pod'], 0)).out, /^192\.168\.50\.0-192\.168\.50\.255\[External\] => shop\/db\[Pod\] : TCP 5432$/m);
  // JSON and diff see the same connections.
  const json = JSON.parse((await cli(['netpol', 'list', AGENT, '-o', 'json'], 0)).out) as { connections: { src: string; dst: string; conn: string }[] };
  assert.ok(json.connections.some((c) => c.src === '192.168.50.12-192.168.50.12[External]' && c.dst === 'shop/db[Pod]' && c.conn === 'All Connections'));
});

test('nodes of a workload on several nodes, a node known from hostIP only, an address-less node, ANP Deny, BANP (golden)', async () => {
  const { out, err } = await cli(['netpol', 'list', IPS], 0);
  assertGolden('list-node-ips.txt', out);
  assert.match(err, /^kubefort: note: own-node rule: node placement unknown for shop\/ledger\[Deployment\] \(no pod with spec\.nodeName in the input\): traffic from its node is not listed$/m);
  assert.match(err, /^kubefort: note: own-node rule: no address known for node worker-c \(no Node object, no pod status\.hostIP in the input\): traffic from it to the pods on it is not listed$/m);
  assertGolden('list-node-ips-pod.txt', (await cli(['netpol', 'list', IPS, '--host-network', 'pod'], 0)).out);
  assertGolden('list-node-ips-exposure.txt', (await cli(['netpol', 'list', IPS, '--exposure'], 0)).out);
  // The ANP Deny (priority 5, from every namespace) cannot name a node: its ExternalIP still reaches web.
  const ext = (await cli(['netpol', 'eval', IPS, '--from', '203.0.113.11', '--to', 'shop/web', '--port', '9090'], 0)).out;
  assert.match(ext, /ingress allowed {2}shop\/web\[Deployment\]: the source is the destination's own node \(worker-a, 203\.0\.113\.11\)/);
  // worker-b is web's node too (its pod's status.hostIP), not client's.
  await cli(['netpol', 'eval', IPS, '--from', '10.0.0.12', '--to', 'shop/web', '--port', '9090'], 0);
  await cli(['netpol', 'eval', IPS, '--from', '10.0.0.12', '--to', 'shop/client', '--port', '80'], 1);
  // Unknown placement and an address-less node are said, not guessed.
  assert.match((await cli(['netpol', 'eval', IPS, '--from', '10.0.0.11', '--to', 'shop/ledger', '--port', '80'], 1)).out, /own-node rule not judged: the node placement of shop\/ledger\[Deployment\] is unknown \(pods of shop\/ledger\[Deployment\] on worker-a are reachable from 10\.0\.0\.11 whatever the policies say\)/);
  assert.match((await cli(['netpol', 'eval', IPS, '--from', '10.0.0.99', '--to', 'shop/report-28861440-vx7km', '--port', '80'], 1)).out, /own-node rule not judged: no address is known for node worker-c of shop\/report-28861440-vx7km\[Pod\]/);
});

test('diff: db rescheduled from worker-2 to worker-1 moves its own-node source from one node address to the other', async () => {
  assert.doesNotMatch((await cli(['netpol', 'diff', AGENT, AGENT], 0)).out, /^[~+-] /m);
  const dir = tempDir('node-sources-diff');
  const moved = `${dir}/after.yaml`;
  // The db pod as the API server writes it after the move: another nodeName, another status.hostIP.
  writeFileSync(moved, readFileSync(AGENT, 'utf8').replace('nodeName: worker-2\n  status:\n    hostIP: 192.168.50.12', 'nodeName: worker-1\n  status:\n    hostIP: 192.168.50.11'));
  const { out } = await cli(['netpol', 'diff', AGENT, moved], 1);
  // Both addresses keep the ipBlock's TCP 5432; the own node's gets everything. The probe (worker-1) now shares db's node.
  assert.match(out, /^~ 192\.168\.50\.11-192\.168\.50\.11\[External\] => shop\/db\[Pod\] : TCP 5432 -> All Connections\n~ 192\.168\.50\.12-192\.168\.50\.12\[External\] => shop\/db\[Pod\] : All Connections -> TCP 5432\n~ monitoring\/probe\[Pod\] => shop\/db\[Pod\] : TCP 5432 -> All Connections\n0 added, 0 removed, 3 changed$/m);
});

test('withOwnNodes splits runs around each node address and merges equal neighbours again', () => {
  const table = new ConnTable();
  const all = table.intern(ALL_CONNS);
  const tcp = table.intern(single('TCP', 5432));
  const cidr = (t: string): IpRange => parseCidr(t) as IpRange;
  const ip = (t: string): IpRange => parseIp(t) as IpRange;
  const shown = (runs: ReturnType<typeof withOwnNodes>): string[] => runs.map((r) => `${formatRange(r.range)} ${r.entry.text}`);
  assert.deepEqual(shown(withOwnNodes([{ range: cidr('10.0.0.0/24'), entry: tcp }], [ip('10.0.0.0'), ip('10.0.0.7'), ip('10.0.0.8'), ip('10.0.0.255')], all)), [
    '10.0.0.0-10.0.0.0 All Connections', '10.0.0.1-10.0.0.6 TCP 5432', '10.0.0.7-10.0.0.8 All Connections', '10.0.0.9-10.0.0.254 TCP 5432', '10.0.0.255-10.0.0.255 All Connections',
  ]);
  // Addresses outside every run, before, between and after them; a run that already admits everything absorbs its neighbours.
  assert.deepEqual(shown(withOwnNodes([{ range: cidr('10.0.1.0/24'), entry: tcp }, { range: cidr('10.0.3.0/24'), entry: all }], [ip('10.0.0.1'), ip('10.0.2.9'), ip('10.0.4.0'), ip('fd00::1')], all)), [
    '10.0.0.1-10.0.0.1 All Connections', '10.0.1.0-10.0.1.255 TCP 5432', '10.0.2.9-10.0.2.9 All Connections', '10.0.3.0-10.0.4.0 All Connections', 'fd00::1-fd00::1 All Connections',
  ]);
  assert.deepEqual(shown(withOwnNodes([{ range: cidr('10.0.0.0/24'), entry: tcp }], [], all)), ['10.0.0.0-10.0.0.255 TCP 5432']);
});
