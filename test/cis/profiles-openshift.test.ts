import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFs } from '../../src/collect/node/node-fs.js';
import { detectPlatform } from '../../src/collect/node/platform.js';
import { loadObjects } from '../../src/collect/objects.js';
import { platformFromLabels } from '../../src/cis/profiles/index.js';
import { materializeNodeFixture, ownersApplied, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';

/** An RHCOS 4.15 control-plane node (test/fixtures/cis/openshift-master) and `oc get -o yaml` exports of its cluster. */
const node = materializeNodeFixture('openshift-master');
const kubeadm = materializeNodeFixture('kubeadm-1.32-controlplane');
after(() => {
  for (const root of [node, kubeadm]) removeNodeFixture(root);
});
const objects = join(import.meta.dirname, '..', 'fixtures', 'cis', 'openshift-objects');
const CLUSTER = join(objects, 'cluster.yaml');
const WEAKENED = join(objects, 'weakened.yaml');
const ALL_TARGETS = 'master,etcd,controlplane,node,policies';

interface Check { id: string; status: string; reason: string; type: string; verdict: string }
interface Json { benchmark: string; benchmarkReason: string; targets: string[]; controls: { groups: { checks: Check[] }[] }[] }
const checksOf = (out: string) => (JSON.parse(out) as Json).controls.flatMap((c) => c.groups.flatMap((g) => g.checks));

async function bench(args: string[]): Promise<{ code: number; json: Json; checks: Check[]; check: (id: string) => Check }> {
  const ran = await kubefort(['bench', '--json', ...args]);
  assert.equal(ran.err.includes('Error:'), false, ran.err);
  const checks = checksOf(ran.out);
  return { code: ran.code, json: JSON.parse(ran.out) as Json, checks, check: (id) => checks.find((c) => c.id === id) as Check };
}
const onNode = (manifests: string, ...args: string[]) => bench(['--root', node, '--manifests', manifests, ...args]);

test('bench --benchmark rh-1.8 --output json lists exactly kube-bench\'s rh-1.8 ids (test/fixtures/cis/ids/rh-1.8.txt)', async () => {
  const run = await onNode(CLUSTER, '--benchmark', 'rh-1.8', '--targets', ALL_TARGETS);
  assert.equal(run.json.benchmark, 'rh-1.8');
  assert.deepEqual(run.checks.map((c) => c.id), kubeBenchIds('rh-1.8'));
});

test('an RHCOS node is told apart by the Machine Config Daemon, ID=rhcos and static-pod-resources, and its OPENSHIFT_VERSION picks rh-1.8', async () => {
  const found = detectPlatform(new NodeFs(node));
  assert.equal(found.platform, 'openshift');
  assert.equal(found.openshiftVersion, '4.15');
  assert.deepEqual(found.evidence, ['process machine-config-daemon (/proc/2710/cmdline)', 'ID=rhcos, OPENSHIFT_VERSION=4.15 in /etc/os-release', '/etc/kubernetes/static-pod-resources', '/etc/machine-config-daemon/currentconfig']);
  const run = await onNode(CLUSTER);
  assert.equal(run.json.benchmark, 'rh-1.8');
  assert.match(run.json.benchmarkReason, /^platform openshift \(process machine-config-daemon .*\) -> OpenShift 4\.15 -> rh-1\.9 \(newer than every mapped OpenShift version; rh-1\.9 is the newest\), which is not bundled; using the nearest older bundled OpenShift profile, rh-1\.8 /);
  assert.deepEqual(run.json.targets, ['master', 'etcd', 'controlplane', 'node', 'policies']);
});

test('a kubeadm node is not taken for OpenShift', () => {
  assert.equal(detectPlatform(new NodeFs(kubeadm)).platform, 'kubeadm');
});

test('objects name OpenShift: the Node label node.openshift.io/os_id=rhcos, else an object of config.openshift.io', () => {
  const labelled = loadObjects([join(import.meta.dirname, '..', 'fixtures', 'cis', 'platform-nodes', 'openshift-nodes.yaml')]).objects;
  const byLabel = platformFromLabels(labelled);
  assert.equal(byLabel.platform, 'openshift');
  assert.match(byLabel.evidence[0] ?? '', /^label node\.openshift\.io\/os_id=rhcos on Node master-0\.demo\.example\.com \(.*openshift-nodes\.yaml:\d+\)$/);
  const byKind = platformFromLabels(loadObjects([CLUSTER]).objects);
  assert.equal(byKind.platform, 'openshift');
  assert.match(byKind.evidence[0] ?? '', /^APIServer cluster \(config\.openshift\.io\/v1\) in .*cluster\.yaml:\d+:\d+$/);
});

test('the RHCOS node and its cluster as OpenShift sets them up pass every check that is judged, and exit 0', async () => {
  const run = await onNode(CLUSTER);
  assert.equal(run.code, 0);
  const judged = run.checks.filter((c) => c.type !== 'manual');
  assert.ok(judged.length >= 80, `${judged.length} judged checks`);
  assert.deepEqual(judged.filter((c) => c.status !== 'PASS').map((c) => `${c.id} ${c.status} ${c.reason}`), []);
  // kube-bench's `type: manual` checks stay a person's look, saying what to inspect.
  assert.match(run.check('1.2.30').reason, /^Manual check: the TLS security profile: APIServer cluster spec\.tlsSecurityProfile/);
  assert.equal(run.check('4.2.3').verdict, 'manual');
});

test('a weakened cluster fails every object-judged check; they are Manual in kube-bench, so each WARNs as violated (--fail-on violation exits 1)', async () => {
  const run = await onNode(WEAKENED, '--targets', 'master,policies', '--fail-on', 'violation');
  assert.equal(run.code, 1);
  const fromObjects = run.checks.filter((c) => c.type === 'openshift' && !c.id.startsWith('1.1.'));
  assert.equal(fromObjects.length, 37);
  assert.deepEqual(fromObjects.filter((c) => c.status !== 'WARN' || c.verdict !== 'violated').map((c) => `${c.id} ${c.status} ${c.verdict} ${c.reason}`), []);
  assert.match(run.check('1.2.5').reason, /^apiServerArguments\["authorization-mode"\] is AlwaysAllow in ConfigMap openshift-kube-apiserver\/config \(.*weakened\.yaml:\d+:\d+\); it must not include AlwaysAllow$/);
  assert.match(run.check('1.2.10').reason, /^apiServerArguments\["enable-admission-plugins"\] \(44 values\) does not include ServiceAccount in ConfigMap/);
  assert.match(run.check('1.2.16').reason, /servingInfo\.bindAddress is 0\.0\.0\.0:0 .*port 0 turns the secure port off$/);
  assert.match(run.check('1.2.18').reason, /audit-log-path"\] is not set in ConfigMap openshift-kube-apiserver\/config .*audit-log-path"\] is not set in ConfigMap openshift-apiserver\/config/);
  assert.match(run.check('1.2.29').reason, /^spec\.encryption\.type is not set in APIServer cluster .*: etcd data is not encrypted/);
  assert.match(run.check('1.2.31').reason, /^spec\.unsupportedConfigOverrides is set in KubeAPIServer cluster .*\(apiServerArguments\)/);
  assert.match(run.check('1.2.1').reason, /^ClusterRoleBinding anonymous-admin grants system:unauthenticated beyond OpenShift's defaults$/);
  assert.match(run.check('1.3.2').reason, /^extendedArguments\["use-service-account-credentials"\] is false in ConfigMap openshift-kube-controller-manager\/config/);
  assert.match(run.check('5.2.1').reason, /^no SecurityContextConstraints refuses it \(allowPrivilegedContainer\): every one of 2 allows it$/);
});

test('cluster objects alone (no --root): no node is read; the config checks are judged, the node files WARN "not evaluated"', async () => {
  const run = await bench(['--benchmark', 'rh-1.8', '--manifests', CLUSTER]);
  assert.deepEqual(run.json.targets, ['master', 'controlplane', 'policies']);
  assert.equal(run.check('1.2.6').status, 'PASS');
  assert.equal(run.check('1.1.1').status, 'WARN');
  assert.match(run.check('1.1.1').reason, /^not evaluated: needs the node's files \(\/etc\/kubernetes\/manifests\/kube-apiserver-pod\.yaml and .*\): run with --root of an OpenShift \(RHCOS\) node$/);
});

test('without the config ConfigMaps the API server checks WARN "not evaluated", never PASS on nothing', async () => {
  const scc = join(objects, 'scc-only.yaml');
  const run = await bench(['--benchmark', 'rh-1.8', '--manifests', scc]);
  for (const id of ['1.2.2', '1.2.5', '1.2.16', '1.2.24', '1.3.2', '1.2.29', '1.2.31', '1.2.1']) {
    assert.equal(run.check(id).status, 'WARN', id);
    assert.equal(run.check(id).verdict, 'unevaluated', id);
    assert.match(run.check(id).reason, /^not evaluated: needs /, id);
  }
  assert.match(run.check('1.2.5').reason, /^not evaluated: needs ConfigMap openshift-kube-apiserver\/config \(oc get configmap config -n openshift-kube-apiserver -o yaml, or --live\); it is not among the objects given$/);
});

test('a config.yaml that is not YAML or JSON WARNs with the position inside the ConfigMap', async () => {
  const run = await bench(['--benchmark', 'rh-1.8', '--manifests', join(objects, 'broken-config.yaml'), '--check', '1.2.6']);
  assert.equal(run.check('1.2.6').status, 'WARN');
  assert.match(run.check('1.2.6').reason, /^not evaluated: ConfigMap openshift-kube-apiserver\/config \(.*broken-config\.yaml:\d+:\d+\): its config\.yaml cannot be read: .*broken-config\.yaml:\d+:\d+ data\["config\.yaml"\]:\d+:\d+: /);
});

/** Node checks: each automated one FAILs when the file or setting is changed, and PASSes as the fixture has it. */
const MODE_CASES: readonly [string, string, number][] = [
  ['4.1.1', '/etc/systemd/system/kubelet.service', 0o664],
  ['4.1.5', '/etc/kubernetes/kubelet.conf', 0o666],
  ['4.1.7', '/etc/kubernetes/kubelet-ca.crt', 0o646],
  ['4.1.9', '/var/lib/kubelet/config.json', 0o640],
  ['1.1.1', '/etc/kubernetes/static-pod-resources/kube-apiserver-pod-8/kube-apiserver-pod.yaml', 0o644],
  ['1.1.13', '/etc/kubernetes/kubeconfig', 0o644],
  ['1.1.21', '/etc/kubernetes/static-pod-resources/kube-apiserver-certs/secrets/kubelet-client/tls.key', 0o640],
];
for (const [id, path, mode] of MODE_CASES) {
  test(`${id} PASSes ${path} as OpenShift sets it and fails it at ${mode.toString(8)}`, async () => {
    assert.equal((await onNode(CLUSTER, '--check', id)).check(id).status, 'PASS');
    const full = join(node, path);
    const before = statSync(full).mode & 0o7777;
    chmodSync(full, mode);
    try {
      const bad = (await onNode(CLUSTER, '--check', id)).check(id);
      assert.equal(bad.status, id.startsWith('4.') ? 'FAIL' : 'WARN');
      assert.equal(bad.verdict, 'violated');
      assert.match(bad.reason, new RegExp(`${path.replace(/[.]/g, '\\.')} has permissions ${mode.toString(8)}, more open than`));
    } finally {
      chmodSync(full, before);
    }
  });
}

const OWNER_CASES: readonly [string, string][] = [
  ['4.1.2', '/etc/systemd/system/kubelet.service'],
  ['4.1.6', '/etc/kubernetes/kubelet.conf'],
  ['4.1.8', '/etc/kubernetes/kubelet-ca.crt'],
  ['4.1.10', '/var/lib/kubelet/config.json'],
  ['1.1.12', '/var/lib/etcd/member'],
];
for (const [id, path] of OWNER_CASES) {
  test(`${id} PASSes ${path} owned by root:root and fails it owned by core (uid 1000)`, { skip: !ownersApplied && 'chown needs root' }, async () => {
    assert.equal((await onNode(CLUSTER, '--check', id)).check(id).status, 'PASS');
    const full = join(node, path);
    chownSync(full, 1000, 1000);
    try {
      const bad = (await onNode(CLUSTER, '--check', id)).check(id);
      assert.equal(bad.status, id.startsWith('4.') ? 'FAIL' : 'WARN');
      assert.match(bad.reason, new RegExp(`${path.replace(/[.]/g, '\\.')} is owned by core:core, expected root:root`));
    } finally {
      chownSync(full, 0, 0);
    }
  });
}

test('1.1.10 accepts openvswitch:openvswitch for the CNI files (OVS\'s own) and nothing else', { skip: !ownersApplied && 'chown needs root' }, async () => {
  const full = join(node, '/var/run/multus/cni/net.d/10-ovn-kubernetes.conf');
  try {
    chownSync(full, 800, 800);
    assert.equal((await onNode(CLUSTER, '--check', '1.1.10')).check('1.1.10').status, 'PASS');
    chownSync(full, 1000, 1000);
    assert.equal((await onNode(CLUSTER, '--check', '1.1.10')).check('1.1.10').verdict, 'violated');
  } finally {
    chownSync(full, 0, 0);
  }
});

/** The kubelet's KubeletConfiguration (/etc/kubernetes/kubelet.conf on RHCOS), changed one field at a time. */
const KUBELET_CASES: readonly [string, string, unknown, string][] = [
  ['4.2.2', 'authentication.anonymous.enabled', true, 'FAIL'],
  ['4.2.4', 'authentication.x509.clientCAFile', '/etc/kubernetes/other-ca.crt', 'FAIL'],
  ['4.2.5', 'readOnlyPort', 10255, 'FAIL'],
  ['4.2.7', 'makeIPTablesUtilChains', false, 'WARN'],
  ['4.2.8', 'kubeAPIQPS', -1, 'WARN'],
  ['4.2.10', 'rotateCertificates', false, 'WARN'],
  ['4.2.11', 'featureGates.RotateKubeletServerCertificate', false, 'WARN'],
];
const KUBELET_CONF = join(node, 'etc/kubernetes/kubelet.conf');
for (const [id, field, value, status] of KUBELET_CASES) {
  test(`${id} PASSes the kubelet as OpenShift configures it and ${status}s with ${field}: ${JSON.stringify(value)}`, async () => {
    assert.equal((await onNode(CLUSTER, '--check', id)).check(id).status, 'PASS');
    const original = readFileSync(KUBELET_CONF, 'utf8');
    const config = JSON.parse(original) as Record<string, unknown>;
    const keys = field.split('.');
    let at = config;
    for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
    at[keys[keys.length - 1] as string] = value;
    writeFileSync(KUBELET_CONF, JSON.stringify(config, null, 2));
    try {
      const bad = (await onNode(CLUSTER, '--check', id)).check(id);
      assert.equal(bad.status, status);
      assert.equal(bad.verdict, 'violated');
    } finally {
      writeFileSync(KUBELET_CONF, original);
    }
  });
}

test('4.2.6: "0s" in kubelet.conf is the kubelet\'s default of 4h (as the Machine Config Operator writes it), --streaming-connection-idle-timeout=0 FAILs', async () => {
  const pass = (await onNode(CLUSTER, '--check', '4.2.6')).check('4.2.6');
  assert.equal(pass.status, 'PASS');
  assert.match(pass.reason, /is 4h0m0s \(default\)/);
  const cmdline = join(node, 'proc/2231/cmdline');
  const original = readFileSync(cmdline, 'utf8');
  writeFileSync(cmdline, original.replace('\0--v=2\0', '\0--streaming-connection-idle-timeout=0\0--v=2\0'));
  try {
    assert.equal((await onNode(CLUSTER, '--check', '4.2.6')).check('4.2.6').status, 'FAIL');
  } finally {
    writeFileSync(cmdline, original);
  }
});

/** etcd's command line (/proc/<pid>/cmdline of the etcd static pod's process). */
const ETCD_CMDLINE = join(node, 'proc/3402/cmdline');
const ETCD_CASES: readonly [string, string, string][] = [
  ['2.1', '--cert-file=/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-serving-master-0.demo.example.com.crt', '--cert-file=/tmp/etcd.crt'],
  ['2.2', '--client-cert-auth=true', '--client-cert-auth=false'],
  ['2.3', '--logger=zap', '--auto-tls=true'],
  ['2.4', '--peer-key-file=/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-peer-master-0.demo.example.com.key', '--peer-key-file=/var/lib/etcd/peer.key'],
  ['2.5', '--peer-client-cert-auth=true', '--peer-client-cert-auth=false'],
  ['2.6', '--logger=zap', '--peer-auto-tls=true'],
  ['2.7', '--trusted-ca-file=/etc/kubernetes/static-pod-certs/configmaps/etcd-serving-ca/ca-bundle.crt', '--trusted-ca-file=/etc/kubernetes/static-pod-resources/configmaps/client-ca/ca-bundle.crt'],
];
for (const [id, from, to] of ETCD_CASES) {
  test(`${id} PASSes etcd as the etcd operator runs it and is violated with ${to}`, async () => {
    assert.equal((await onNode(CLUSTER, '--check', id)).check(id).status, 'PASS');
    const original = readFileSync(ETCD_CMDLINE, 'utf8');
    assert.ok(original.includes(`\0${from}\0`));
    writeFileSync(ETCD_CMDLINE, original.replace(`\0${from}\0`, `\0${to}\0`));
    try {
      const bad = (await onNode(CLUSTER, '--check', id)).check(id);
      assert.equal(bad.status, 'WARN');
      assert.equal(bad.verdict, 'violated');
    } finally {
      writeFileSync(ETCD_CMDLINE, original);
    }
  });
}
