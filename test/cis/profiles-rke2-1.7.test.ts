import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDef, classificationTests } from './definitions.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';
import { checksOf, rke2Server, type Json } from './rke2-helpers.js';

/** rke2-cis-1.7 on an RKE2 v1.25.12 server (test/fixtures/cis/rke2-1.25-server: static pod manifests 0600). */
const { rke2, check, withArg } = rke2Server();
const MANIFESTS = join(rke2, 'var', 'lib', 'rancher', 'rke2', 'agent', 'pod-manifests');

test('bench --benchmark rke2-cis-1.7 --output json lists exactly kube-bench\'s rke2-cis-1.7 ids (test/fixtures/cis/ids/rke2-cis-1.7.txt)', async () => {
  const ran = await kubefort(['bench', '--benchmark', 'rke2-cis-1.7', '--output', 'json', '--root', rke2, '--targets', 'master,etcd,controlplane,node,policies']);
  assert.equal((JSON.parse(ran.out) as Json).benchmark, 'rke2-cis-1.7');
  assert.deepEqual(checksOf(ran.out).map((c) => c.id), kubeBenchIds('rke2-cis-1.7'));
});

test('an RKE2 v1.25 server is judged by rke2-cis-1.7, chosen by kube-bench\'s RKE2 map from its image version', async () => {
  const ran = JSON.parse((await kubefort(['bench', '--root', rke2, '--json', '--check', '1.1.1'])).out) as Json;
  assert.equal(ran.benchmark, 'rke2-cis-1.7');
  assert.match(ran.benchmarkReason, /^platform rke2 server \(process rke2 server \(\/proc\/700\/cmdline\).*\) -> rke2-cis-1\.7 \(kube-bench's rke2 map: 1\.25 -> rke2-cis-1\.7\); Kubernetes v1\.25\.12 from image kube-apiserver index\.docker\.io\/rancher\/hardened-kubernetes:v1\.25\.12-rke2r1-build20230719/);
});

/** [rule, id, automated, scored, test kind] — rke2-cis-1.7's classification where it differs from cis-1.7 or is a skip. */
const CLASSIFIED: [string, string, boolean, boolean, string][] = [
  ['1.1.12 etcd data directory owner: kube-bench skips it; a Manual look, still Automated/scored', '1.1.12', true, true, 'manual'],
  ['1.2.3 is cis-1.24\'s DenyServiceExternalIPs-not-set, Automated and scored (cis-1.7: is set, Manual)', '1.2.3', true, true, 'flag'],
  ['1.2.16 --secure-port is Automated and scored (cis-1.7: Manual)', '1.2.16', true, true, 'flag'],
  ['1.2.18 --audit-log-path: skipped by kube-bench, a look at RKE2\'s default', '1.2.18', true, true, 'manual'],
  ['1.2.22 --request-timeout is Automated and scored (cis-1.7: Manual)', '1.2.22', true, true, 'manual'],
  ['1.2.31 API server ciphers: skipped by kube-bench', '1.2.31', false, false, 'manual'],
  ['1.3.6 RotateKubeletServerCertificate: skipped, Automated and scored', '1.3.6', true, true, 'manual'],
  ['2.1 etcd TLS lives in etcd\'s --config-file on RKE2', '2.1', true, true, 'manual'],
  ['2.7 unique etcd CA is Automated and scored (cis-1.7: Manual)', '2.7', true, true, 'manual'],
  ['3.2.1 minimal audit policy is Automated and scored (cis-1.7: Manual)', '3.2.1', true, true, 'manual'],
  ['4.1.1 kubelet service file: RKE2 has none (skipped)', '4.1.1', true, true, 'manual'],
  ['4.2.6 is --make-iptables-util-chains (rke2-cis-1.24\'s 4.2.6 is --protect-kernel-defaults)', '4.2.6', true, true, 'kubelet'],
  ['4.2.7 --hostname-override: RKE2 sets it (skipped)', '4.2.7', false, false, 'manual'],
  ['4.2.12 kubelet ciphers are judged (rke2-cis-1.24 skips them)', '4.2.12', false, false, 'kubelet'],
  ['5.2.3 is Manual (cis-1.7: titled Automated)', '5.2.3', false, false, 'objects'],
  ['5.2.9 stays titled Automated', '5.2.9', true, false, 'objects'],
];
classificationTests('rke2-cis-1.7', CLASSIFIED);

test('rke2-cis-1.7 titles follow kube-bench: admin.conf (1.1.13/1.1.14), 5.1.5 with its full stop', () => {
  const text = (id: string) => checkDef('rke2-cis-1.7', id)?.text;
  assert.equal(text('1.1.13'), 'Ensure that the admin.conf file permissions are set to 600 or more restrictive');
  assert.equal(text('1.1.14'), 'Ensure that the admin.conf file ownership is set to root:root');
  assert.equal(text('5.1.5'), 'Ensure that default service accounts are not actively used.');
});

test('1.1.1 and 1.1.7 ask 600 of the pod manifests: the 0600 manifests PASS; at 644 they FAIL rke2-cis-1.7 and still PASS rke2-cis-1.24', async () => {
  assert.deepEqual([(await check('1.1.1')).status, (await check('1.1.7')).status], ['PASS', 'PASS']);
  chmodSync(join(MANIFESTS, 'kube-apiserver.yaml'), 0o644);
  chmodSync(join(MANIFESTS, 'etcd.yaml'), 0o644);
  try {
    const apiserver = await check('1.1.1');
    assert.equal(apiserver.status, 'FAIL');
    assert.match(apiserver.reason, /kube-apiserver\.yaml has permissions 644, more open than 600/);
    assert.equal((await check('1.1.7')).status, 'FAIL');
    assert.deepEqual([(await check('1.1.1', 'rke2-cis-1.24')).status, (await check('1.1.7', 'rke2-cis-1.24')).status], ['PASS', 'PASS']);
  } finally {
    chmodSync(join(MANIFESTS, 'kube-apiserver.yaml'), 0o600);
    chmodSync(join(MANIFESTS, 'etcd.yaml'), 0o600);
  }
});

test('1.2.3 PASSes without DenyServiceExternalIPs and FAILs (scored) with it; cis-1.7 asks the opposite, Manual', async () => {
  assert.equal((await check('1.2.3')).status, 'PASS');
  await withArg('1200', '--enable-admission-plugins=NodeRestriction', '--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs', async () => {
    assert.equal((await check('1.2.3')).status, 'FAIL');
    assert.equal((await check('1.2.3', 'cis-1.7')).status, 'PASS');
  });
  assert.equal((await check('1.2.3', 'cis-1.7')).status, 'WARN');
});

test('1.2.16 --secure-port=0 FAILs rke2-cis-1.7 (scored) where cis-1.7 only WARNs; the default port PASSes', async () => {
  assert.equal((await check('1.2.16')).status, 'PASS');
  const file = readFileSync(join(rke2, 'proc', '1200', 'cmdline'), 'utf8').split('\0');
  const port = file.find((a) => a.startsWith('--secure-port='));
  const body = async () => {
    assert.equal((await check('1.2.16')).status, 'FAIL');
    assert.equal((await check('1.2.16', 'cis-1.7')).status, 'WARN');
  };
  if (port !== undefined) await withArg('1200', port, '--secure-port=0', body);
  else await withArg('1200', '--anonymous-auth=false', '--anonymous-auth=false\0--secure-port=0', body);
});

test('4.2.6 --make-iptables-util-chains: the RKE2 kubelet\'s default PASSes, =false FAILs (rke2-cis-1.24 judges --protect-kernel-defaults there)', async () => {
  assert.equal((await check('4.2.6')).status, 'PASS');
  await withArg('900', '--read-only-port=0', '--read-only-port=0\0--make-iptables-util-chains=false', async () => {
    const failed = await check('4.2.6');
    assert.equal(failed.status, 'FAIL');
    assert.match(failed.reason, /makeIPTablesUtilChains/);
    assert.match((await check('4.2.6', 'rke2-cis-1.24')).reason, /protectKernelDefaults|protect-kernel-defaults/);
  });
});
