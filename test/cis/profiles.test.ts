import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { collectNodeFacts } from '../../src/collect/node/index.js';
import { NodeFs } from '../../src/collect/node/node-fs.js';
import { detectPlatform } from '../../src/collect/node/platform.js';
import { loadObjects } from '../../src/collect/objects.js';
import { platformFromFacts, platformFromLabels } from '../../src/cis/profiles/index.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';

const FAMILIES = ['rke2-1.24-server', 'k3s-server', 'eks-node', 'gke-node', 'kubeadm-1.32-controlplane'] as const;
const roots = Object.fromEntries(FAMILIES.map((name) => [name, materializeNodeFixture(name)])) as Record<(typeof FAMILIES)[number], string>;
after(() => {
  for (const root of Object.values(roots)) removeNodeFixture(root);
});
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'cis');

interface Check { id: string; status: string; reason: string; evidence: { subject: string; location?: { file: string } }[] }
interface Json { benchmark: string; benchmarkReason: string; targets: string[]; controls: { groups: { checks: Check[] }[] }[] }
async function bench(args: string[]): Promise<{ code: number; err: string; json?: Json; check: (id: string) => Check }> {
  const ran = await kubefort(['bench', ...args, '--json', '--include-evidence']);
  const json = ran.out === '' ? undefined : (JSON.parse(ran.out) as Json);
  const all = json?.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)) ?? [];
  return { code: ran.code, err: ran.err, ...(json === undefined ? {} : { json }), check: (id) => all.find((c) => c.id === id) as Check };
}

/** [fixture, platform, role, evidence fragment] */
const DETECTED: [(typeof FAMILIES)[number], string | undefined, string | undefined, RegExp][] = [
  ['rke2-1.24-server', 'rke2', 'server', /^process rke2 server \(\/proc\/700\/cmdline\)$/],
  ['k3s-server', 'k3s', 'server', /^process k3s server \(\/proc\/512\/cmdline\)$/],
  ['eks-node', 'eks', undefined, /^\/etc\/eks\/bootstrap\.sh$/],
  ['gke-node', 'gke', undefined, /^\/home\/kubernetes\/kubelet-config\.yaml$/],
  ['kubeadm-1.32-controlplane', 'kubeadm', undefined, /^\/etc\/kubernetes\/manifests\/kube-apiserver\.yaml$/],
];
for (const [fixture, platform, role, evidence] of DETECTED) {
  test(`the ${fixture} node is detected as ${platform ?? 'no platform'} from ${String(evidence)}`, () => {
    const found = detectPlatform(new NodeFs(roots[fixture]));
    assert.equal(found.platform, platform);
    assert.equal(found.role, role);
    assert.match(found.evidence[0] ?? '', evidence);
  });
}

/** [Node list file, platform, label] */
const LABELLED: [string, string | undefined, RegExp][] = [
  ['eks-nodes.yaml', 'eks', /^label eks\.amazonaws\.com\/nodegroup=ng-default on Node ip-10-0-1-23\.ec2\.internal \(.*eks-nodes\.yaml:\d+\)$/],
  ['gke-nodes.yaml', 'gke', /^label cloud\.google\.com\/gke-nodepool=default-pool/],
  ['k3s-nodes.yaml', 'k3s', /^label node\.kubernetes\.io\/instance-type=k3s on Node k3s-server/],
  ['kubeadm-nodes.yaml', undefined, /^$/],
];
for (const [file, platform, label] of LABELLED) {
  test(`Node labels in ${file} (kubectl get nodes -o yaml) name ${platform ?? 'no platform'}`, () => {
    const found = platformFromLabels(loadObjects([join(fixtures, 'platform-nodes', file)]).objects);
    assert.equal(found.platform, platform);
    assert.match(found.evidence[0] ?? '', label);
  });
}

test('the platform is read from saved facts too (--facts): RKE2\'s paths in the component arguments', () => {
  const facts = collectNodeFacts({ root: roots['rke2-1.24-server'], now: new Date('2026-12-01T10:00:00Z') });
  assert.equal(platformFromFacts(facts).platform, 'rke2');
  assert.equal(platformFromFacts(collectNodeFacts({ root: roots['kubeadm-1.32-controlplane'], now: new Date('2026-12-01T10:00:00Z') })).platform, undefined);
});

