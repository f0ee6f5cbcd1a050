import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { editKubeletConfig, removeKubeletFlag } from '../../src/fix/edit-kubelet.js';
import { editManifest } from '../../src/fix/edit-manifest.js';
import { FixRefusedError } from '../../src/fix/errors.js';
import { validateManifest } from '../../src/validate/manifest.js';
import { seeded as random } from '../fuzz/yaml-mutations.js';

const MANIFEST = readFileSync('test/fixtures/cis/kubeadm-1.32-controlplane/etc/kubernetes/manifests/kube-apiserver.yaml', 'utf8');
const CONFIG = readFileSync('test/fixtures/cis/kubeadm-1.32-controlplane/var/lib/kubelet/config.yaml', 'utf8');
const JSON_CONFIG = readFileSync('test/fixtures/cis/worker-custom-json-config/etc/custom/kubelet.json', 'utf8');
const PIECES = [' ', '\n', '-', ':', '#', '"', "'", '{', '}', '[', ']', '&a', '*a', '!!', '|', '>', '=', '--x', '\t', ' - '];

function mutate(text: string, next: () => number): string {
  let out = text;
  for (let n = 1 + Math.floor(next() * 4); n > 0; n--) {
    const at = Math.floor(next() * out.length);
    const piece = PIECES[Math.floor(next() * PIECES.length)] ?? ' ';
    const cut = Math.floor(next() * 3);
    out = out.slice(0, at) + (next() < 0.7 ? piece : '') + out.slice(at + cut);
  }
  return out;
}

const refusedOrDone = (work: () => unknown): void => {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof FixRefusedError, `unexpected ${String(error)}`);
  }
};

test('hostile manifests: validation always returns findings, edits either succeed or refuse with a clear error', () => {
  const next = random(11);
  for (let i = 0; i < 400; i++) {
    const text = mutate(MANIFEST, next);
    const findings = validateManifest({ text, file: '/m.yaml', component: 'kube-apiserver', minor: 32, exists: () => true });
    assert.ok(Array.isArray(findings));
    for (const f of findings) assert.ok(f.message.split('\n').length === 1, 'one-line messages');
    refusedOrDone(() => editManifest(text, '/m.yaml', 'kube-apiserver', [{ kind: 'flag-set', file: '/m.yaml', component: 'kube-apiserver', flag: '--profiling', value: 'false' }], 32));
  }
});

test('hostile kubelet configs and env files: edits succeed or refuse, never crash', () => {
  const next = random(7);
  for (let i = 0; i < 300; i++) {
    refusedOrDone(() => editKubeletConfig(mutate(CONFIG, next), '/c.yaml', [{ field: 'authentication.anonymous.enabled', value: false }]));
    refusedOrDone(() => editKubeletConfig(mutate(JSON_CONFIG, next), '/c.json', [{ field: 'readOnlyPort', value: 0 }]));
    const env = mutate('KUBELET_KUBEADM_ARGS="--read-only-port=10255 --container-runtime-endpoint=unix:///run/containerd.sock"\n', next);
    assert.equal(typeof removeKubeletFlag(env, '--read-only-port').text, 'string');
  }
});

test('an alias bomb or a deeply nested manifest is bounded and reported, not a crash', () => {
  const bomb = `apiVersion: v1\nkind: Pod\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}\n`;
  for (const text of [bomb, deep]) {
    const findings = validateManifest({ text, file: '/m.yaml', component: 'kube-apiserver', minor: 32, exists: () => true });
    assert.equal(findings[0]?.ruleId, 'MV000');
  }
});
