import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { indexJsonList as indexBytes } from '../../src/collect/json-index.js';
import { parseIndexedItems } from '../../src/collect/json-items.js';
import { parseJsonText } from '../../src/collect/json-source.js';
import { parseYamlText } from '../../src/collect/yaml-source.js';
import { DeferredJsonLists } from '../../src/collect/json-subset.js';
import { addBytes, addText, emptyObjectSet } from '../../src/collect/objects.js';
import { sourceShape } from '../../src/collect/object-text.js';

// The index of a `kubectl get -o json` List reads kind, metadata.namespace and metadata.name of each item without
// parsing it. Whatever it says for certain must be what JSON.parse says; what it cannot say for certain it flags.

/** The index of a text's UTF-8 bytes, as the loader reads a file. */
function indexJsonList(text: string, file: string, maxDepth?: number, flagKeys?: readonly string[]) {
  const bytes = Buffer.from(text, 'utf8');
  return indexBytes(bytes, file, maxDepth, flagKeys, isAscii(bytes));
}

function list(items: unknown[], indent: number | string = 4, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' }, ...extra }, null, indent);
}

function expectKeys(text: string): void {
  const index = indexJsonList(text, 'f.json', 256, ['hostNetwork']);
  assert.ok(index, 'indexed');
  const parsed = (JSON.parse(text) as { items: Record<string, unknown>[] }).items;
  assert.equal(index.items.length, parsed.length);
  const located = parseIndexedItems(index, () => true)?.documents[0];
  assert.ok(located);
  index.items.forEach((item, i) => {
    const value = parsed[i] as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    assert.deepEqual(JSON.parse(index.bytes.toString('utf8', item.start, item.end)), value, `item ${i} spans its text`);
    const before = index.bytes.toString('utf8', 0, item.start);
    assert.equal(item.line, before.split('\n').length);
    // Columns count characters, as the JSON fast path does, not bytes.
    assert.deepEqual(located.locate(['items', i]), { file: 'f.json', line: item.line, column: before.length - before.lastIndexOf('\n') });
    if (item.uncertain) return;
    assert.equal(item.kind, value.kind, `kind of item ${i}`);
    assert.equal(item.name, value.metadata?.name, `name of item ${i}`);
    assert.equal(item.namespace, value.metadata?.namespace, `namespace of item ${i}`);
  });
}

