import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSON_FAST_PATH_MIN, parseJsonText } from '../../src/collect/json-source.js';
import { parseYamlText } from '../../src/collect/yaml-source.js';
import { addText, type ObjectSet } from '../../src/collect/objects.js';
import { buildModel } from '../../src/netpol/model.js';
import { evaluate } from '../../src/netpol/explain.js';

// `kubectl get pods,netpol -A -o json` shape (4-space indent), large enough for the fast path.
function kubectlList(n: number): string {
  const items: object[] = [];
  for (let i = 0; i < n; i++) {
    items.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: 'shop', labels: { app: 'web', note: 'a "quoted" {brace} [bracket] \\ value' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] }, status: { podIP: `10.244.${i >> 8}.${i & 255}` } });
  }
  items.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 'http' }] }, { from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } });
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 4)}\n`;
}

test('JSON fast path: the same values and the same file:line:column as the YAML path, computed only when asked', () => {
  const text = kubectlList(2500);
  assert.ok(text.length > JSON_FAST_PATH_MIN);
  const fast = parseJsonText(text, 'pods.json');
  assert.ok(fast, 'large kubectl JSON takes the fast path');
  const slow = parseYamlText(text, 'pods.json');
  const [f, s] = [fast.documents[0], slow.documents[0]];
  assert.ok(f && s);
  assert.deepEqual(f.value, s.value);
  const last = 2500;
  for (const path of [[], ['items', 0], ['items', 1234], ['items', 7, 'metadata', 'labels', 'note'], ['items', last, 'spec', 'ingress', 1, 'from', 0, 'ipBlock', 'cidr'], ['metadata']]) {
    assert.deepEqual(f.locate(path), s.locate(path), JSON.stringify(path));
  }
  assert.equal(f.locate(['items', 99999]), undefined);
});

test('JSON fast path end to end: an invalid policy is reported at its line; small or broken JSON takes the YAML path', () => {
  const set: ObjectSet = { objects: [], errors: [], files: [] };
  addText(set, kubectlList(2500), 'pods.json');
  const model = buildModel(set);
  assert.equal(model.workloads.length, 2500);
  assert.deepEqual(model.errors.map((e) => e.message), [
    `pods.json:${text2line(kubectlList(2500), '"10.0.0.0/33"')}: NetworkPolicy shop/web: malformed CIDR "10.0.0.0/33"`,
  ]);
  // The invalid policy is skipped: nothing isolates the pods.
  assert.equal(evaluate(model, 'shop/web-1', 'shop/web-2', 'TCP', 'http').allowed, true);
  assert.equal(parseJsonText('{"kind": "List", "items": []}', 'small.json'), undefined);
  assert.equal(parseJsonText(`${kubectlList(2500)}}`, 'broken.json'), undefined);
});

function text2line(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}
