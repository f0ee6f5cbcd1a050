import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { classificationTests } from './definitions.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';
import { checksOf, rke2Server, type Json } from './rke2-helpers.js';

/**
 * rke2-cis-1.8 on the RKE2 server fixture, told it runs 1.26 (kube-bench's RKE2 map: 1.26 -> rke2-cis-1.8);
 * the RKE2 layout and flags are those of the v1.25 fixture.
 */
const { rke2, check, withArg } = rke2Server('rke2-cis-1.8');
const CLIENT_CA = join(rke2, 'var', 'lib', 'rancher', 'rke2', 'agent', 'client-ca.crt');

test('bench --benchmark rke2-cis-1.8 --output json lists exactly kube-bench\'s rke2-cis-1.8 ids (test/fixtures/cis/ids/rke2-cis-1.8.txt)', async () => {
  const ran = await kubefort(['bench', '--benchmark', 'rke2-cis-1.8', '--output', 'json', '--root', rke2, '--targets', 'master,etcd,controlplane,node,policies']);
  assert.equal((JSON.parse(ran.out) as Json).benchmark, 'rke2-cis-1.8');
  assert.deepEqual(checksOf(ran.out).map((c) => c.id), kubeBenchIds('rke2-cis-1.8'));
});

test('an RKE2 server on Kubernetes 1.26 is judged by rke2-cis-1.8 (kube-bench\'s RKE2 map)', async () => {
  const ran = JSON.parse((await kubefort(['bench', '--root', rke2, '--k8s-version', 'v1.26.15+rke2r1', '--json', '--check', '1.2.1'])).out) as Json;
  assert.equal(ran.benchmark, 'rke2-cis-1.8');
  assert.match(ran.benchmarkReason, /-> rke2-cis-1\.8 \(kube-bench's rke2 map: 1\.26 -> rke2-cis-1\.8\); Kubernetes v1\.26\.15\+rke2r1 from --k8s-version$/);
});

/** [rule, id, automated, scored, test kind] — rke2-cis-1.8's classification where it differs from cis-1.8. */
const CLASSIFIED: [string, string, boolean, boolean, string][] = [
  ['1.1.7 etcd pod specification file is Manual (cis-1.8: Automated)', '1.1.7', false, false, 'file-mode'],
  ['1.1.21 PKI key files are Automated and scored (cis-1.8: Manual)', '1.1.21', true, true, 'file-mode'],
  ['1.2.1 --anonymous-auth is Automated and scored (cis-1.8: Manual)', '1.2.1', true, true, 'flag'],
  ['1.2.12 SecurityContextDeny: skipped by kube-bench, a look', '1.2.12', false, false, 'manual'],
  ['1.2.21 --request-timeout is Automated and scored', '1.2.21', true, true, 'manual'],
  ['1.2.28 --encryption-provider-config is Automated and scored', '1.2.28', true, true, 'flag'],
  ['1.2.29 encryption providers: skipped, Automated and scored', '1.2.29', true, true, 'manual'],
  ['1.2.30 API server ciphers are Automated and scored', '1.2.30', true, true, 'flag'],
  ['1.3.1 --terminated-pod-gc-threshold is Manual but scored', '1.3.1', false, true, 'flag'],
  ['2.7 unique etcd CA is Automated and scored; a look at etcd\'s --config-file', '2.7', true, true, 'manual'],
  ['3.2.1 --audit-policy-file is Automated, scored and judged', '3.2.1', true, true, 'flag'],
  ['4.1.3 proxy kubeconfig permissions are Automated and scored', '4.1.3', true, true, 'file-mode'],
  ['4.1.7 client CA file permissions are Automated and scored', '4.1.7', true, true, 'file-mode'],
  ['4.1.9 kubelet config file: skipped, titled Automated, unscored', '4.1.9', true, false, 'manual'],
  ['4.2.4 --read-only-port is Automated and scored', '4.2.4', true, true, 'kubelet'],
  ['4.2.5 --streaming-connection-idle-timeout is titled Automated, unscored', '4.2.5', true, false, 'kubelet'],
  ['4.2.7 --hostname-override: RKE2 sets it, a look', '4.2.7', false, false, 'manual'],
  ['5.2.3 is Manual and scored', '5.2.3', false, true, 'objects'],
  ['5.2.9 is Manual', '5.2.9', false, false, 'objects'],
];
classificationTests('rke2-cis-1.8', CLASSIFIED);

test('4.1.7: the client CA file at 644 FAILs rke2-cis-1.8 (scored) where rke2-cis-1.7 only WARNs; at 600 it PASSes', async () => {
  const failed = await check('4.1.7');
  assert.equal(failed.status, 'FAIL');
  assert.match(failed.reason, /client-ca\.crt has permissions 644, more open than 600/);
  assert.equal((await check('4.1.7', 'rke2-cis-1.7')).status, 'WARN');
  chmodSync(CLIENT_CA, 0o600);
  try {
    assert.equal((await check('4.1.7')).status, 'PASS');
  } finally {
    chmodSync(CLIENT_CA, 0o644);
  }
});

test('1.2.1 --anonymous-auth=true FAILs rke2-cis-1.8 (scored) where cis-1.8 only WARNs; =false PASSes', async () => {
  assert.equal((await check('1.2.1')).status, 'PASS');
  await withArg('1200', '--anonymous-auth=false', '--anonymous-auth=true', async () => {
    assert.equal((await check('1.2.1')).status, 'FAIL');
    assert.equal((await check('1.2.1', 'cis-1.8')).status, 'WARN');
  });
});

test('1.2.30: without --tls-cipher-suites the API server FAILs (scored); a list of strong suites PASSes', async () => {
  assert.equal((await check('1.2.30')).status, 'FAIL');
  await withArg('1200', '--secure-port=6443', '--secure-port=6443\0--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', async () => {
    assert.equal((await check('1.2.30')).status, 'PASS');
  });
});

test('4.2.4: --read-only-port=0 PASSes, 10255 FAILs rke2-cis-1.8 (scored) where cis-1.8 only WARNs', async () => {
  assert.equal((await check('4.2.4')).status, 'PASS');
  await withArg('900', '--read-only-port=0', '--read-only-port=10255', async () => {
    assert.equal((await check('4.2.4')).status, 'FAIL');
    assert.equal((await check('4.2.4', 'cis-1.8')).status, 'WARN');
  });
});
