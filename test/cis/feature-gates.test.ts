import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCheck } from '../../src/cis/evaluate.js';
import { CIS_1_12 } from '../../src/cis/benchmarks/cis-1.12/index.js';
import { CIS_2_0 } from '../../src/cis/benchmarks/cis-2.0/index.js';
import type { CheckDef } from '../../src/cis/model.js';
import { kubeletFacts, nodeFacts, running, component } from './builders.js';

const byId = (benchmark: typeof CIS_1_12, id: string) => benchmark.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).find((c) => c.id === id) as CheckDef;

/** [rule, controller-manager args, status] — 1.3.6 reads --feature-gates as component-base does (Go ParseBool). */
const CM: [string, string[], string][] = [
  ['absent: the gate defaults to true', [], 'PASS'],
  ['=False (ParseBool) disables it', ['--feature-gates=RotateKubeletServerCertificate=False'], 'FAIL'],
  ['=0 disables it', ['--feature-gates=RotateKubeletServerCertificate=0'], 'FAIL'],
  ['=FALSE among other gates disables it', ['--feature-gates=A=true,RotateKubeletServerCertificate=FALSE'], 'FAIL'],
  ['=true enables it', ['--feature-gates=RotateKubeletServerCertificate=true'], 'PASS'],
  ['a value that is not a Go bool never passes', ['--feature-gates=RotateKubeletServerCertificate=yes'], 'FAIL'],
  ['repeated flags add up: a later flag disabling it wins', ['--feature-gates=RotateKubeletServerCertificate=true', '--feature-gates=Other=true,RotateKubeletServerCertificate=f'], 'FAIL'],
  ['repeated flags add up: another gate later leaves it false', ['--feature-gates=RotateKubeletServerCertificate=false', '--feature-gates=Other=true'], 'FAIL'],
];
for (const benchmark of [CIS_1_12, CIS_2_0]) {
  for (const [rule, args, status] of CM) {
    test(`${benchmark.name} 1.3.6 --feature-gates: ${rule}`, () => {
      const result = evaluateCheck(byId(benchmark, '1.3.6'), running('kube-controller-manager', args));
      assert.equal(result.status, status, result.reason);
    });
  }
}

test('4.2.11: a kubelet --feature-gates value ParseBool rejects is never a PASS (the collector leaves it out)', () => {
  const facts = kubeletFacts({ featureGates: { RotateKubeletServerCertificate: true } }, { 'featureGates.RotateKubeletServerCertificate': 'default' });
  const kubelet = component('kubelet', ['--feature-gates=RotateKubeletServerCertificate=maybe']);
  const result = evaluateCheck(byId(CIS_1_12, '4.2.11'), { ...facts, components: { ...facts.components, kubelet } });
  assert.notEqual(result.status, 'PASS');
  assert.match(result.reason, /not a Go boolean/);
});

test('4.2.11: a config file gate that is not a YAML boolean is never a PASS', () => {
  const result = evaluateCheck(byId(CIS_1_12, '4.2.11'), kubeletFacts({ featureGates: { RotateKubeletServerCertificate: 'banana' } }, { 'featureGates.RotateKubeletServerCertificate': 'config-file' }));
  assert.notEqual(result.status, 'PASS');
  assert.match(result.reason, /not a boolean/);
  assert.equal(evaluateCheck(byId(CIS_1_12, '4.2.11'), kubeletFacts({ featureGates: { RotateKubeletServerCertificate: false } }, { 'featureGates.RotateKubeletServerCertificate': 'config-file' })).status, 'WARN');
  assert.equal(evaluateCheck(byId(CIS_1_12, '4.2.11'), kubeletFacts({ featureGates: { RotateKubeletServerCertificate: true } })).status, 'PASS');
  assert.ok(nodeFacts());
});
