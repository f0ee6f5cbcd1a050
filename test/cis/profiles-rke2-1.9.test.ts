import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classificationTests } from './definitions.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';
import { checksOf, rke2Server, type Json } from './rke2-helpers.js';

/**
 * rke2-cis-1.9 on the RKE2 server fixture, told it runs 1.27–1.29 (kube-bench's RKE2 map) or later (its
 * default); the RKE2 layout and flags are those of the v1.25 fixture.
 */
const { rke2, check, withArg } = rke2Server('rke2-cis-1.9');

test('bench --benchmark rke2-cis-1.9 --output json lists exactly kube-bench\'s rke2-cis-1.9 ids (test/fixtures/cis/ids/rke2-cis-1.9.txt)', async () => {
  const ran = await kubefort(['bench', '--benchmark', 'rke2-cis-1.9', '--output', 'json', '--root', rke2, '--targets', 'master,etcd,controlplane,node,policies']);
  assert.equal((JSON.parse(ran.out) as Json).benchmark, 'rke2-cis-1.9');
  assert.deepEqual(checksOf(ran.out).map((c) => c.id), kubeBenchIds('rke2-cis-1.9'));
});

for (const [version, entry] of [['v1.27.16+rke2r2', /kube-bench's rke2 map: 1\.27 -> rke2-cis-1\.9/], ['v1.29.9+rke2r1', /kube-bench's rke2 map: 1\.29 -> rke2-cis-1\.9/], ['v1.31.4+rke2r1', /kube-bench's rke2 default for 1\.31 is rke2-cis-1\.9/]] as const) {
  test(`an RKE2 server on ${version} is judged by rke2-cis-1.9 (${entry.source.replace(/\\/g, '')})`, async () => {
    const ran = JSON.parse((await kubefort(['bench', '--root', rke2, '--k8s-version', version, '--json', '--check', '1.2.1'])).out) as Json;
    assert.equal(ran.benchmark, 'rke2-cis-1.9');
    assert.match(ran.benchmarkReason, entry);
  });
}

/** [rule, id, automated, scored, test kind] — rke2-cis-1.9's classification where it differs from cis-1.9. */
const CLASSIFIED: [string, string, boolean, boolean, string][] = [
  ['1.1.7 etcd pod specification file is Manual (cis-1.9: Automated)', '1.1.7', false, false, 'file-mode'],
  ['1.1.11 etcd data directory permissions are Manual', '1.1.11', false, false, 'file-mode'],
  ['1.1.12 etcd data directory owner is Manual', '1.1.12', false, false, 'file-owner'],
  ['1.1.21 PKI key files are Automated and scored', '1.1.21', true, true, 'file-mode'],
  ['1.2.1 --anonymous-auth is Automated and scored', '1.2.1', true, true, 'flag'],
  ['1.2.20 --request-timeout is Automated and scored', '1.2.20', true, true, 'manual'],
  ['1.2.29 API server ciphers are Automated and scored', '1.2.29', true, true, 'flag'],
  ['2.4 etcd peer TLS is a look at etcd\'s --config-file', '2.4', true, true, 'manual'],
  ['2.7 unique etcd CA is Automated and scored', '2.7', true, true, 'manual'],
  ['3.2.1 --audit-policy-file is Automated, scored and judged', '3.2.1', true, true, 'flag'],
  ['4.1.8 client CA file owner is Automated and scored', '4.1.8', true, true, 'file-owner'],
  ['4.1.10 kubelet config file owner: skipped by kube-bench, a look', '4.1.10', true, true, 'manual'],
  ['4.2.7 --hostname-override: skipped, titled Automated and scored', '4.2.7', true, true, 'manual'],
  ['4.2.9 kubelet TLS certificate and key are Automated and scored', '4.2.9', true, true, 'kubelet'],
  ['4.2.11 RotateKubeletServerCertificate is Automated and scored', '4.2.11', true, true, 'kubelet'],
  ['5.1.2 secrets access: skipped by kube-bench, judged here from objects, scored', '5.1.2', true, true, 'objects'],
  ['5.1.6 service account token mounts are Automated and scored', '5.1.6', true, true, 'objects'],
  ['5.2.3 stays Manual', '5.2.3', false, false, 'objects'],
];
classificationTests('rke2-cis-1.9', CLASSIFIED);

test('4.2.9: the RKE2 kubelet\'s serving certificate and key PASS; without --tls-cert-file it FAILs (scored) where cis-1.9 only WARNs', async () => {
  assert.equal((await check('4.2.9')).status, 'PASS');
  await withArg('900', '--tls-cert-file=/var/lib/rancher/rke2/agent/serving-kubelet.crt', '--node-labels=', async () => {
    assert.equal((await check('4.2.9')).status, 'FAIL');
    assert.equal((await check('4.2.9', 'cis-1.9')).status, 'WARN');
  });
});

test('4.2.11: the kubelet\'s default gate PASSes; RotateKubeletServerCertificate=false FAILs (scored) where cis-1.9 only WARNs', async () => {
  assert.equal((await check('4.2.11')).status, 'PASS');
  await withArg('900', '--read-only-port=0', '--read-only-port=0\0--feature-gates=RotateKubeletServerCertificate=false', async () => {
    assert.equal((await check('4.2.11')).status, 'FAIL');
    assert.equal((await check('4.2.11', 'cis-1.9')).status, 'WARN');
  });
});
