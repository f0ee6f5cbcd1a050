import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from './objects.js';

const FIX = 'test/fixtures/objects';

test('multi-document YAML keeps every object and its line', () => {
  const set = loadObjects([`${FIX}/seed-g04/ng04.yml`]);
  assert.deepEqual(set.errors, []);
  assert.deepEqual(set.objects.map((o) => `${o.object.kind}/${o.object.metadata.name}@${o.location.line}`), [
    'Namespace/g04@1', 'Pod/backend@8', 'Pod/frontend@23', 'Pod/other@40',
  ]);
});

test('locate finds the line and column of a nested field', () => {
  const set = loadObjects([`${FIX}/seed-g04/policies.yaml`]);
  const backend = set.objects.find((o) => o.object.metadata.name === 'backend-ingress');
  assert.ok(backend);
  assert.deepEqual(backend.locate(['spec', 'ingress', 0]), { file: `${FIX}/seed-g04/policies.yaml`, line: 23, column: 5 });
  assert.equal(backend.locate(['spec', 'egress']), undefined);
});

test('typed lists imply kind and apiVersion of their items; kind: List is flattened', () => {
  const set = loadObjects([`${FIX}/list-kinds`]);
  assert.deepEqual(set.errors, []);
  assert.deepEqual(set.objects.map((o) => `${o.object.apiVersion} ${o.object.kind}/${o.object.metadata.name}`), [
    'v1 Namespace/a12', 'v1 Namespace/t75', 'networking.k8s.io/v1 NetworkPolicy/default-deny-egress-metadata-server',
  ]);
  const policy = set.objects[2];
  assert.equal(policy?.locate(['spec', 'egress', 0, 'to', 0, 'ipBlock', 'cidr'])?.line, 15);
});

test('a broken document is reported with file:line:column and the others are kept', () => {
  const set = loadObjects([`${FIX}/broken`]);
  assert.deepEqual(set.objects.map((o) => o.object.metadata.name), ['fine', 'also-fine']);
  assert.ok(set.errors.length >= 1);
  assert.match(set.errors[0]!.message, /^test\/fixtures\/objects\/broken\/good-then-bad\.yaml:9:\d+: /);
  assert.equal(set.errors[0]!.location?.line, 9);
});

test('a missing path is an error, not an exception', () => {
  const set = loadObjects([`${FIX}/does-not-exist`]);
  assert.equal(set.objects.length, 0);
  assert.match(set.errors[0]!.message, /does-not-exist: cannot read: no such file or directory/);
});

test('stdin is read for -', () => {
  const set = loadObjects(['-'], { readStdin: () => 'kind: Namespace\nmetadata:\n  name: from-stdin\n' });
  assert.equal(set.objects[0]?.object.metadata.name, 'from-stdin');
  assert.equal(set.objects[0]?.location.file, '<stdin>');
});
