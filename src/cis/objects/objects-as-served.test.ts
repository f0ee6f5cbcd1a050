import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { addText, emptyObjectSet, loadObjects, type LoadedObject } from '../../collect/objects.js';
import { OBJECT_RULE_FUNCTIONS } from './index.js';
import { securityContext, setsAnything } from './workloads.js';

const FIX = 'test/fixtures/objects/apiserver';

test('5.6.3 fires on kubectl get -o yaml output: the API server writes securityContext: {} into every pod and template', () => {
  const set = loadObjects([`${FIX}/shop-defaults.yaml`]);
  assert.deepEqual(set.errors, []);
  assert.deepEqual(securityContext(set.objects).map((o) => `${o.what} @${o.location.line}`), [
    'Deployment shop/web sets no securityContext @34',
    'Pod shop/web-6d4cf56db6-x7k2p sets no securityContext @82',
  ]);
});

test('5.6.3 passes a pod whose securityContext sets fields, and fails one whose contexts hold only empty values', () => {
  assert.deepEqual(securityContext(loadObjects([`${FIX}/shop-hardened.yaml`]).objects), []);
  assert.deepEqual(securityContext(loadObjects([`${FIX}/shop-empty-fields.yaml`]).objects).map((o) => o.what), ['Pod shop/hollow sets no securityContext']);
});

test('a setting is a value: null, {} and [] are not; false and 0 are', () => {
  assert.equal(setsAnything({}), false);
  assert.equal(setsAnything({ capabilities: { drop: [] }, seLinuxOptions: {}, runAsUser: null }), false);
  assert.equal(setsAnything({ runAsNonRoot: false }), true);
  assert.equal(setsAnything({ runAsUser: 0 }), true);
  assert.equal(setsAnything({ capabilities: { drop: ['ALL'] } }), true);
});

/** Every path of a plain value, depth first. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, by) : v));
  const record = value as Record<string, unknown>;
  return { ...record, [head as string]: replaced(record[head as string], rest, by) };
}

test('every section 5 rule survives any field of a served object replaced by a value of another type', () => {
  const text = readFileSync(`${FIX}/shop-defaults.yaml`, 'utf8');
  const base = loadObjects([`${FIX}/shop-defaults.yaml`]).objects.map((o) => o.object);
  const rbac = loadObjects(['test/fixtures/objects/apiserver/rbac-served.yaml']).objects.map((o) => o.object);
  const WRONG: unknown[] = [42, 'text', {}, [], null, true, { a: { b: [1] } }, ['x', 1]];
  let runs = 0;
  for (const object of [...base, ...rbac]) {
    for (const path of paths(object).filter((p) => p.length > 0 && p[0] !== 'kind')) {
      for (const by of WRONG) {
        const mutated = replaced(object, path, by);
        const set = emptyObjectSet();
        addText(set, JSON.stringify(mutated), 'mutated.json');
        const objects: LoadedObject[] = set.objects;
        for (const [rule, check] of Object.entries(OBJECT_RULE_FUNCTIONS)) {
          assert.doesNotThrow(() => check(objects), `${rule} with ${path.join('.')} = ${JSON.stringify(by)}`);
        }
        runs += 1;
      }
    }
  }
  assert.ok(runs > 1000, `${runs} mutations`);
  assert.ok(text.length > 0);
});
