import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/program.js';
import { loadObjects } from '../../src/collect/objects.js';
import { JSON_FAST_PATH_MIN } from '../../src/collect/json-source.js';
import { evaluate } from '../../src/netpol/explain.js';
import { verdictJson, verdictText } from '../../src/netpol/explain-report.js';
import { buildModel, type HostNetworkReading } from '../../src/netpol/model.js';
import { captureContext } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// `netpol eval` on a large `kubectl get -o json` List reads only the items that can affect the pair; as a user
// runs it, its output must be what the model of the whole file gives (built here in-process from every object).

const dir = tempDir('eval-subset');
const sources = ['test/fixtures/netpol/admin/tenants.yaml', 'test/fixtures/netpol/hostnetwork/node-agent.yaml', 'test/fixtures/netpol/seed-g04'];
const fixtures = loadObjects(sources).objects.map((o) => o.object);
// Filler namespaces around the fixtures' objects, past the size where the JSON fast path starts.
const filler: object[] = [];
for (let n = 0; JSON.stringify(filler).length < 1.2 * JSON_FAST_PATH_MIN; n++) {
  filler.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `fill-${n}`, labels: { 'kubernetes.io/metadata.name': `fill-${n}` } } });
  for (let w = 0; w < 10; w++) {
    filler.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${w}`, namespace: `fill-${n}` }, spec: { template: { metadata: { labels: { app: `app-${w}` } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } } } });
  }
  filler.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: `fill-${n}` }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
}
// An invalid policy in a namespace only one pair below depends on: its warning shows which runs read it.
filler.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bad-cidr', namespace: 'fill-0' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } });
const items = [...filler.slice(0, filler.length / 2), ...fixtures, ...filler.slice(filler.length / 2)];
const file = join(dir, 'cluster.json');
writeFileSync(file, `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 4)}\n`);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = captureContext();
  const code = await run(['netpol', 'eval', file, ...args], ctx);
  return { code, out: ctx.out.join(''), err: ctx.err.join('') };
}

const PAIRS: [string, string, string][] = [
  ['tenant-a/web', 'tenant-a/db', '5432'], ['tenant-b/api', 'tenant-a/web', '80'], ['monitoring/prometheus', 'sensitive/vault', '8200'],
  ['tenant-a/web', 'monitoring/prometheus', '9090'], ['monitoring/probe', 'shop/api', '8080'], ['monitoring/probe', 'shop/db', '5432'],
  ['shop/api', 'shop/cache', 'http'], ['g04/frontend', 'g04/backend', '3000'], ['default/other', 'g04/backend', '3000'], ['fill-3/app-1', 'tenant-a/web', '80'],
  // IP endpoints: a pod IP, a hostNetwork pod's node IP, an external address (the objects holding it are read).
  ['10.244.1.30', 'tenant-a/db', '5432'], ['192.168.50.11', 'shop/db', '5432'], ['203.0.113.9', 'tenant-a/web', '80'],
  ['tenant-a/web', '10.244.1.30', '5432'], ['fill-0/app-1', 'tenant-a/web', '80'],
];

for (const hostNetwork of ['node', 'pod'] as HostNetworkReading[]) {
  test(`netpol eval of a large JSON List answers as the whole file's model (--host-network ${hostNetwork}, with ANP/BANP)`, async () => {
    const model = buildModel(loadObjects([file], { limits: { maxBytes: 64 * 2 ** 20 } }), { hostNetwork });
    for (const [from, to, port] of PAIRS) {
      const v = evaluate(model, from, to, 'TCP', port);
      const text = await cli(['--from', from, '--to', to, '--port', port, '--host-network', hostNetwork]);
      assert.equal(text.out, verdictText(v), `${from} -> ${to} ${port}`);
      assert.equal(text.code, v.allowed ? 0 : 1);
      // Only a pair with an endpoint in namespace fill-0 reads it (no object there holds the IP endpoints).
      assert.equal(text.err.includes('fill-0/bad-cidr'), from.startsWith('fill-0/'), `${from}: ${text.err}`);
      const json = await cli(['--from', from, '--to', to, '--port', port, '--host-network', hostNetwork, '-o', 'json']);
      assert.equal(json.out, verdictJson(v));
    }
  });
}

test('netpol eval of a large JSON List: unknown and ambiguous endpoints are the same usage errors (exit 2)', async () => {
  for (const from of ['fill-1/nobody', 'nowhere/x']) {
    const r = await cli(['--from', from, '--to', 'tenant-a/web', '--port', '80']);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`no workload or pod ${from} in the input`));
  }
});

test('netpol eval of a large JSON List that is not valid JSON: the error with file:line:column, exit 2', async () => {
  const broken = join(dir, 'broken.json');
  const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 4)}\n`;
  // A missing comma deep inside the List, far from the pair's items.
  writeFileSync(broken, text.replace('"name": "app-3",\n', '"name": "app-3"\n'));
  const ctx = captureContext();
  const code = await run(['netpol', 'eval', broken, '--from', 'tenant-a/web', '--to', 'tenant-a/db', '--port', '5432'], ctx);
  assert.equal(code, 2);
  assert.match(ctx.err.join(''), /broken\.json:\d+:\d+/);
  assert.equal(ctx.out.join(''), '');
});
