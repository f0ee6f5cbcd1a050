import { test } from 'node:test';
import assert from 'node:assert/strict';
import { satisfies } from './expect.js';
import type { Expect } from './model.js';

// [rule, value, expectation, ok]
const cases: [string, string | undefined, Expect, boolean][] = [
  ['Go ParseBool spellings of true count as true', 'True', { eq: 'true' }, true],
  ['"1" counts as true', '1', { eq: 'true' }, true],
  ['"t" counts as true', 't', { eq: 'true' }, true],
  ['"F" counts as false', 'F', { eq: 'false' }, true],
  ['a word that is no Go bool is not true', 'yes', { eq: 'true' }, false],
  ['absent is not equal to anything', undefined, { eq: 'true' }, false],
  ['noteq: "0" is false, so it is not true', '0', { noteq: 'true' }, true],
  ['noteq: "TRUE" is true', 'TRUE', { noteq: 'true' }, false],
  ['a zero Go duration equals 0', '0h0m0s', { eq: '0' }, true],
  ['a non-zero duration is not 0', '4h0m0s', { eq: '0' }, false],
  ['gte: the bound itself passes', '30', { gte: 30 }, true],
  ['gte: below the bound fails', '29', { gte: 30 }, false],
  ['gte: a non-number fails', 'lots', { gte: 30 }, false],
  ['has: an item of the comma list', 'Node, RBAC', { has: 'RBAC' }, true],
  ['nothave: absent lacks every item', undefined, { nothave: 'AlwaysAllow' }, true],
  ['set: an empty value is not set', '', { set: true }, false],
];
for (const [rule, value, expect, ok] of cases) {
  test(`satisfies: ${rule}`, () => {
    assert.equal(satisfies(value, expect).ok, ok);
  });
}