test('json index: kind, namespace and name as JSON.parse reads them, whatever the key order and nesting', () => {
  const items = [
    { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a', namespace: 'shop' } },
    { metadata: { namespace: 'shop', name: 'b', labels: { kind: 'NotTheKind', name: 'x' } }, spec: { template: { metadata: { name: 'inner', namespace: 'other' } } }, kind: 'Deployment' },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    // Duplicate keys: the last one counts (JSON.parse). Written by hand below.
    { kind: 'Service', metadata: { name: 'quote"d', namespace: 'sh\\op' } },
    { kind: 'Pod', metadata: { name: 'ünï', namespace: 'shop' }, status: { message: 'a "quoted" {brace} [bracket] \\ \u2028 value' } },
    { kind: 'Pod', metadata: null },
    { kind: 7, metadata: { name: 3 } },
    { spec: { kind: 'Nested' } },
  ];
  for (const indent of [4, 2, 0, '\t']) expectKeys(list(items, indent));
  expectKeys(`\n${list(items).replace(/\n/g, '\n\n  \r\n')}\n\n`);
  const dup = '{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "a", "namespace": "x"}, "kind": "Service", "metadata": {"name": "b"}}], "apiVersion": "v1"}';
  const index = indexJsonList(dup, 'dup.json');
  assert.ok(index);
  assert.deepEqual([index.items[0]?.kind, index.items[0]?.name, index.items[0]?.namespace], ['Service', 'b', undefined]);
  expectKeys(dup);
});

test('json index: escapes in the keys or values it reads make an item uncertain, never wrong', () => {
  const text = '{"items": [{"\\u006bind": "Pod", "kind": "Service", "metadata": {"name": "a"}}, {"kind": "Po\\u0064", "metadata": {"name": "b"}}, {"kind": "Pod", "metadata": {"n\\u0061me": "c", "name": "d"}}, {"kind": "Pod", "metadata": {"name": "e"}}], "kind": "List"}';
  const index = indexJsonList(text, 'esc.json');
  assert.ok(index);
  assert.deepEqual(index.items.map((i) => i.uncertain), [true, true, true, false]);
  // A top-level key with an escape, or two `items`: not indexed at all (the ordinary path reads it).
  assert.equal(indexJsonList('{"it\\u0065ms": [], "kind": "List"}', 'f'), undefined);
  assert.equal(indexJsonList('{"items": [], "items": [{"kind": "Pod"}], "kind": "List"}', 'f'), undefined);
});

test('json index: a hostNetwork key flags its item, also when spelled with escapes', () => {
  const text = list([
    { kind: 'Pod', metadata: { name: 'a' }, spec: { hostNetwork: true } },
    { kind: 'Pod', metadata: { name: 'b', annotations: { note: 'hostNetwork' } } },
    { kind: 'DaemonSet', metadata: { name: 'c' }, spec: { template: { spec: { hostNetwork: false } } } },
  ]).replace('"hostNetwork": false', '"host\\u004etwork": false');
  const index = indexJsonList(text, 'f', 256, ['hostNetwork']);
  assert.deepEqual(index?.items.map((i) => i.flagged), [true, false, true]);
  // A short flag key next to a long one: each spelled plainly is found.
  const both = indexJsonList(text, 'f', 256, ['x', 'hostNetwork']);
  assert.deepEqual(both?.items.map((i) => i.flagged), [true, false, true]);
});

test('json index: what is not valid JSON, or not a List object, is not indexed', () => {
  const good = list([{ kind: 'Pod', metadata: { name: 'a' } }]);
  assert.ok(indexJsonList(good, 'f'));
  const bad = [
    `${good}}`, `${good},`, good.replace('"Pod"', '"Pod',), good.replace('"Pod"', 'Pod'), good.replace(': "a"', ': tru'),
    good.replace(': "a"', ': 01'), good.replace(': "a"', ': -'), good.replace(': "a"', ': 1.'), good.replace(': "a"', ': 1e'),
    good.replace('"a"', '"a",'), good.replace('"a"', '"a" "b"'), good.replace('{', '['), good.replace('"kind": "Pod"', '"kind" "Pod"'),
    good.replace(/}$/, ']'), `[${good}]`, '{"items": [1, 2], "kind": "List"}', '{"items": {}, "kind": "List"}', '{"kind": "List"}', '',
    good.replace('"a"', 'nulll'), `\uFEFF${good}`, good.replace('"a"', '"a"\u0000'),
    // Strings that are not JSON strings (YAML would read some of them): raw control characters, bad escapes.
    good.replace('"a"', '"a\nb"'), good.replace('"a"', '"a\tb"'), good.replace('"a"', '"a\rb"'), good.replace('"a"', '"a\u0001"'),
    good.replace('"a"', '"a\\x"'), good.replace('"a"', '"a\\u12"'), good.replace('"a"', '"a\\u12g4"'), good.replace('"a"', '"\\\\\\"'),
  ];
  // Escapes that are JSON, and whitespace of every kind outside strings.
  for (const ok of [good.replace('"a"', '"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"'), good.replace(/\n/g, '\r\n'), good.replace(/ {4}/g, '\t'), good.replace(/\n/g, '\n\n  \n'), `\n\n${good}\n\n`, `${good}\n   `]) {
    assert.ok(indexJsonList(ok, 'f'), ok.slice(0, 120));
    assert.doesNotThrow(() => JSON.parse(ok));
  }
  for (const text of bad) assert.equal(indexJsonList(text, 'f'), undefined, text.slice(0, 80));
  const deep = `{"kind": "List", "items": [{"kind": "Pod", "x": ${'['.repeat(300)}${']'.repeat(300)}}]}`;
  assert.equal(indexJsonList(deep, 'f', 256), undefined, 'deeper than the bound');
  assert.ok(indexJsonList(deep, 'f', 400));
});

