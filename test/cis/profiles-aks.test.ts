import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectNodeFacts } from '../../src/collect/node/index.js';
import { NodeFs } from '../../src/collect/node/node-fs.js';
import { detectPlatform } from '../../src/collect/node/platform.js';
import { loadObjects } from '../../src/collect/objects.js';
import { platformFromLabels } from '../../src/cis/profiles/index.js';
import { materializeNodeFixture, removeNodeFixture, writeNodeRoot } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';

/** AKS nodes: kubelet flags from /etc/default/kubelet (expanded into its command line), --config, azure.json. */
const aks = materializeNodeFixture('aks-node');
const kubeadm = materializeNodeFixture('kubeadm-1.32-controlplane');
const azureKubeadm = writeNodeRoot({
  '/etc/kubernetes/manifests/kube-apiserver.yaml': readFileSync(join(kubeadm, 'etc/kubernetes/manifests/kube-apiserver.yaml'), 'utf8'),
  '/etc/kubernetes/azure.json': '{"cloud": "AzurePublicCloud", "useManagedIdentityExtension": true}\n',
}, 'azure-kubeadm');
after(() => {
  for (const root of [aks, kubeadm, azureKubeadm]) removeNodeFixture(root);
});
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'cis');
const CMDLINE = join(aks, 'proc', '3127', 'cmdline');
const AZURE_JSON = join(aks, 'etc', 'kubernetes', 'azure.json');

interface Check { id: string; status: string; reason: string }
interface Json { benchmark: string; benchmarkReason: string; targets: string[]; controls: { groups: { checks: Check[] }[] }[] }
const checksOf = (out: string) => (JSON.parse(out) as Json).controls.flatMap((c) => c.groups.flatMap((g) => g.checks));

async function bench(args: string[]): Promise<{ json: Json; check: (id: string) => Check }> {
  const ran = await kubefort(['bench', '--root', aks, '--k8s-version', 'v1.32.4', '--json', ...args]);
  const json = JSON.parse(ran.out) as Json;
  return { json, check: (id) => checksOf(ran.out).find((c) => c.id === id) as Check };
}

for (const name of ['aks-1.7', 'aks-1.8']) {
  test(`bench --benchmark ${name} --output json lists exactly kube-bench's ${name} ids (test/fixtures/cis/ids/${name}.txt)`, async () => {
    const ran = await kubefort(['bench', '--benchmark', name, '--output', 'json', '--root', aks, '--targets', 'master,controlplane,node,policies,managedservices']);
    assert.equal((JSON.parse(ran.out) as Json).benchmark, name);
    assert.deepEqual(checksOf(ran.out).map((c) => c.id), kubeBenchIds(name));
  });
}

test('an AKS node is told apart by /opt/azure/containers (its provisioning scripts) and judged by aks-1.8 on 1.32 (kube-bench\'s AKS default), aks-1.7 on 1.29–1.31', async () => {
  assert.deepEqual(detectPlatform(new NodeFs(aks)), { platform: 'aks', evidence: ['/opt/azure/containers'] });
  const run = await bench([]);
  assert.equal(run.json.benchmark, 'aks-1.8');
  assert.deepEqual(run.json.targets, ['controlplane', 'node', 'managedservices']);
  assert.match(run.json.benchmarkReason, /^platform aks \(\/opt\/azure\/containers\) -> aks-1\.8 \(kube-bench's aks default for 1\.32 is aks-1\.8\); Kubernetes v1\.32\.4 from --k8s-version$/);
  const on130 = JSON.parse((await kubefort(['bench', '--root', aks, '--k8s-version', 'v1.30.6', '--json', '--check', '3.2.1'])).out) as Json;
  assert.equal(on130.benchmark, 'aks-1.7');
  assert.match(on130.benchmarkReason, /-> aks-1\.7 \(kube-bench's aks map: 1\.30 -> aks-1\.7\); Kubernetes v1\.30\.6 from --k8s-version$/);
});

test('a kubeadm node on Azure (azure.json, no AKS provisioning) stays kubeadm', () => {
  assert.equal(detectPlatform(new NodeFs(azureKubeadm)).platform, 'kubeadm');
});

test('Node labels name AKS (kubernetes.azure.com/cluster) when the node itself is not read', () => {
  const found = platformFromLabels(loadObjects([join(fixtures, 'platform-nodes', 'aks-nodes.yaml')]).objects);
  assert.equal(found.platform, 'aks');
  assert.match(found.evidence[0] ?? '', /^label kubernetes\.azure\.com\/cluster=MC_rg-demo_aks-demo_westeurope on Node aks-nodepool1-12345678-vmss000000 \(.*aks-nodes\.yaml:\d+\)$/);
});

test('azure.json is collected only where it exists (the kubeadm fixture has no azure-json entry)', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  assert.deepEqual(collectNodeFacts({ root: aks, now }).files['azure-json']?.map((f) => [f.path, f.mode]), [['/etc/kubernetes/azure.json', 0o644]]);
  assert.equal(collectNodeFacts({ root: kubeadm, now }).files['azure-json'], undefined);
});

test('3.1.3 PASSes azure.json at 644 and FAILs it world-writable', async () => {
  assert.equal((await bench(['--check', '3.1.3'])).check('3.1.3').status, 'PASS');
  chmodSync(AZURE_JSON, 0o666);
  try {
    const bad = (await bench(['--check', '3.1.3'])).check('3.1.3');
    assert.equal(bad.status, 'FAIL');
    assert.match(bad.reason, /^\/etc\/kubernetes\/azure\.json has permissions 666, more open than 644/);
  } finally {
    chmodSync(AZURE_JSON, 0o644);
  }
});

test('3.1.1 PASSes the kubelet kubeconfig at 600 (AKS writes it so)', async () => {
  assert.match((await bench(['--check', '3.1.1'])).check('3.1.1').reason, /^\/var\/lib\/kubelet\/kubeconfig has permissions 600/);
});

test('the kubelet is judged from the flags /etc/default/kubelet put on its command line: --read-only-port=10255 there FAILs 3.2.4 although the config file says 0', async () => {
  const good = await bench(['--check', '3.2.4,3.2.7']);
  assert.deepEqual(['3.2.4', '3.2.7'].map((id) => good.check(id).status), ['PASS', 'PASS']);
  const original = readFileSync(CMDLINE);
  writeFileSync(CMDLINE, original.toString('latin1').replace('--read-only-port=0', '--read-only-port=10255'), 'latin1');
  try {
    const bad = (await bench(['--check', '3.2.4'])).check('3.2.4');
    assert.equal(bad.status, 'FAIL');
    assert.match(bad.reason, /readOnlyPort \(--read-only-port\) is 10255 \(flag \/proc\/3127\/cmdline/);
  } finally {
    writeFileSync(CMDLINE, original);
  }
});

test('aks-1.8 4.1.8 WARNs a ClusterRole that may create persistentvolumes and PASSes a read-only one', async () => {
  const run = async (file: string) => checksOf((await kubefort(['bench', '--benchmark', 'aks-1.8', '--targets', 'policies', '--manifests', join(fixtures, 'managed-rbac', file), '--check', '4.1.8', '--json'])).out)[0] as Check;
  assert.equal((await run('pv-create.yaml')).status, 'WARN');
  assert.equal((await run('pv-read.yaml')).status, 'PASS');
});
