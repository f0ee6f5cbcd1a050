import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';
import { parseOcpVersion, profileForOcp } from '../../src/cis/openshift/versions.js';
import { OPENSHIFT_PROFILES } from '../../src/cis/profiles/rh.js';

/** rh-1.4 (kube-bench: OCP 4.11–4.12) as a delta on rh-1.8, and kube-bench's OpenShift version mapping. */
const node = materializeNodeFixture('openshift-master');
after(() => removeNodeFixture(node));
const objects = join(import.meta.dirname, '..', 'fixtures', 'cis', 'openshift-objects');
const CLUSTER = join(objects, 'cluster.yaml');
const WEAKENED = join(objects, 'weakened.yaml');

interface Check { id: string; status: string; reason: string; text: string; type: string; verdict: string }
interface Json { benchmark: string; benchmarkReason: string; controls: { text: string; groups: { text: string; checks: Check[] }[] }[] }
async function bench(args: string[]): Promise<{ code: number; json: Json; check: (id: string) => Check; err: string }> {
  const ran = await kubefort(['bench', '--json', ...args]);
  const json = JSON.parse(ran.out === '' ? '{"controls":[]}' : ran.out) as Json;
  const checks = json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  return { code: ran.code, json, err: ran.err, check: (id) => checks.find((c) => c.id === id) as Check };
}

test('bench --benchmark rh-1.4 --output json lists exactly kube-bench\'s rh-1.4 ids (test/fixtures/cis/ids/rh-1.4.txt)', async () => {
  const run = await bench(['--benchmark', 'rh-1.4', '--root', node, '--manifests', CLUSTER, '--targets', 'master,etcd,controlplane,node,policies']);
  assert.equal(run.json.benchmark, 'rh-1.4');
  assert.deepEqual(run.json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => k.id))), kubeBenchIds('rh-1.4'));
  assert.deepEqual(run.json.controls.map((c) => c.text), ['Control Plane Components', 'Etcd', 'Control Plane Configuration', 'Worker Nodes', 'Policies']);
});

