/**
 * Mutation fuzzing of the JSON List index (src/collect/json-index.ts), which netpol eval trusts instead of
 * JSON.parse for the items it does not read: whatever text it indexes must be valid JSON, and every kind,
 * namespace and name it reports as certain must be JSON.parse's. Seeded and deterministic, as the other fuzz
 * tests (KUBEFORT_FUZZ_SEED, KUBEFORT_FUZZ_ITERATIONS).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { indexJsonList } from '../../src/collect/json-index.js';
import { parseIndexedItems } from '../../src/collect/json-items.js';
import { seeded } from './yaml-mutations.js';

const SEED = Number(process.env.KUBEFORT_FUZZ_SEED ?? 0x13f00d);
const ITERATIONS = Number(process.env.KUBEFORT_FUZZ_ITERATIONS ?? 200) * 10;

const items = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'shop', labels: { app: 'web' } }, spec: { hostNetwork: true, containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }, status: { podIP: '10.0.0.1' } },
  { kind: 'NetworkPolicy', metadata: { namespace: 'shop', name: 'p' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: [] } }] }] }, apiVersion: 'networking.k8s.io/v1' },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations: { note: 'a "q" \\ \u00e9 \u2028 {[,:]}', n: -1.5e3, t: true, f: false, z: null } } },
];
const base = JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 4);
// The same List in ASCII only (the index counts columns from bytes there) and on one line (a column per item).
const asciiBase = base.replace(/[\u0080-\uffff]/g, '?');
const bases = [base, asciiBase, JSON.stringify(JSON.parse(base)), JSON.stringify(JSON.parse(asciiBase))];
const ALPHABET = ['{', '}', '[', ']', ',', ':', '"', '\\', 'u', '0', '-', '.', 'e', 't', 'n', ' ', '\n', '\t', '\r', '\u0001', '\u0000', 'x', 'kind', '"kind": "Pod",', '"metadata": {},', '\\u0041', '\\"'];

/** Has a valid JSON text a `\u` escape in one of its strings? (A reference, character by character.) */
function hasUnicodeEscape(raw: string): boolean {
  let inString = false;
  for (let k = 0; k < raw.length; k++) {
    const c = raw[k];
    if (!inString) inString = c === '"';
    else if (c === '\\') {
      if (raw[k + 1] === 'u') return true;
      k++;
    } else if (c === '"') inString = false;
  }
  return false;
}

function mutateJson(r: ReturnType<typeof seeded>, text: string): string {
  let out = text;
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const at = Math.floor(r() * out.length);
    const op = Math.floor(r() * 3);
    const piece = ALPHABET[Math.floor(r() * ALPHABET.length)] as string;
    if (op === 0) out = out.slice(0, at) + piece + out.slice(at);
    else if (op === 1) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(r() * 4));
    else out = out.slice(0, at) + piece + out.slice(at + piece.length);
  }
  return out;
}

test(`json index fuzz: what it indexes is valid JSON with the keys JSON.parse reads (seed ${SEED}, ${ITERATIONS} mutations)`, () => {
  const r = seeded(SEED);
  let indexed = 0;
  let certain = 0;
  for (let n = 0; n < ITERATIONS; n++) {
    const text = mutateJson(r, bases[n % bases.length] as string);
    const bytes = Buffer.from(text, 'utf8');
    const index = indexJsonList(bytes, 'f.json', 256, ['hostNetwork'], isAscii(bytes));
    let value: { items?: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }[] } | undefined;
    try {
      value = JSON.parse(text) as typeof value;
    } catch {
      assert.equal(index, undefined, `indexed text that JSON.parse refuses: ${JSON.stringify(text)}`);
      continue;
    }
    if (!index) continue;
    indexed++;
    const parsed = value?.items ?? [];
    assert.equal(index.items.length, parsed.length, JSON.stringify(text));
    const located = parseIndexedItems(index, () => true)?.documents[0];
    assert.ok(located, JSON.stringify(text));
    index.items.forEach((item, i) => {
      const raw = bytes.toString('utf8', item.start, item.end);
      assert.deepEqual(JSON.parse(raw), parsed[i]);
      assert.equal(item.unicodeEscaped, hasUnicodeEscape(raw), JSON.stringify(raw));
      const before = text.slice(0, text.length - bytes.toString('utf8', item.start).length);
      assert.deepEqual(located.locate(['items', i]), { file: 'f.json', line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') }, JSON.stringify(text));
      if (item.uncertain) return;
      certain++;
      const v = parsed[i];
      assert.deepEqual([item.kind, item.namespace, item.name], [v?.kind, v?.metadata?.namespace, v?.metadata?.name], JSON.stringify(text));
      if (JSON.stringify(v).includes('"hostNetwork":')) assert.ok(item.flagged, JSON.stringify(text));
    });
  }
  assert.ok(indexed > 0, 'some mutants are still indexable');
  assert.ok(certain > 0, 'some indexed item is certain, so its kind, namespace and name were compared');
});
