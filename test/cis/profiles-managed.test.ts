import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { benchmarkByName } from '../../src/cis/benchmarks/index.js';
import { checkDef } from './definitions.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';

/** The EKS and GKE benchmarks bundled as deltas (eks-1.5.0 / eks-1.8.0 on eks-1.7.0, gke-1.8.0 / gke-1.9.0 on gke-1.6.0). */
const eksNode = materializeNodeFixture('eks-node');
const gkeNode = materializeNodeFixture('gke-node');
after(() => {
  removeNodeFixture(eksNode);
  removeNodeFixture(gkeNode);
});
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'cis');
const ALL_TARGETS = 'master,controlplane,node,policies,managedservices';

interface Check { id: string; status: string; reason: string; automated: boolean; scored: boolean }
interface Json { benchmark: string; controls: { groups: { checks: Check[] }[] }[] }
const checksOf = (out: string) => (JSON.parse(out) as Json).controls.flatMap((c) => c.groups.flatMap((g) => g.checks));

for (const [name, root] of [['eks-1.5.0', eksNode], ['eks-1.8.0', eksNode], ['gke-1.8.0', gkeNode], ['gke-1.9.0', gkeNode]] as const) {
  test(`bench --benchmark ${name} --output json lists exactly kube-bench's ${name} ids (test/fixtures/cis/ids/${name}.txt)`, async () => {
    const ran = await kubefort(['bench', '--benchmark', name, '--output', 'json', '--root', root, '--targets', ALL_TARGETS]);
    assert.equal((JSON.parse(ran.out) as Json).benchmark, name);
    assert.deepEqual(checksOf(ran.out).map((c) => c.id), kubeBenchIds(name));
  });
}

/** [rule, benchmark, id, automated, scored] as kube-bench's cfg classifies them. */
const CLASSIFIED: [string, string, string, boolean, boolean][] = [
  ['eks-1.8.0 2.1.1 (control plane logs) became Manual', 'eks-1.8.0', '2.1.1', false, false],
  ['eks-1.7.0 2.1.1 was Automated', 'eks-1.7.0', '2.1.1', true, false],
  ['eks-1.8.0 scores 4.1.1 (kube-bench audits it with kubectl)', 'eks-1.8.0', '4.1.1', true, true],
  ['eks-1.8.0 4.1.9 create PersistentVolumes is Manual', 'eks-1.8.0', '4.1.9', false, false],
  ['eks-1.8.0 5.4.1 endpoint access became Manual', 'eks-1.8.0', '5.4.1', false, false],
  ['eks-1.5.0 4.1.7 is system:masters, Automated and unscored', 'eks-1.5.0', '4.1.7', true, false],
  ['eks-1.5.0 4.5.3 is the default namespace', 'eks-1.5.0', '4.5.3', true, false],
  ['gke-1.8.0 3.1.3 became Automated', 'gke-1.8.0', '3.1.3', true, true],
  ['gke-1.9.0 scores 4.6.4 the default namespace', 'gke-1.9.0', '4.6.4', true, true],
  ['gke-1.9.0 5.10.4 Security Posture became Automated', 'gke-1.9.0', '5.10.4', true, false],
  ['gke-1.8.0 5.10.4 Security Posture is Manual', 'gke-1.8.0', '5.10.4', false, false],
];
for (const [rule, name, id, automated, scored] of CLASSIFIED) {
  test(rule, () => {
    const check = checkDef(name, id);
    assert.deepEqual([check?.automated, check?.scored], [automated, scored]);
  });
}

test('eks-1.5.0 titles differ where the benchmark changed: 4.1.7 system:masters, 4.5.2 security context', () => {
  const checks = benchmarkByName('eks-1.5.0').controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  assert.match(checks.find((c) => c.id === '4.1.7')?.text ?? '', /system:masters/);
  assert.match(checks.find((c) => c.id === '4.5.2')?.text ?? '', /Security Context/);
  assert.equal(checks.find((c) => c.id === '4.5.2')?.test.kind, 'objects');
});

async function policies(benchmark: string, file: string, check: string): Promise<Check> {
  const ran = await kubefort(['bench', '--benchmark', benchmark, '--targets', 'policies', '--manifests', join(fixtures, 'managed-rbac', file), '--check', check, '--json']);
  return checksOf(ran.out)[0] as Check;
}

test('eks-1.8.0 4.1.9 WARNs a ClusterRole that may create persistentvolumes and PASSes one that only reads them', async () => {
  const bad = await policies('eks-1.8.0', 'pv-create.yaml', '4.1.9');
  assert.equal(bad.status, 'WARN');
  assert.match(bad.reason, /ClusterRole storage-provisioner rule 0 grants create on persistentvolumes \(.*pv-create\.yaml:\d+:\d+\)/);
  assert.equal((await policies('eks-1.8.0', 'pv-read.yaml', '4.1.9')).status, 'PASS');
});

test('a cluster-admin binding to a user FAILs eks-1.8.0 4.1.1 (scored) and only WARNs eks-1.7.0 4.1.1 (unscored)', async () => {
  assert.equal((await policies('eks-1.8.0', 'pv-create.yaml', '4.1.1')).status, 'FAIL');
  assert.equal((await policies('eks-1.7.0', 'pv-create.yaml', '4.1.1')).status, 'WARN');
  assert.equal((await policies('eks-1.8.0', 'pv-read.yaml', '4.1.1')).status, 'PASS');
});

test('gke-1.8.0 3.1.3 accepts the kubelet config at 644 (gke-1.6.0 asks 600) and FAILs it group-writable', async () => {
  const file = join(gkeNode, 'home', 'kubernetes', 'kubelet-config.yaml');
  const run = async (name: string) => checksOf((await kubefort(['bench', '--benchmark', name, '--root', gkeNode, '--targets', 'node', '--check', '3.1.3', '--json'])).out)[0] as Check;
  chmodSync(file, 0o644);
  assert.equal((await run('gke-1.8.0')).status, 'PASS');
  assert.equal((await run('gke-1.6.0')).status, 'FAIL');
  chmodSync(file, 0o664);
  try {
    const bad = await run('gke-1.8.0');
    assert.equal(bad.status, 'FAIL');
    assert.match(bad.reason, /kubelet-config\.yaml has permissions 664/);
  } finally {
    chmodSync(file, 0o644);
  }
});

test('gke-1.8.0 has no kubelet group: the GKE benchmark dropped 3.2 (GKE sets the kubelet from the node pool)', () => {
  const groups = benchmarkByName('gke-1.8.0').controls.flatMap((c) => c.groups.map((g) => g.id));
  assert.ok(!groups.includes('3.2'));
  assert.ok(groups.includes('3.1'));
});
