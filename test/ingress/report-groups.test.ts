import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../src/domain/finding.js';
import { findingsJson, findingsText } from '../../src/report/findings.js';

const a: Finding = { ruleId: 'ING011', severity: 'high', message: 'a', location: { file: 'f.yaml', line: 3, column: 5 } };
const b: Finding = { ruleId: 'ING041', severity: 'medium', message: 'b', remediation: 'do x' };

test('findingsText groups: a title, its lines, its findings indented; findings in no group follow under "other"; one summary', () => {
  assert.equal(findingsText([a, b], { groups: [{ title: 'Ingress t75/x', lines: ['h → secret → cert'], findings: [a] }] }), [
    'Ingress t75/x',
    '  h → secret → cert',
    '  HIGH    ING011  a',
    '          at f.yaml:3:5',
    '',
    'other',
    '  MEDIUM  ING041  b',
    '          fix:',
    '            do x',
    '',
    '2 finding(s): 1 high, 1 medium',
    '',
  ].join('\n'));
});

test('findingsText without groups is unchanged; findingsJson puts the context before the findings', () => {
  assert.equal(findingsText([b]), 'MEDIUM  ING041  b\n        fix:\n          do x\n1 finding(s): 1 medium\n');
  assert.deepEqual(Object.keys(JSON.parse(findingsJson([a], { ingresses: [] })) as object), ['ingresses', 'findings']);
});
