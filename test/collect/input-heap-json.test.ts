/**
 * The heap bound per input format: `kubectl get -o json` text on the JSON fast path counts
 * HEAP_BYTES_PER_JSON_INPUT_BYTE per byte, YAML (and JSON-looking text the fast path does not take) 40.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAP_BYTES_PER_INPUT_BYTE, HEAP_BYTES_PER_JSON_INPUT_BYTE } from '../../src/collect/input-limits.js';
import { JSON_FAST_PATH_MIN } from '../../src/collect/json-source.js';
import { loadObjects } from '../../src/collect/objects.js';

/** A `kubectl get namespaces -o json` List just past the fast path's minimum size. */
function namespaceList(): string {
  const items: string[] = [];
  let text = '';
  for (let i = 0; text.length < JSON_FAST_PATH_MIN + 1024; i++) {
    items.push(`        {\n            "apiVersion": "v1",\n            "kind": "Namespace",\n            "metadata": {\n                "name": "team-${i}"\n            }\n        }`);
    if (i % 1000 === 999) text = `{\n    "apiVersion": "v1",\n    "items": [\n${items.join(',\n')}\n    ],\n    "kind": "List"\n}\n`;
  }
  return text;
}

const json = namespaceList();
// A bound that holds the text as JSON (8 bytes of heap per byte) but not as YAML (40).
const between = Math.ceil((json.length * ((HEAP_BYTES_PER_JSON_INPUT_BYTE + HEAP_BYTES_PER_INPUT_BYTE) / 2)) / HEAP_BYTES_PER_INPUT_BYTE);

test('JSON on the fast path is bounded at its own bytes of heap per input byte, not YAML\'s', () => {
  const set = loadObjects(['-'], { readStdin: () => json, limits: { maxBytes: 2 * json.length, maxHeapInputBytes: between } });
  assert.deepEqual(set.errors.map((e) => e.message), []);
  assert.ok(set.objects.length > 1000);
});

test('JSON past the heap is refused with its own figure and the heap to ask for', () => {
  const set = loadObjects(['-'], { readStdin: () => json, limits: { maxBytes: 2 * json.length, maxHeapInputBytes: Math.floor(json.length / 10) } });
  assert.equal(set.objects.length, 0);
  assert.equal(set.errors.length, 1);
  assert.match(set.errors[0]?.message ?? '', /^<stdin>: the input needs about [\d.]+ MiB of heap in all \(about 8 bytes per byte of JSON, 40 per byte of YAML\), more than Node's heap of [\d.]+ MiB can hold; not read; raise the heap too: NODE_OPTIONS=--max-old-space-size=1024$/);
});

test('text that looks like JSON but is not valid JSON is parsed as YAML and bounded as YAML', () => {
  const broken = `${json.slice(0, -3)},,}\n`;
  const set = loadObjects(['-'], { readStdin: () => broken, limits: { maxBytes: 2 * json.length, maxHeapInputBytes: between } });
  assert.equal(set.objects.length, 0);
  assert.match(set.errors[0]?.message ?? '', /^<stdin>: the input is larger than \d+ bytes in all, what Node's heap of [\d.]+ MiB can hold \(about 40 bytes of heap per input byte\); not read; raise the heap too/);
});
