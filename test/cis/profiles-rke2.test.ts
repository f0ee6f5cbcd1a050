import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { checkDef } from './definitions.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';

/** rke2-cis-1.23, a delta on rke2-cis-1.24, on the RKE2 server fixture (told it runs 1.23 with --k8s-version). */
const rke2 = materializeNodeFixture('rke2-1.24-server');
after(() => removeNodeFixture(rke2));
const ADMIN = join(rke2, 'var', 'lib', 'rancher', 'rke2', 'server', 'cred', 'admin.kubeconfig');

interface Check { id: string; status: string; reason: string }
interface Json { benchmark: string; benchmarkReason: string; controls: { groups: { checks: Check[] }[] }[] }
const checksOf = (out: string) => (JSON.parse(out) as Json).controls.flatMap((c) => c.groups.flatMap((g) => g.checks));

test('bench --benchmark rke2-cis-1.23 --output json lists exactly kube-bench\'s rke2-cis-1.23 ids', async () => {
  const expected = kubeBenchIds('rke2-cis-1.23');
  const ran = await kubefort(['bench', '--benchmark', 'rke2-cis-1.23', '--output', 'json', '--root', rke2, '--targets', 'master,etcd,controlplane,node,policies']);
  assert.deepEqual(checksOf(ran.out).map((c) => c.id), expected);
});

test('an RKE2 server on Kubernetes 1.23 is judged by rke2-cis-1.23; on 1.24 by rke2-cis-1.24', async () => {
  const on123 = JSON.parse((await kubefort(['bench', '--root', rke2, '--k8s-version', 'v1.23.17+rke2r1', '--json', '--check', '1.1.13'])).out) as Json;
  assert.equal(on123.benchmark, 'rke2-cis-1.23');
  assert.match(on123.benchmarkReason, /^platform rke2 server \(process rke2 server .*\) -> rke2-cis-1\.23 \(kube-bench's rke2 map: 1\.23 -> rke2-cis-1\.23\); Kubernetes v1\.23\.17\+rke2r1 from --k8s-version$/);
  const on124 = JSON.parse((await kubefort(['bench', '--root', rke2, '--json', '--check', '1.1.13'])).out) as Json;
  assert.equal(on124.benchmark, 'rke2-cis-1.24');
});

test('rke2-cis-1.23 1.1.13 accepts the admin kubeconfig at 644 (rke2-cis-1.24 asks 600) and FAILs it at 664', async () => {
  const status = async (name: string) => (checksOf((await kubefort(['bench', '--benchmark', name, '--root', rke2, '--check', '1.1.13', '--json'])).out)[0] as Check);
  chmodSync(ADMIN, 0o644);
  try {
    assert.equal((await status('rke2-cis-1.23')).status, 'PASS');
    assert.equal((await status('rke2-cis-1.24')).status, 'FAIL');
    chmodSync(ADMIN, 0o664);
    const bad = await status('rke2-cis-1.23');
    assert.equal(bad.status, 'FAIL');
    assert.match(bad.reason, /admin\.kubeconfig has permissions 664, more open than 644/);
  } finally {
    chmodSync(ADMIN, 0o600);
  }
});

test('rke2-cis-1.23 judges 4.2.12 (the kubelet\'s RotateKubeletServerCertificate gate) where rke2-cis-1.24 skips it, and keeps 5.2.3–5.2.8 Automated', () => {
  const of = checkDef;
  assert.equal(of('rke2-cis-1.23', '4.2.12')?.test.kind, 'kubelet');
  assert.equal(of('rke2-cis-1.24', '4.2.12')?.test.kind, 'manual');
  assert.deepEqual(['5.2.3', '5.2.8'].map((id) => of('rke2-cis-1.23', id)?.automated), [true, true]);
  assert.deepEqual(['5.2.3', '5.2.8'].map((id) => of('rke2-cis-1.24', id)?.automated), [false, false]);
});