test('an RKE2 1.24 server is judged by rke2-cis-1.24, chosen from the platform and its image version, with RKE2\'s paths', async () => {
  const run = await bench(['--root', roots['rke2-1.24-server']]);
  assert.equal(run.json?.benchmark, 'rke2-cis-1.24');
  assert.match(run.json?.benchmarkReason ?? '', /^platform rke2 server \(process rke2 server \(\/proc\/700\/cmdline\), \/etc\/rancher\/rke2\/config\.yaml.*\) -> rke2-cis-1\.24 \(kube-bench's rke2 map: 1\.24 -> rke2-cis-1\.24\); Kubernetes v1\.24\.17 from image kube-apiserver index\.docker\.io\/rancher\/hardened-kubernetes:v1\.24\.17-rke2r1-build20230824/);
  assert.deepEqual(run.json?.targets, ['master', 'etcd', 'controlplane', 'node', 'policies']);
  // 644 manifests are what RKE2's profile accepts for the API server and etcd, not for the others.
  assert.deepEqual(['1.1.1', '1.1.3', '1.1.7'].map((id) => run.check(id).status), ['PASS', 'FAIL', 'PASS']);
  assert.equal(run.check('1.1.1').evidence[0]?.location?.file, '/var/lib/rancher/rke2/agent/pod-manifests/kube-apiserver.yaml');
  // Files under /var/lib/rancher/rke2/server: the admin kubeconfig, the PKI, etcd's data directory.
  assert.equal(run.check('1.1.13').status, 'PASS');
  assert.ok(run.check('1.1.13').evidence.some((e) => e.subject === 'permissions' && e.location?.file === '/var/lib/rancher/rke2/server/cred/admin.kubeconfig'));
  assert.equal(run.check('1.1.11').status, 'PASS');
  assert.ok(run.check('1.1.11').evidence.some((e) => e.subject === 'permissions' && e.location?.file === '/var/lib/rancher/rke2/server/db/etcd'));
  assert.ok(run.check('1.1.21').evidence.some((e) => e.location?.file.startsWith('/var/lib/rancher/rke2/server/tls/')));
  // Flags from the running processes; etcd's settings live in its --config-file, so they are a person's look.
  assert.deepEqual(['1.2.1', '1.2.4', '1.2.18', '1.3.2', '1.4.2', '4.2.1', '4.2.6'].map((id) => `${id}:${run.check(id).status}`),
    ['1.2.1:PASS', '1.2.4:PASS', '1.2.18:PASS', '1.3.2:PASS', '1.4.2:PASS', '4.2.1:PASS', '4.2.6:PASS']);
  for (const id of ['2.1', '2.2', '2.3', '2.6', '2.7']) assert.match(run.check(id).reason, /^Manual check: .*\/var\/lib\/rancher\/rke2\/server\/db\/etcd\/config/, id);
  assert.equal(run.check('4.2.11').status, 'FAIL', 'the RKE2 kubelet is not given --rotate-certificates');
});

test('bench --benchmark rke2-cis-1.24 --output json lists exactly kube-bench\'s rke2-cis-1.24 ids', async () => {
  const expected = kubeBenchIds('rke2-cis-1.24');
  const ran = await kubefort(['bench', '--benchmark', 'rke2-cis-1.24', '--output', 'json', '--root', roots['kubeadm-1.32-controlplane'], '--targets', 'master,etcd,controlplane,node,policies']);
  const json = JSON.parse(ran.out) as Json;
  assert.deepEqual(json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => k.id))), expected);
});

