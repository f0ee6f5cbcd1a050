import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../src/domain/finding.js';
import { compareNamespaced } from '../../src/domain/order.js';
import { sortFindings } from '../../src/report/findings.js';

const f = (ruleId: string, severity: Finding['severity'], file: string, line: number, subject: string, message = 'm'): Finding =>
  ({ ruleId, severity, subject, message, location: { file, line } });

test('findings of every area: severity, rule, file:line, object, message', () => {
  const sorted = sortFindings([
    f('NP002', 'medium', 'a.yaml', 1, 'a'),
    f('NP001', 'medium', 'b.yaml', 9, 'a'),
    f('NP001', 'medium', 'a.yaml', 40, 'a'),
    f('NP001', 'medium', 'a.yaml', 3, 'z'),
    f('NP001', 'medium', 'a.yaml', 3, 'b', 'y'),
    f('NP001', 'medium', 'a.yaml', 3, 'b', 'x'),
    f('NP009', 'high', 'z.yaml', 1, 'z'),
  ]);
  assert.deepEqual(sorted.map((x) => `${x.ruleId} ${x.location?.file}:${x.location?.line} ${x.subject} ${x.message}`), [
    'NP009 z.yaml:1 z m',
    'NP001 a.yaml:3 b x',
    'NP001 a.yaml:3 b y',
    'NP001 a.yaml:3 z m',
    'NP001 a.yaml:40 a m',
    'NP001 b.yaml:9 a m',
    'NP002 a.yaml:1 a m',
  ]);
});

test('text by code unit, not locale: upper case before lower case, "-" before letters', () => {
  const sorted = sortFindings([f('R', 'low', 'x', 1, 'b'), f('R', 'low', 'x', 1, 'B'), f('R', 'low', 'x', 1, '-a')]);
  assert.deepEqual(sorted.map((x) => x.subject), ['-a', 'B', 'b']);
});

test('objects by namespace, then name: a namespace that is a prefix of another comes first', () => {
  const objects = [{ namespace: 'shop-eu', name: 'a' }, { namespace: 'shop', name: 'web' }, { namespace: 'shop', name: 'api' }];
  assert.deepEqual(objects.sort(compareNamespaced).map((o) => `${o.namespace}/${o.name}`), ['shop/api', 'shop/web', 'shop-eu/a']);
});
