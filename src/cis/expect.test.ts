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
  ['gate: absent from the list takes the gate default', 'Other=false', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, true],
  ['gate: no --feature-gates at all takes the gate default', undefined, { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, true],
  ['gate: =False (ParseBool) disables the gate', 'RotateKubeletServerCertificate=False', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, false],
  ['gate: =0 disables the gate', 'A=true,RotateKubeletServerCertificate=0', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, false],
  ['gate: =F disables the gate', 'RotateKubeletServerCertificate=F', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, false],
  ['gate: =FALSE disables the gate', 'RotateKubeletServerCertificate=FALSE', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, false],
  ['gate: =f disables the gate', 'RotateKubeletServerCertificate=f', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, false],
  ['gate: =T enables the gate', 'RotateKubeletServerCertificate=T', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, true],
  ['gate: =1 enables the gate', 'RotateKubeletServerCertificate=1', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, true],
  ['gate: the later item wins', 'RotateKubeletServerCertificate=false, RotateKubeletServerCertificate=true', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, true],
  ['gate: the later item wins (disabling)', 'RotateKubeletServerCertificate=true,RotateKubeletServerCertificate=false', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, false],
  ['gate: a value ParseBool rejects never passes', 'RotateKubeletServerCertificate=yes', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, false],
  ['gate: a gate without =value never passes', 'RotateKubeletServerCertificate', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, false],
  ['gate: names are case-sensitive (another gate)', 'rotatekubeletservercertificate=false', { gate: 'RotateKubeletServerCertificate', enabled: true, default: true }, true],
  ['set: an empty value is not set', '', { set: true }, false],
];
for (const [rule, value, expect, ok] of cases) {
  test(`satisfies: ${rule}`, () => {
    assert.equal(satisfies(value, expect).ok, ok);
  });
}