test('rh-1.4 numbers rh-1.8\'s 1.2.2–1.2.31 as 1.2.4–1.2.33 around --basic-auth-file and --token-auth-file, judged in both API servers\' configs', async () => {
  const good = await bench(['--benchmark', 'rh-1.4', '--manifests', CLUSTER]);
  assert.equal(good.check('1.2.4').text, 'Use https for kubelet connections (Manual)');
  assert.equal(good.check('1.2.33').text, 'Ensure unsupported configuration overrides are not used (Manual)');
  for (const id of ['1.2.2', '1.2.3', '1.2.9', '1.2.24']) assert.equal(good.check(id).status, 'PASS', id);
  const bad = await bench(['--benchmark', 'rh-1.4', '--manifests', WEAKENED]);
  assert.match(bad.check('1.2.2').reason, /^apiServerArguments\["basic-auth-file"\] is \/etc\/kubernetes\/static-pod-resources\/basic-auth\.csv in ConfigMap openshift-kube-apiserver\/config .*; it must not be set$/);
  assert.equal(bad.check('1.2.3').verdict, 'violated');
  assert.match(bad.check('1.2.9').reason, /includes APIPriorityAndFairness=false.*includes EventRateLimit/);
  // rh-1.4 asks min-request-timeout to be OpenShift's 3600 exactly.
  assert.match(bad.check('1.2.24').reason, /min-request-timeout"\] is 30 .*; it must be 3600$/);
});

test('rh-1.4 scores 5.2.1–5.2.9 (SCCs): a weakened cluster FAILs them; 5.2.8 wants an SCC adding no capabilities, 5.2.9 one dropping ALL', async () => {
  const good = await bench(['--benchmark', 'rh-1.4', '--manifests', CLUSTER, '--targets', 'policies']);
  for (let i = 1; i <= 9; i++) assert.equal(good.check(`5.2.${i}`).status, 'PASS', `5.2.${i}`);
  assert.match(good.check('5.2.8').reason, /^restricted refuses it \(noAddedCaps\)/);
  const bad = await bench(['--benchmark', 'rh-1.4', '--manifests', WEAKENED, '--targets', 'policies']);
  assert.equal(bad.code, 1);
  for (let i = 1; i <= 9; i++) assert.equal(bad.check(`5.2.${i}`).status, 'FAIL', `5.2.${i}`);
  assert.equal(bad.check('5.2.10').verdict, 'manual');
});

test('rh-1.4 accepts only the etcd-all-serving / etcd-all-peer certificates of OpenShift 4.11–4.14 (rh-1.8 also etcd-all-certs)', async () => {
  const cmdline = join(node, 'proc/3402/cmdline');
  const original = readFileSync(cmdline, 'utf8');
  assert.equal((await bench(['--benchmark', 'rh-1.4', '--root', node, '--check', '2.1'])).check('2.1').verdict, 'violated');
  assert.equal((await bench(['--benchmark', 'rh-1.8', '--root', node, '--check', '2.1'])).check('2.1').status, 'PASS');
  writeFileSync(cmdline, original.replace(/etcd-all-certs\/etcd-serving-/g, 'etcd-all-serving/etcd-serving-').replace(/etcd-all-certs\/etcd-peer-/g, 'etcd-all-peer/etcd-peer-'));
  try {
    const run = await bench(['--benchmark', 'rh-1.4', '--root', node, '--check', '2.1,2.4']);
    assert.equal(run.check('2.1').status, 'PASS');
    assert.equal(run.check('2.4').status, 'PASS');
  } finally {
    writeFileSync(cmdline, original);
  }
});

test('rh-1.4 judges the kubelet\'s authorization.mode (4.2.3) and has its ciphers check as 4.2.13', async () => {
  const run = await bench(['--benchmark', 'rh-1.4', '--root', node, '--targets', 'node']);
  assert.equal(run.check('4.2.3').status, 'PASS');
  assert.match(run.check('4.2.3').reason, /authorization\.mode/);
  assert.equal(run.check('4.2.12'), undefined);
  assert.equal(run.check('4.2.13').verdict, 'manual');
  assert.equal(run.check('4.1.5').text, 'Ensure that the --kubeconfig kubelet.conf file permissions are set to 644 or more restrictive (Manual)');
});

test('kube-bench\'s OpenShift map (cmd/util.go ocpBenchmark + getOcpValidVersion): 4.1–4.10 -> rh-1.0 (not bundled: the oldest bundled, rh-1.4), 4.11–4.12 -> rh-1.4, 4.13 -> rh-1.8, 4.14 and newer -> rh-1.9 (not bundled: rh-1.8)', () => {
  const pick = (v: string) => profileForOcp(parseOcpVersion(v) as number, OPENSHIFT_PROFILES);
  assert.deepEqual(['ocp-4.11', '4.12.3', '4.13', '4.14.9', 'ocp-4.15', '4.18'].map((v) => pick(v).benchmark.name), ['rh-1.4', 'rh-1.4', 'rh-1.8', 'rh-1.8', 'rh-1.8', 'rh-1.8']);
  assert.equal(pick('4.9').reason, 'OpenShift 4.9 -> rh-1.0, which is not bundled; using the oldest bundled OpenShift profile, rh-1.4');
  assert.equal(pick('4.14').reason, 'OpenShift 4.14 -> rh-1.9, which is not bundled; using the nearest older bundled OpenShift profile, rh-1.8');
  assert.equal(pick('4.19').reason, 'OpenShift 4.19 -> rh-1.9 (newer than every mapped OpenShift version; rh-1.9 is the newest), which is not bundled; using the nearest older bundled OpenShift profile, rh-1.8');
  assert.equal(parseOcpVersion('1.28'), undefined);
});

test('--version ocp-4.12 picks rh-1.4 and says so; --benchmark wins over it; a malformed ocp- version is a usage error', async () => {
  const run = await bench(['--version', 'ocp-4.12', '--manifests', CLUSTER]);
  assert.equal(run.json.benchmark, 'rh-1.4');
  assert.match(run.json.benchmarkReason, /^chosen with --version ocp-4\.12 \(OpenShift 4\.12 -> rh-1\.4\); /);
  assert.equal((await bench(['--version', 'ocp-4.12', '--benchmark', 'rh-1.8', '--manifests', CLUSTER])).json.benchmark, 'rh-1.8');
  assert.equal((await bench(['--version', 'ocp-4.13', '--manifests', CLUSTER])).json.benchmark, 'rh-1.8');
  const bad = await kubefort(['bench', '--version', 'ocp-5.1', '--manifests', CLUSTER]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--version ocp-5\.1: not an OpenShift 4 version such as ocp-4\.15/);
});

test('on an OpenShift node, the Kubernetes version names the OpenShift minor when RHCOS does not (1.25 = 4.12 -> rh-1.4)', async () => {
  const release = join(node, 'etc/os-release');
  const original = readFileSync(release, 'utf8');
  writeFileSync(release, original.replace(/^OPENSHIFT_VERSION=.*\n/m, ''));
  try {
    const run = await bench(['--root', node, '--k8s-version', 'v1.25.9', '--manifests', CLUSTER, '--targets', 'master']);
    assert.equal(run.json.benchmark, 'rh-1.4');
    assert.match(run.json.benchmarkReason, /-> Kubernetes 1\.25 is OpenShift 4\.12 -> rh-1\.4 \(bundled: rh-1\.4, rh-1\.8\)/);
  } finally {
    writeFileSync(release, original);
  }
});

test('an `oc get -o yaml` export alone shows OpenShift: rh-1.8 is chosen and no node is read', async () => {
  const run = await bench(['--manifests', CLUSTER]);
  assert.equal(run.json.benchmark, 'rh-1.8');
  assert.match(run.json.benchmarkReason, /^platform openshift \(APIServer cluster \(config\.openshift\.io\/v1\) in .*cluster\.yaml:\d+:\d+\) -> rh-1\.8 \(the OpenShift version is not known: give --version ocp-4\.N or --benchmark; bundled: rh-1\.4, rh-1\.8\)/);
  assert.equal(run.check('1.2.6').status, 'PASS');
  assert.match(run.check('4.1.1')?.reason ?? 'node not run', /node not run/);
});
