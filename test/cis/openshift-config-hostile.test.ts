import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadObjects } from '../../src/collect/objects.js';
import { componentConfig } from '../../src/cis/openshift/config.js';
import { judgeOpenShift } from '../../src/cis/openshift/judge.js';
import type { NodeFacts } from '../../src/domain/node-facts.js';
import { tempDir } from '../helpers/tmp.js';
import { kubefort } from '../helpers/cli.js';

/** The config.yaml embedded in an OpenShift ConfigMap is input like any other: bounded, and never trusted. */
const dir = tempDir('openshift-config');
function configMap(name: string, configYaml: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n  namespace: openshift-kube-apiserver\ndata:\n  config.yaml: ${JSON.stringify(configYaml)}\n`);
  return path;
}
const noNode: NodeFacts = { schemaVersion: 1, root: '-', collectedAt: '2026-12-01T10:00:00Z', kubernetesVersion: { source: 'not detected' }, components: {}, files: {}, warnings: [] };

test('an alias bomb in config.yaml is refused by the loader\'s bounds: the check WARNs "not evaluated", naming it', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`), 'apiServerArguments: {authorization-mode: *j}'].join('\n');
  const objects = loadObjects([configMap('bomb', bomb)]).objects;
  const read = componentConfig(objects, 'kube-apiserver');
  assert.equal(read.ok, false);
  assert.match(read.ok ? '' : read.why, /^not evaluated: ConfigMap openshift-kube-apiserver\/config \(.*bomb\.yaml:\d+:\d+\): its config\.yaml cannot be read: .*alias/i);
});

test('config.yaml that is a list, a scalar or has apiServerArguments of the wrong type is never a PASS', () => {
  for (const [name, text] of [['list', '- a\n- b\n'], ['scalar', 'just text'], ['wrong-type', '{"apiServerArguments": "authorization-mode=RBAC"}'], ['numbers', '{"apiServerArguments": {"authorization-mode": [1, 2]}}']] as const) {
    const objects = loadObjects([configMap(name, text)]).objects;
    const outcome = judgeOpenShift({ rule: 'args', all: [{ component: 'kube-apiserver', arg: 'authorization-mode', expect: { has: 'RBAC' } }] }, noNode, objects);
    assert.notEqual(outcome.verdict, 'pass', `${name}: ${outcome.reason}`);
  }
});

test('a ConfigMap named config in another namespace is not the API server\'s', async () => {
  const path = join(dir, 'elsewhere.yaml');
  writeFileSync(path, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n  namespace: my-app\ndata:\n  config.yaml: \'{"apiServerArguments":{"authorization-mode":["RBAC"]}}\'\n');
  const ran = await kubefort(['bench', '--benchmark', 'rh-1.8', '--manifests', path, '--check', '1.2.6', '--json']);
  const check = (JSON.parse(ran.out) as { controls: { groups: { checks: { status: string; reason: string }[] }[] }[] }).controls[0]?.groups[0]?.checks[0];
  assert.equal(check?.status, 'WARN');
  assert.match(check?.reason ?? '', /^not evaluated: needs ConfigMap openshift-kube-apiserver\/config/);
});
