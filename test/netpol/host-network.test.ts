import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubefortExits } from '../helpers/cli.js';
import { assertGolden } from './golden.js';

const FILE = 'test/fixtures/netpol/hostnetwork/node-agent.yaml';

const cli = kubefortExits;

test('--host-network node (default): ipBlocks match the node IP, the own-node rule holds, unknown placement is said', async () => {
  const { out, err } = await cli(['netpol', 'list', FILE], 0);
  assertGolden('list-hostnetwork-node.txt', out);
  assert.equal((await cli(['netpol', 'list', FILE, '--host-network', 'node'], 0)).out, out);
  assert.match(err, /note: own-node rule: node placement unknown for shop\/cache\[Deployment\] \(no pod with spec\.nodeName in the input\): traffic from its node \(and hostNetwork pods on it\) is not listed/);
});

test('unknown placement of a hostNetwork workload itself is said apart from that of the pods it could reach', async () => {
  // tabs-in-flow.yaml: web is a hostNetwork Deployment (hostNetwork: yes) with no pod in the input.
  const { err } = await cli(['netpol', 'list', 'test/fixtures/objects/kubectl-compat/tabs-in-flow.yaml'], 0);
  assert.match(err, /^kubefort: note: own-node rule: node placement unknown for hostNetwork workload shop\/web\[Deployment\] \(no pod with spec\.nodeName in the input\): the pods it reaches on its own node are not listed$/m);
  assert.match(err, /^kubefort: note: own-node rule: node placement unknown for shop\/api\[Deployment\], shop\/worker\[Deployment\] \(no pod with spec\.nodeName in the input\): traffic from hostNetwork pods on its node is not listed$/m);
});

test('--host-network pod: hostNetwork pods are ordinary pods selected by their labels', async () => {
  assertGolden('list-hostnetwork-pod.txt', (await cli(['netpol', 'list', FILE, '--host-network', 'pod'], 0)).out);
});

test('eval --from the hostNetwork pod IP agrees with list: the ipBlock admits the node IP', async () => {
  const byIp = await cli(['netpol', 'eval', FILE, '--from', '192.168.50.11', '--to', 'shop/db', '--port', '5432'], 0);
  assert.match(byIp.out, /^monitoring\/probe\[Pod\] => shop\/db\[Pod\] TCP 5432: ALLOWED$/m);
  assert.match(byIp.out, /admitted by shop\/db-from-nodes ingress\[0\]/);
  assert.match(byIp.out, /hostNetwork reading: node/);
  const own = await cli(['netpol', 'eval', FILE, '--from', 'monitoring/probe', '--to', 'shop/api', '--port', '8080'], 0);
  assert.match(own.out, /ingress allowed {2}shop\/api\[Pod\]: the source is the destination's own node \(worker-1\): traffic from a pod's node is always allowed/);
  await cli(['netpol', 'eval', FILE, '--from', 'monitoring/probe', '--to', 'shop/api', '--port', '8080', '--host-network', 'pod'], 1);
});

test('eval from a hostNetwork pod to a workload of unknown placement says the own-node rule could not be judged', async () => {
  // shop/cache is a Deployment with no pod in the input: it may run on worker-1, the probe's node.
  const { out } = await cli(['netpol', 'eval', FILE, '--from', 'monitoring/probe', '--to', 'shop/cache', '--port', '80'], 1);
  assert.match(out, /ingress DENIED {3}shop\/cache\[Deployment\]: isolated for ingress .*; own-node rule not judged: the node placement of shop\/cache\[Deployment\] is unknown \(pods of shop\/cache\[Deployment\] on worker-1 are reachable from monitoring\/probe\[Pod\] whatever the policies say\)$/m);
  const explained = (await cli(['netpol', 'list', FILE, '--explain', '--focus', 'shop/cache'], 0)).out;
  assert.match(explained, /^monitoring\/probe\[Pod\] => shop\/cache\[Deployment\] : No Connections\n(.*\n)* {2}ingress shop\/cache\[Deployment\]: No Connections — .*; own-node rule not judged: the node placement of shop\/cache\[Deployment\] is unknown/m);
  // Placement known on both ends and different nodes: no such remark.
  assert.doesNotMatch((await cli(['netpol', 'eval', FILE, '--from', 'monitoring/probe', '--to', 'shop/db', '--port', '80'], 1)).out, /own-node rule/);
});

test('the reading is printed in every output it affects: list formats, eval, lint, diff, graph', async () => {
  const json = JSON.parse((await cli(['netpol', 'list', FILE, '-o', 'json'], 0)).out) as { hostNetwork: unknown };
  assert.deepEqual(json.hostNetwork, { reading: 'node', workloads: ['monitoring/probe[Pod]'], nodes: ['worker-1 192.168.50.11', 'worker-2 192.168.50.12'] });
  for (const [format, prefix] of [['csv', '# '], ['md', '> '], ['dot', '// '], ['mermaid', '%% ']] as const) {
    const { out } = await cli(['netpol', 'list', FILE, '-o', format, '--host-network', 'pod'], 0);
    assert.ok(out.startsWith(`${prefix}hostNetwork reading: pod`), `${format}: ${out.slice(0, 40)}`);
  }
  assert.match((await cli(['netpol', 'lint', FILE], 1)).out, /^# hostNetwork reading: node/);
  const lintJson = JSON.parse((await cli(['netpol', 'lint', FILE, '-o', 'json'], 1)).out) as { hostNetwork: { reading: string } };
  assert.equal(lintJson.hostNetwork.reading, 'node');
  assert.match((await cli(['netpol', 'diff', FILE, FILE, '--host-network', 'pod'], 0)).out, /^# hostNetwork reading: pod/);
  const graph = JSON.parse((await cli(['netpol', 'graph', FILE], 0)).out) as { hostNetwork: { reading: string } };
  assert.equal(graph.hostNetwork.reading, 'node');
  // No hostNetwork workload: text outputs carry no reading line.
  assert.doesNotMatch((await cli(['netpol', 'list', 'test/fixtures/netpol/seed-g04'], 0)).out, /hostNetwork reading/);
});
