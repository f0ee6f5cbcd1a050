import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadObjects } from '../../src/collect/objects.js';
import { classEdges, type Target } from '../../src/netpol/connectivity.js';
import { compareConnections, externalEndpoint, listConnections, workloadEndpoint, type Connection, type Endpoint, type ListOptions } from '../../src/netpol/list.js';
import { buildModel, type HostNetworkReading, type Model } from '../../src/netpol/model.js';
import { ALL_CONNS, formatConns, type ConnSet } from '../../src/netpol/ports.js';
import type { IpRange } from '../../src/netpol/ip.js';
import type { Workload } from '../../src/netpol/workloads.js';
import { ownNodePairs } from '../../src/netpol/reading.js';
import { focusMatchesWorkload } from '../../src/netpol/list.js';
import { tempDir } from '../helpers/tmp.js';

// The list is produced in output order as it is computed (list-order.ts: per-profile destination lists merged by
// rank, class answers memoised per rule match). The reference here is the straightforward way it was done before:
// every class edge (connectivity.ts classEdges) expanded to workload pairs, the own-node pairs added, then sorted.
function reference(model: Model, options: ListOptions = {}): Connection[] {
  const members = (t: Target): Endpoint[] => (t.type === 'class' ? t.cls.members.map(workloadEndpoint) : [externalEndpoint(t.range)]);
  const focus = options.focus === undefined ? undefined : typeof options.focus === 'string' ? [options.focus] : options.focus;
  const dir = options.focusDirection;
  const focused = (e: Endpoint): boolean => e.type === 'workload' && (focus ?? []).some((f) => focusMatchesWorkload(e.workload, f));
  const kept = (s: Endpoint, d: Endpoint): boolean => focus === undefined || (dir !== 'ingress' && focused(s)) || (dir !== 'egress' && focused(d));
  const pending = new Map([...ownNodePairs(model)].map(([s, ds]) => [s, new Set(ds)]));
  const out: Connection[] = [];
  for (const edge of classEdges(model)) {
    for (const src of members(edge.src)) {
      const open = src.type === 'workload' ? pending.get(src.workload) : undefined;
      for (const dst of members(edge.dst)) {
        if (src.type === 'workload' && dst.type === 'workload' && src.workload === dst.workload) continue;
        if (!kept(src, dst)) continue;
        const own = open !== undefined && dst.type === 'workload' && open.delete(dst.workload);
        out.push({ src, dst, conns: own ? ALL_CONNS : edge.conns });
      }
    }
  }
  for (const [s, ds] of pending) for (const d of ds) if (kept(workloadEndpoint(s), workloadEndpoint(d))) out.push({ src: workloadEndpoint(s), dst: workloadEndpoint(d), conns: ALL_CONNS });
  return withNodeSources(model, out, kept).sort(compareConnections);
}

// Under the `node` reading the addresses of a workload's nodes reach it with all connections: its external sources
// redone piece by piece over the model's partition (each node address is a piece), equal neighbours merged.
function withNodeSources(model: Model, conns: Connection[], kept: (s: Endpoint, d: Endpoint) => boolean): Connection[] {
  if (model.hostNetwork !== 'node') return conns;
  const addresses = (w: Workload): Set<string> => new Set(w.hostNetwork ? [] : w.nodes.flatMap((n) => (model.nodeSources.get(n)?.ranges ?? []).map((r) => `${r.family}|${r.first}`)));
  const redo = new Map(model.workloads.map((w) => [w, addresses(w)] as const).filter(([, a]) => a.size > 0));
  const out = conns.filter((c) => !(c.src.type === 'external' && c.dst.type === 'workload' && redo.has(c.dst.workload)));
  for (const [w, own] of redo) {
    const dst = workloadEndpoint(w);
    const from = conns.filter((c) => c.src.type === 'external' && c.dst.type === 'workload' && c.dst.workload === w);
    const runs: { range: IpRange; conns: ConnSet }[] = [];
    for (const piece of model.externals) {
      const c = own.has(`${piece.family}|${piece.first}`) ? ALL_CONNS : from.find((x) => x.src.type === 'external' && x.src.range.family === piece.family && x.src.range.first <= piece.first && piece.last <= x.src.range.last)?.conns;
      if (c === undefined) continue;
      const last = runs[runs.length - 1];
      if (last && last.range.family === piece.family && last.range.last + 1n === piece.first && formatConns(last.conns) === formatConns(c)) last.range = { ...last.range, last: piece.last };
      else runs.push({ range: piece, conns: c });
    }
    for (const r of runs) if (kept(externalEndpoint(r.range), dst)) out.push({ src: externalEndpoint(r.range), dst, conns: r.conns });
  }
  return out;
}