test('json index: parsed items keep their index, and every position is the one of the JSON fast path', () => {
  const items = Array.from({ length: 3000 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${i}`, namespace: `ns-${i % 7}`, labels: { app: 'a "b" {c}' } }, spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 80 }] }] } }));
  const text = `${list(items)}\n`;
  const index = indexJsonList(text, 'pods.json');
  assert.ok(index);
  const chosen = new Set([0, 5, 1234, 2999]);
  const parsed = parseIndexedItems(index, (i) => chosen.has(i));
  const fast = parseJsonText(text, 'pods.json');
  assert.ok(parsed && fast);
  const doc = parsed.documents[0];
  const reference = fast.documents[0];
  assert.ok(doc && reference);
  const values = (doc.value as { items: unknown[] }).items;
  assert.equal(values.length, 3000);
  assert.equal(Object.keys(values).length, 4, 'the others are holes');
  for (const i of chosen) {
    assert.deepEqual(values[i], items[i]);
    for (const path of [['items', i], ['items', i, 'metadata', 'labels', 'app'], ['items', i, 'spec', 'containers', 0, 'ports', 0, 'name']]) {
      assert.deepEqual(doc.locate(path), reference.locate(path), JSON.stringify(path));
    }
  }
  assert.deepEqual(doc.locate([]), reference.locate([]));
  assert.deepEqual(doc.location, reference.location);
});

test('json index: a List with a string that is not JSON is left to the ordinary path, with its error and position', () => {
  const text = list(Array.from({ length: 50 }, (_, i) => ({ kind: 'Pod', metadata: { name: `p-${i}`, namespace: 'a' } }))).replace('"p-7"', '"p-\u00017"');
  const deferred = new DeferredJsonLists({ minSize: 0 });
  const set = emptyObjectSet();
  addBytes(set, Buffer.from(text), 'bad.json', { deferBytes: deferred.defer });
  assert.equal(deferred.size, 0);
  const ordinary = emptyObjectSet();
  addText(ordinary, text, 'bad.json');
  assert.deepEqual(set.errors.map((e) => e.message), ordinary.errors.map((e) => e.message));
  assert.equal(set.objects.length, ordinary.objects.length);
  assert.deepEqual(parseYamlText(text, 'bad.json').errors.map((e) => e.message), ordinary.errors.map((e) => e.message));
});

test('json index: typed lists imply the kind of their items; small texts and YAML are left to the loader', () => {
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'a' } }, { kind: 'Service', metadata: { name: 'b', namespace: 'x' } }] });
  const deferred = new DeferredJsonLists({ minSize: 0 });
  const defer = (d: DeferredJsonLists, t: string) => d.defer(Buffer.from(t), sourceShape(Buffer.from(t)), 'pods.json', 0);
  assert.equal(defer(deferred, text), true);
  assert.deepEqual(deferred.keys('dflt').flat().map((k) => [k.kind, k.namespace]), [['Pod', 'dflt'], ['Service', 'x']]);
  const small = new DeferredJsonLists();
  assert.equal(defer(small, text), false);
  assert.equal(defer(deferred, 'kind: List\nitems: []\n'), false);
  assert.equal(defer(deferred, '{"kind": "Pod", "metadata": {"name": "a"}, "items": []}'), false, 'not a List');
});

test('json index: a quote, backslash or control character at any offset of a string is read as JSON.parse reads it', () => {
  // Strings are skipped four bytes at a time: each offset modulo four, and the bytes left over at the end.
  for (let at = 0; at < 14; at++) {
    for (const piece of ['\u0001', '\u001f', '"', '\\x', '\\n', '\\u0041', '\\u00g1', '\\\\', '\u007f', '\u00e9', '\t']) {
      const value = `${'a'.repeat(at)}${piece}${'b'.repeat(13 - at)}`;
      const text = `{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "${value}"}}]}`;
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const index = indexJsonList(text, 'f');
      assert.equal(index !== undefined, valid, JSON.stringify(text));
      if (index && !index.items[0]?.uncertain) assert.equal(index.items[0]?.name, (JSON.parse(text) as { items: { metadata: { name: string } }[] }).items[0]?.metadata.name);
    }
  }
});

test('json index: the items that hold a searched string as a whole JSON string, or a \\u escape that may spell it', () => {
  const text = list([
    { kind: 'Pod', metadata: { name: 'a', namespace: 'x' }, status: { podIP: '10.0.0.5' } },
    { kind: 'Pod', metadata: { name: 'b', namespace: 'y' }, status: { podIP: '10.0.0.50', hostIP: '110.0.0.5' } },
    { kind: 'Pod', metadata: { name: 'c', namespace: 'z' }, status: { podIP: '10.0.0.7' } },
    { kind: 'Node', metadata: { name: 'n' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.5' }] } },
    { kind: 'Pod', metadata: { name: 'e', namespace: 'w', annotations: { 'note': 'a \\"quoted\\" \\\\ value' } } },
  ]).replace('"10.0.0.7"', '"10.0.0.\\u0037"');
  const deferred = new DeferredJsonLists({ minSize: 0 });
  assert.equal(deferred.defer(Buffer.from(text), sourceShape(Buffer.from(text)), 'ips.json', 0), true);
  const mentions = (needles: string[]) => deferred.keys('default', needles).flat().map((k) => k.mentions);
  // c spells its IP with an escape: it may hold anything. e's escapes (\" and \\) cannot spell an address.
  assert.deepEqual(mentions(['10.0.0.5']), [true, false, true, true, false]);
  assert.deepEqual(mentions(['10.0.0.50', '110.0.0.5']), [false, true, true, false, false]);
  assert.deepEqual(mentions([]), [false, false, false, false, false], 'nothing asked: nothing mentioned');
  assert.throws(() => deferred.keys('default', ['a"b']), RangeError);
});
