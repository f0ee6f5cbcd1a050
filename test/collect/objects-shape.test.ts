import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { OBJECT_RULE_FUNCTIONS } from '../../src/cis/objects/index.js';
import { buildModel } from '../../src/netpol/model.js';
import { printable, printableJson, printableText } from '../../src/domain/printable.js';
import { kubefort } from '../helpers/cli.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';

const FIX = 'test/fixtures/objects/shapes';
const ESC = '\u001b';

async function cli(args: string[]) {
  return kubefort(args);
}

const root = materializeNodeFixture('kubeadm-1.32-controlplane');
after(() => removeNodeFixture(root));

test('metadata of the wrong type is reported with its location; the object or the field is left out', () => {
  const set = loadObjects([`${FIX}/wrong-types.yaml`]);
  const file = `${FIX}/wrong-types.yaml`;
  assert.deepEqual(set.errors.map((e) => e.message), [
    `${file}:11:14: Pod: metadata.namespace must be a string, got a number (2024) (the API server rejects this object); left out`,
    `${file}:18:9: Pod: metadata.name must be a string, got a number (42) (the API server rejects this object); left out`,
    `${file}:43:14: NetworkPolicy: metadata.namespace must be a string, got a mapping (the API server rejects this object); left out`,
  ]);
  assert.deepEqual(set.warnings.map((e) => e.message), [
    `${file}:30:14: Pod: metadata.labels.enabled must be a string, got a boolean (true) (quote it); ignored`,
    `${file}:31:13: Pod: metadata.labels.nested must be a string, got a mapping (quote it); ignored`,
    `${file}:32:16: Pod: metadata.annotations must be a mapping of strings, got string (just-a-string); ignored`,
    `${file}:34:5: Pod: metadata.ownerReferences[0] needs a kind and a name (strings); this owner is ignored`,
  ]);
  const pod = set.objects.find((o) => o.object.metadata.name === 'labelled');
  assert.deepEqual(pod?.object.metadata.labels, { app: 'web' });
  assert.deepEqual(pod?.object.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6d4cf56db6' }]);
  // Nothing of the wrong type reaches the checks: every section 5 rule runs.
  for (const check of Object.values(OBJECT_RULE_FUNCTIONS)) assert.doesNotThrow(() => check(set.objects));
});

test('a numeric namespace crashes neither bench 5.3.2 nor netpol\'s renderers', async () => {
  const bench = await cli(['bench', '--root', root, '--manifests', FIX, '--check', '5.3.2', '--include-evidence']);
  assert.doesNotMatch(bench.err + bench.out, /internal error|TypeError/);
  assert.match(bench.out, /5\.3\.2 /);
  for (const output of ['text', 'dot', 'mermaid', 'json', 'csv', 'md']) {
    // Objects the API server rejects are left out with a warning; --allow-partial answers on the rest.
    const list = await cli(['netpol', 'list', `${FIX}/wrong-types.yaml`, '-o', output, '--allow-partial']);
    assert.doesNotMatch(list.err, /internal error|TypeError/, output);
    assert.equal(list.code, 0, `${output}: ${list.err}`);
  }
});

test('namespace defaulting is one rule in the loader: netpol and bench section 5 both put a namespace-less Pod in default', async () => {
  const set = loadObjects([`${FIX}/no-namespace.yaml`]);
  assert.deepEqual(set.objects.map((o) => `${o.object.kind}/${o.object.metadata.namespace ?? '-'}/${o.object.metadata.name}`), [
    'Pod/default/other', 'ClusterRole/-/reader', 'ClusterIssuer/-/letsencrypt',
  ]);
  assert.deepEqual(loadObjects([`${FIX}/no-namespace.yaml`], { defaultNamespace: 'team-a' }).objects.map((o) => o.object.metadata.namespace), ['team-a', undefined, undefined]);
  assert.deepEqual(buildModel(set).workloads.map((w) => `${w.namespace}/${w.name}`), ['default/other']);
  assert.deepEqual(OBJECT_RULE_FUNCTIONS['default-namespace'](set.objects).map((o) => o.what), ['Pod default/other is in the default namespace']);
  assert.deepEqual(OBJECT_RULE_FUNCTIONS['namespaces-without-netpol'](set.objects).map((o) => o.what), ['namespace default has no NetworkPolicy']);
});

test('printable escapes C0, DEL, C1 and bidi characters; text keeps its lines, JSON its values', () => {
  assert.equal(printable(`a${ESC}[31mb\u0007\u007f\u009b\u202e\n\t`), 'a\\x1b[31mb\\x07\\x7f\\u{9b}\\u{202e}\\x0a\\x09');
  assert.equal(printableText(`line ${ESC}]0;t\u0007\nnext\tcol`), 'line \\x1b]0;t\\x07\nnext\tcol');
  const json = printableJson(JSON.stringify({ name: `x\u009b\u202ey${ESC}` }));
  assert.equal(json, '{"name":"x\\u009b\\u202ey\\u001b"}');
  assert.deepEqual(JSON.parse(json), { name: `x\u009b\u202ey${ESC}` });
});

test('object names with terminal escapes reach no output raw: bench text and JSON, netpol list in every format, lint', async () => {
  // eslint-disable-next-line no-control-regex -- the test looks for raw control characters
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const bench = await cli(['bench', '--root', root, '--manifests', FIX, '--check', '5.1.3', '--include-evidence']);
  assert.match(bench.out, /ClusterRole evil\\x1b\]0;pwned\\x07\\x1b\[31mred\\u\{202e\} rule 0 uses "\*"/);
  assert.doesNotMatch(bench.out, raw);
  const json = await cli(['bench', '--root', root, '--manifests', FIX, '--check', '5.1.3', '--output', 'json']);
  assert.doesNotMatch(json.out, raw);
  for (const output of ['text', 'dot', 'mermaid', 'json', 'csv', 'md']) {
    const list = await cli(['netpol', 'list', `${FIX}/escapes-in-names.yaml`, '-o', output]);
    assert.doesNotMatch(list.out, raw, output);
    assert.match(list.out, output === 'json' ? /web\\u001b\[2J/ : /web\\{1,2}x1b\[2J/, output);
  }
  const lint = await cli(['netpol', 'lint', `${FIX}/escapes-in-names.yaml`]);
  assert.doesNotMatch(lint.out, raw);
});