const lines = (conns: readonly Connection[]): string[] => conns.map((c) => `${c.src.id} => ${c.dst.id} : ${formatConns(c.conns)}`);

function agree(model: Model, label: string, options: ListOptions = {}): number {
  const listed = lines(listConnections(model, options));
  assert.deepEqual(listed, lines(reference(model, options)), label);
  return listed.length;
}

const FIX = 'test/fixtures/netpol';
const inputs = readdirSync(FIX, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
  .map((e) => `${e.parentPath}/${e.name}`)
  .sort();

for (const hostNetwork of ['node', 'pod'] as HostNetworkReading[]) {
  test(`listed in order, the same as expanding class edges and sorting: every netpol fixture, --host-network ${hostNetwork}`, () => {
    assert.ok(inputs.length > 10, `${inputs.length} fixture files`);
    let compared = 0;
    let focused = 0;
    for (const file of inputs) {
      for (const ipBlockMatchesPods of [false, true]) {
        const model = buildModel(loadObjects([file]), { hostNetwork, ipBlockMatchesPods });
        compared += agree(model, `${file} ipBlockMatchesPods=${ipBlockMatchesPods}`);
        const some = model.workloads.filter((_w, i) => i % 3 === 0).map((w) => `${w.namespace}/${w.name}`);
        if (some.length === 0) continue;
        focused += agree(model, `${file} --focus`, { focus: some });
        agree(model, `${file} --focus --focus-direction egress`, { focus: some, focusDirection: 'egress' });
        agree(model, `${file} --focus --focus-direction ingress`, { focus: some, focusDirection: 'ingress' });
      }
    }
    // Equal lists prove the order only if they hold connections: empty on both sides would pass for anything.
    assert.ok(compared > 0 && focused > 0, `${compared} connections listed, ${focused} with --focus`);
  });
}

test('listed in order on generated clusters (ANP/BANP layer, egress isolation or not, shared named ports)', () => {
  const dir = tempDir('list-order');
  for (const [name, args] of [
    ['admin', ['--namespaces', '4', '--workloads', '24', '--policies', '12', '--admin', 'yes']],
    ['ingress-only', ['--namespaces', '3', '--workloads', '30', '--policies', '10', '--ingress-only', 'yes', '--metrics-ports', '4']],
  ] as const) {
    const out = `${dir}/${name}`;
    const gen = spawnSync(process.execPath, ['bench/netpol-gen.mjs', ...args, '--out', out]);
    assert.equal(gen.status, 0, gen.stderr.toString());
    // With the hostNetwork agent and the shop (Ingress, Services) next to the generated namespaces.
    const files = [out, `${FIX}/hostnetwork/node-agent.yaml`, `${FIX}/ingress/shop.yaml`];
    for (const hostNetwork of ['node', 'pod'] as HostNetworkReading[]) {
      const model = buildModel(loadObjects(files), { hostNetwork });
      agree(model, `${name} --host-network ${hostNetwork}`);
      agree(model, `${name} --focus app-0001`, { focus: 'app-0001' });
    }
  }
});

test('own-node pairs that the policies also open in part are listed once, with all connections', () => {
  const dir = tempDir('list-order-own-node');
  const pod = (name: string, node: string, host = false): string => `- apiVersion: v1
  kind: Pod
  metadata: {name: ${name}, namespace: ${host ? 'monitoring' : 'shop'}, labels: {app: ${name}}}
  spec:
    hostNetwork: ${host}
    containers: [{name: main, image: example/${name}:1}]
    nodeName: ${node}
  status: {podIP: ${host ? '192.168.50.11' : node === 'worker-1' ? '10.244.1.5' : '10.244.2.5'}}`;
  const file = `${dir}/own-node.yaml`;
  writeFileSync(file, `apiVersion: v1
kind: List
items:
${pod('agent', 'worker-1', true)}
${pod('web', 'worker-1')}
${pod('other', 'worker-2')}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: port-80-from-anywhere, namespace: shop}
  spec:
    podSelector: {}
    ingress: [{ports: [{port: 80}]}]
`);
  const model = buildModel(loadObjects([file]), { hostNetwork: 'node' });
  const listed = lines(listConnections(model)).filter((l) => l.startsWith('monitoring/agent[Pod] => shop/'));
  assert.deepEqual(listed, ['monitoring/agent[Pod] => shop/other[Pod] : TCP 80', 'monitoring/agent[Pod] => shop/web[Pod] : All Connections']);
  agree(model, 'own-node');
});
