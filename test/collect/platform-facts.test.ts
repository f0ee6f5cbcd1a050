import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, mock, test } from 'node:test';
import { collectNodeFacts } from '../../src/collect/node/index.js';
import { NodeFs } from '../../src/collect/node/node-fs.js';
import { detectPlatform } from '../../src/collect/node/platform.js';
import { platformOf } from '../../src/cis/profiles/index.js';
import type { NodeFacts } from '../../src/domain/node-facts.js';
import { kubefort } from '../helpers/cli.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * NodeFacts.platform is detected from the processes the collector already read (no second pass over
 * /proc/<pid>/cmdline). Every node fixture: [fixture, platform, role, evidence], as detectPlatform finds it
 * reading the node itself, which is what bench used before the facts carried it.
 */
const TABLE: [string, string | undefined, 'server' | 'agent' | undefined, string[]][] = [
  ['aks-node', 'aks', undefined, ['/opt/azure/containers']],
  ['broken-manifest', 'kubeadm', undefined, ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/kubeadm-flags.env']],
  ['controlplane-no-etcd-user', 'kubeadm', undefined, ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/kubeadm-flags.env']],
  ['eks-node', 'eks', undefined, ['/etc/eks/bootstrap.sh', '/etc/kubernetes/kubelet/kubelet-config.json']],
  ['etcd-systemd-environ', undefined, undefined, []],
  ['gke-node', 'gke', undefined, ['/home/kubernetes/kubelet-config.yaml', '/home/kubernetes/bin/kubelet']],
  ['kubeadm-1.23-controlplane', 'kubeadm', undefined, ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/kubeadm-flags.env']],
  ['kubeadm-1.32-controlplane', 'kubeadm', undefined, ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/kubeadm-flags.env']],
  ['kubeadm-1.32-hardened', 'kubeadm', undefined, ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/kubeadm-flags.env']],
  ['manifests-only', 'kubeadm', undefined, ['/etc/kubernetes/manifests/kube-apiserver.yaml', '/var/lib/kubelet/kubeadm-flags.env']],
  ['rke2-1.24-server', 'rke2', 'server', ['process rke2 server (/proc/700/cmdline)', '/etc/rancher/rke2/config.yaml', '/var/lib/rancher/rke2/agent/pod-manifests', '/var/lib/rancher/rke2/server']],
  ['worker-config-dir', 'kubeadm', undefined, ['/var/lib/kubelet/kubeadm-flags.env']],
  ['worker-custom-json-config', undefined, undefined, []],
];
const roots = new Map<string, string>();
after(() => { for (const root of roots.values()) removeNodeFixture(root); });
function rootOf(fixture: string): string {
  const root = roots.get(fixture) ?? materializeNodeFixture(fixture);
  roots.set(fixture, root);
  return root;
}
const now = new Date('2026-12-01T10:00:00Z');

for (const [fixture, platform, role, evidence] of TABLE) {
  test(`the ${fixture} node's facts record platform ${platform ?? '(none)'}${role ? ` ${role}` : ''}, exactly as detection on the node finds it`, () => {
    const root = rootOf(fixture);
    const facts = collectNodeFacts({ root, now });
    const expected = { ...(platform === undefined ? {} : { platform }), ...(role === undefined ? {} : { role }), evidence };
    assert.deepEqual(facts.platform, expected);
    assert.deepEqual(facts.platform, detectPlatform(new NodeFs(root)), 'the same as reading /proc again');
  });
}

test('a collection reads each /proc/<pid>/cmdline once: the platform comes from the processes already read', () => {
  const root = rootOf('rke2-1.24-server');
  const readText = mock.method(NodeFs.prototype, 'readText');
  try {
    const facts = collectNodeFacts({ root, now });
    assert.equal(facts.platform?.platform, 'rke2');
    const cmdlines = readText.mock.calls.map((c) => String(c.arguments[0])).filter((p) => /^\/proc\/\d+\/cmdline$/.test(p));
    assert.deepEqual(cmdlines, ['/proc/700', '/proc/810', '/proc/900', '/proc/1100', '/proc/1200', '/proc/1201', '/proc/1202'].map((p) => `${p}/cmdline`));
  } finally {
    readText.mock.restore();
  }
});

test('bench --root reads each cmdline once and still picks rke2-cis-1.24 from the process', async () => {
  const root = rootOf('rke2-1.24-server');
  const readText = mock.method(NodeFs.prototype, 'readText');
  try {
    const ran = await kubefort(['bench', '--root', root, '--json', '--check', '1.1.1']);
    const json = JSON.parse(ran.out) as { benchmark: string; benchmarkReason: string };
    assert.equal(json.benchmark, 'rke2-cis-1.24');
    assert.match(json.benchmarkReason, /^platform rke2 server \(process rke2 server \(\/proc\/700\/cmdline\), /);
    const reads = readText.mock.calls.map((c) => String(c.arguments[0])).filter((p) => /^\/proc\/\d+\/cmdline$/.test(p));
    assert.ok(reads.length >= 7, `the processes' cmdlines were read through NodeFs: ${reads.join(', ')}`);
    assert.equal(reads.length, new Set(reads).size, `each once: ${reads.join(', ')}`);
  } finally {
    readText.mock.restore();
  }
});

/** Saves facts as `kubefort collect` writes them, after `edit`, and runs `bench --facts` on them. */
async function benchFacts(fixture: string, edit: (facts: Record<string, unknown>) => void, check = '1.1.1'): Promise<{ benchmark: string; benchmarkReason: string }> {
  const collected = await kubefort(['collect', '--root', rootOf(fixture)]);
  assert.equal(collected.code, 0, collected.err);
  const facts = JSON.parse(collected.out) as Record<string, unknown>;
  edit(facts);
  const file = join(tempDir('platform-facts'), 'facts.json');
  writeFileSync(file, JSON.stringify(facts));
  const ran = await kubefort(['bench', '--facts', file, '--json', '--check', check]);
  assert.ok(ran.out !== '', ran.err);
  return JSON.parse(ran.out) as { benchmark: string; benchmarkReason: string };
}

test('bench --facts uses the platform the facts record (the process, out of reach of saved facts before)', async () => {
  const json = await benchFacts('rke2-1.24-server', () => undefined);
  assert.equal(json.benchmark, 'rke2-cis-1.24');
  assert.match(json.benchmarkReason, /^platform rke2 server \(process rke2 server \(\/proc\/700\/cmdline\), /);
  // AKS shows itself only by a path the facts do not otherwise hold: the recorded platform carries it.
  const aks = await benchFacts('aks-node', () => undefined, '3.1.1');
  assert.equal(aks.benchmark, 'aks-1.8');
  assert.match(aks.benchmarkReason, /^platform aks \(\/opt\/azure\/containers\) -> aks-1\.8/);
});

test('bench --facts on facts saved before the field existed falls back to the paths in the facts', async () => {
  const json = await benchFacts('rke2-1.24-server', (facts) => { delete facts.platform; });
  assert.equal(json.benchmark, 'rke2-cis-1.24');
  assert.match(json.benchmarkReason, /^platform rke2 \(\/var\/lib\/rancher\/rke2\//);
  // A platform name this version does not know is ignored the same way, not trusted and not an error.
  const unknown = await benchFacts('rke2-1.24-server', (facts) => { facts.platform = { platform: 'some-future-distro', evidence: ['x'] }; });
  assert.equal(unknown.benchmark, 'rke2-cis-1.24');
  assert.match(unknown.benchmarkReason, /^platform rke2 \(\/var\/lib\/rancher\/rke2\//);
});

test('platformOf prefers the recorded platform; without one it reads the node (facts built by hand, --root given)', () => {
  const root = rootOf('eks-node');
  const facts = collectNodeFacts({ root, now });
  assert.equal(platformOf({ facts, root }).platform, 'eks');
  const { platform: _dropped, ...older } = facts;
  assert.deepEqual(platformOf({ facts: older as NodeFacts, root }), detectPlatform(new NodeFs(root)));
  const recorded: NodeFacts = { ...facts, platform: { platform: 'gke', evidence: ['/home/kubernetes/kubelet-config.yaml'] } };
  assert.equal(platformOf({ facts: recorded, root }).platform, 'gke', 'the facts are what the node showed when collected');
});