test('--benchmark wins over the platform, and the reason still names the platform', async () => {
  const run = await bench(['--root', roots['rke2-1.24-server'], '--benchmark', 'cis-1.24', '--check', '1.2.1']);
  assert.equal(run.json?.benchmark, 'cis-1.24');
  assert.match(run.json?.benchmarkReason ?? '', /^chosen with --benchmark cis-1\.24; .*; platform rke2 server \(/);
  assert.doesNotMatch(run.json?.benchmarkReason ?? '', /rke2-cis-1\.24/, 'the profile --benchmark overrode is not named');
});

test('RKE2 on a Kubernetes minor newer than kube-bench\'s RKE2 cases (1.33) takes its default, rke2-cis-1.9, and says so', async () => {
  const run = await bench(['--root', roots['rke2-1.24-server'], '--k8s-version', '1.33', '--check', '1.2.1']);
  assert.equal(run.json?.benchmark, 'rke2-cis-1.9');
  assert.match(run.json?.benchmarkReason ?? '', /^platform rke2 server .* -> rke2-cis-1\.9 \(kube-bench's rke2 default for 1\.33 is rke2-cis-1\.9\); Kubernetes 1\.33 from --k8s-version$/);
});

test('a k3s node with no evidence of its components\' arguments (no k3s process, unit, config or log) is not silently passed: exit 2, saying why', async () => {
  const root = materializeNodeFixture('k3s-no-evidence');
  try {
    const run = await bench(['--root', root]);
    assert.equal(run.code, 2);
    assert.match(run.err, /^kubefort: .* does not look like a Kubernetes node: .*; this is a k3s node \(\/var\/lib\/rancher\/k3s\/server\): k3s runs the API server, controller manager, scheduler and kubelet inside its own process.*--k3s-log FILE.* none of these is on this node \(no k3s process, unit, config file or log\), so the components' arguments cannot be known\n$/);
  } finally {
    removeNodeFixture(root);
  }
});

test('an EKS node on 1.29 is judged by eks-1.7.0 (kube-bench\'s EKS map) with its own kubelet config (/etc/kubernetes/kubelet/kubelet-config.json); the AWS-side sections are Manual', async () => {
  const run = await bench(['--root', roots['eks-node'], '--k8s-version', 'v1.29.6-eks-1552ad0']);
  assert.equal(run.json?.benchmark, 'eks-1.7.0');
  assert.deepEqual(run.json?.targets, ['controlplane', 'node', 'managedservices']);
  assert.match(run.json?.benchmarkReason ?? '', /^platform eks \(\/etc\/eks\/bootstrap\.sh, \/etc\/kubernetes\/kubelet\/kubelet-config\.json\) -> eks-1\.7\.0 \(kube-bench's eks map: 1\.29 -> eks-1\.7\.0\); Kubernetes v1\.29\.6-eks-1552ad0 from --k8s-version$/);
  // 644 is what the EKS benchmark asks of the kubelet's files (CIS Kubernetes asks 600).
  assert.deepEqual(['3.1.1', '3.1.3'].map((id) => run.check(id).status), ['PASS', 'PASS']);
  assert.ok(run.check('3.1.3').evidence.some((e) => e.location?.file === '/etc/kubernetes/kubelet/kubelet-config.json'));
  assert.deepEqual(['3.2.1', '3.2.2', '3.2.4', '3.2.8', '3.2.9'].map((id) => `${id}:${run.check(id).status}`), ['3.2.1:PASS', '3.2.2:PASS', '3.2.4:PASS', '3.2.8:PASS', '3.2.9:PASS']);
  assert.ok(run.check('3.2.1').evidence.some((e) => e.location?.file === '/etc/kubernetes/kubelet/kubelet-config.json'));
  assert.match(run.check('5.4.2').reason, /^Manual check: resourcesVpcConfig\.endpointPrivateAccess/);
  const cis = await bench(['--root', roots['eks-node'], '--k8s-version', '1.29', '--benchmark', 'cis-1.11']);
  assert.equal(cis.check('4.1.9').status, 'FAIL', 'the CIS Kubernetes benchmark asks 600 of the same file');
  assert.match(cis.check('4.1.9').reason, /^\/etc\/kubernetes\/kubelet\/kubelet-config\.json has permissions 644/);
  assert.match(cis.json?.benchmarkReason ?? '', /^chosen with --benchmark cis-1\.11; .*; platform eks \(/);
  assert.doesNotMatch(cis.json?.benchmarkReason ?? '', /eks-1\.7\.0/, 'the profile --benchmark overrode is not named');
});

test('bench --benchmark eks-1.7.0 --output json lists exactly kube-bench\'s eks-1.7.0 ids', async () => {
  const expected = kubeBenchIds('eks-1.7.0');
  const ran = await kubefort(['bench', '--benchmark', 'eks-1.7.0', '--output', 'json', '--root', roots['eks-node'], '--targets', 'master,controlplane,node,policies,managedservices']);
  const json = JSON.parse(ran.out) as Json;
  assert.deepEqual(json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => k.id))), expected);
});

test('a GKE node on 1.29 is judged by gke-1.6.0 (kube-bench\'s GKE map) with /home/kubernetes/kubelet-config.yaml: its readOnlyPort 10255 is found there and FAILs', async () => {
  const run = await bench(['--root', roots['gke-node'], '--k8s-version', '1.29']);
  assert.equal(run.json?.benchmark, 'gke-1.6.0');
  assert.deepEqual(run.json?.targets, ['controlplane', 'node', 'managedservices']);
  assert.match(run.json?.benchmarkReason ?? '', /^platform gke \(\/home\/kubernetes\/kubelet-config\.yaml, \/home\/kubernetes\/bin\/kubelet\) -> gke-1\.6\.0 \(kube-bench's gke map: 1\.29 -> gke-1\.6\.0\)/);
  assert.equal(run.check('3.2.4').status, 'FAIL');
  assert.match(run.check('3.2.4').reason, /readOnlyPort \(--read-only-port\) is 10255 \(config-file \/home\/kubernetes\/kubelet-config\.yaml/);
  assert.deepEqual(['3.1.3', '3.2.1', '3.2.9'].map((id) => `${id}:${run.check(id).status}`), ['3.1.3:FAIL', '3.2.1:PASS', '3.2.9:PASS']);
  assert.match(run.check('5.8.3').reason, /^Manual check: legacyAbac\.enabled in `gcloud container clusters describe <cluster>`/);
});

test('bench --benchmark gke-1.6.0 --output json lists exactly kube-bench\'s gke-1.6.0 ids', async () => {
  const expected = kubeBenchIds('gke-1.6.0');
  const ran = await kubefort(['bench', '--benchmark', 'gke-1.6.0', '--output', 'json', '--root', roots['gke-node'], '--targets', 'master,controlplane,node,policies,managedservices']);
  const json = JSON.parse(ran.out) as Json;
  assert.deepEqual(json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => k.id))), expected);
});

test('Node labels from --manifests name the platform when the node itself shows none (a kubeadm node with EKS-labelled objects is still kubeadm)', async () => {
  const onKubeadm = await bench(['--root', roots['kubeadm-1.32-controlplane'], '--manifests', join(fixtures, 'platform-nodes', 'eks-nodes.yaml'), '--check', '1.2.1']);
  assert.doesNotMatch(onKubeadm.json?.benchmarkReason ?? '', /platform/);
  const policies = await bench(['--targets', 'policies', '--manifests', join(fixtures, 'platform-nodes', 'gke-nodes.yaml'), '--check', '4.1.1']);
  assert.equal(policies.json?.benchmark, 'gke-1.6.0');
  assert.match(policies.json?.benchmarkReason ?? '', /^platform gke \(label cloud\.google\.com\/gke-nodepool=default-pool on Node gke-demo-default-pool-1a2b3c4d-x9yz \(.*gke-nodes\.yaml:3\)\) -> gke-1\.6\.0 .*; Kubernetes version not detected: no node read \(--targets policies\)$/);
  assert.equal(policies.check('4.1.1').status, 'WARN', 'the objects hold no ClusterRoleBindings: not evaluated');
});

test('rke2-cis-1.24 keeps kube-bench\'s classification where it differs from cis-1.23', async () => {
  const { benchmarkByName } = await import('../../src/cis/benchmarks/index.js');
  const checks = benchmarkByName('rke2-cis-1.24').controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  const of = (id: string) => { const c = checks.find((k) => k.id === id); return [c?.automated, c?.scored]; };
  assert.deepEqual(of('1.2.23'), [true, true], '--request-timeout Automated, scored');
  assert.deepEqual(of('3.2.1'), [true, true], 'audit policy Automated, scored');
  assert.deepEqual(of('1.3.6'), [true, false], 'RotateKubeletServerCertificate unscored');
  assert.deepEqual(of('5.2.3'), [false, false]);
  assert.deepEqual(of('5.2.9'), [true, false]);
  assert.deepEqual(of('2.7'), [true, false]);
});
