import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parseYamlText } from '../../src/collect/yaml-source.js';
import { loadObjects } from '../../src/collect/objects.js';

const FIX = 'test/fixtures/objects/kubectl-compat';

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sorted(v)]));
}

// Each <case>.kubectl.jsonl is what sigs.k8s.io/yaml v1.4.0 (go-yaml v2, kubectl's decoder) made of <case>.yaml
// after apimachinery's YAMLReader split it into documents: one JSON document per line.
for (const name of readdirSync(FIX).filter((f) => f.endsWith('.yaml')).sort()) {
  test(`${name} reads as kubectl reads it`, () => {
    const parsed = parseYamlText(readFileSync(`${FIX}/${name}`, 'utf8'), name);
    assert.deepEqual(parsed.errors.map((e) => e.message), []);
    const expected = readFileSync(`${FIX}/${name.replace(/\.yaml$/, '.kubectl.jsonl')}`, 'utf8').trim().split('\n');
    assert.deepEqual(parsed.documents.map((d) => JSON.stringify(sorted(d.value))), expected);
  });
}

test('a tab separating the items of a flow sequence or map keeps all three Deployments (issue 7)', () => {
  const set = loadObjects([`${FIX}/tabs-in-flow.yaml`]);
  assert.deepEqual(set.errors, []);
  assert.deepEqual(set.objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`), ['Deployment/api', 'Deployment/worker', 'Deployment/web']);
  assert.deepEqual(set.objects[0]?.object.metadata.labels, { app: 'api', tier: 'backend' });
  // locate() still points into the original text: the value after the tab.
  assert.deepEqual(set.objects[0]?.locate(['metadata', 'labels', 'tier']), { file: `${FIX}/tabs-in-flow.yaml`, line: 7, column: 8 });
});

test('YAML 1.1 booleans count: hostNetwork: yes is true for kubectl, and for kubefort', () => {
  const web = loadObjects([`${FIX}/tabs-in-flow.yaml`]).objects.find((o) => o.object.metadata.name === 'web');
  assert.equal((web?.object.spec as { template: { spec: { hostNetwork: unknown } } }).template.spec.hostNetwork, true);
});

test('duplicate keys (two files joined without ---) warn with both locations; the later value is used, as in kubectl', () => {
  const set = loadObjects([`${FIX}/concatenated.yaml`]);
  assert.deepEqual(set.errors, []);
  assert.deepEqual(set.objects.map((o) => o.object.metadata.name), ['two']);
  const file = `${FIX}/concatenated.yaml`;
  assert.deepEqual(set.warnings.map((w) => w.message), ['apiVersion', 'kind', 'metadata', 'spec'].map((key, i) =>
    `${file}:${[8, 9, 10, 13][i]}:1: duplicate key "${key}" in one mapping (first at ${file}:${[1, 2, 3, 6][i]}:1); the later value is used, as kubectl does (two files joined without ---?)`));
  assert.equal(set.warnings[0]?.location?.line, 8);
});

test('a document that truly cannot be read is an error with file:line:column; the documents around it load', () => {
  const text = 'kind: Namespace\nmetadata: {name: a}\n---\nkind: Namespace\nmetadata:\n\tname: b\n---\nkind: Namespace\nmetadata: {name: c}\n';
  const set = loadObjects(['-'], { readStdin: () => text });
  assert.deepEqual(set.objects.map((o) => o.object.metadata.name), ['a', 'c']);
  assert.deepEqual(set.errors.map((e) => e.message), ['<stdin>:6:1: Tabs are not allowed as indentation']);
});
