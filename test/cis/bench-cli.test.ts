import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureContext, kubefort } from '../helpers/cli.js';
import { materializeNodeFixture, ownersApplied, removeNodeFixture } from '../helpers/materialize.js';
import { goldenIn } from '../helpers/golden.js';
import { tempDir } from '../helpers/tmp.js';

const roots: string[] = [];
after(() => { for (const root of roots) removeNodeFixture(root); });
function fixture(name: string): string {
  const root = materializeNodeFixture(name);
  roots.push(root);
  return root;
}

const demo = fixture('kubeadm-1.32-controlplane');
const hardened = fixture('kubeadm-1.32-hardened');
const noOwners = ownersApplied ? false : 'fixture owners are applied only when the tests run as root';

async function bench(args: string[]) {
  return kubefort(['bench', ...args]);
}

const golden = goldenIn('cis');

test('golden text report of the demo node (what npm start prints)', { skip: noOwners }, async () => {
  const { code, out } = await bench(['--root', demo, '--benchmark', 'cis-1.12', '--fail-on', 'never']);
  assert.equal(code, 0);
  golden('demo.txt', out);
});

test('golden JSON report of the demo node', { skip: noOwners }, async () => {
  const { out } = await bench(['--root', demo, '--benchmark', 'cis-1.12', '--output', 'json', '--fail-on', 'never']);
  golden('demo.json', out);
});

test('golden text with --include-evidence for the kubelet checks', { skip: noOwners }, async () => {
  const { out } = await bench(['--root', demo, '--group', '4.2', '--include-evidence']);
  golden('demo-kubelet-evidence.txt', out);
});

test('the hardened node has zero FAIL among automated checks', { skip: noOwners }, async () => {
  const { code, out } = await bench(['--root', hardened, '--output', 'json']);
  const json = JSON.parse(out) as { controls: { groups: { checks: { id: string; automated: boolean; status: string; reason: string }[] }[] }[] };
  const failing = json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).filter((c) => c.automated && c.status === 'FAIL');
  assert.deepEqual(failing.map((c) => `${c.id}: ${c.reason}`), []);
  assert.equal(code, 0);
});

test('exit 1 when a check FAILs, 0 with --fail-on never, 0 when the selected checks pass', async () => {
  assert.equal((await bench(['--root', demo])).code, 1);
  assert.equal((await bench(['--root', demo, '--fail-on', 'never'])).code, 0);
  assert.equal((await bench(['--root', demo, '--check', '1.2.2,1.2.6'])).code, 0);
});

test('--fail-on warn exits 1 on a WARN alone', async () => {
  const { code } = await bench(['--root', hardened, '--check', '1.2.20', '--fail-on', 'warn']);
  assert.equal(code, 1);
});

/** [rule, args, stderr pattern] — usage errors exit 2 and list the valid choices. */
const USAGE: [string, string[], RegExp][] = [
  ['an unknown benchmark lists the bundled ones', ['--benchmark', 'cis-1.6'], /cis-1\.12, cis-2\.0/],
  ['an unknown target lists the targets', ['--targets', 'master,workers'], /unknown target "workers" \(valid: master, etcd, controlplane, node, policies, managedservices\)/],
  ['an unknown check id lists the ids', ['--check', '1.2.99'], /unknown check id "1\.2\.99" in the bundled benchmarks \(valid: 1\.1\.1,/],
  ['an unknown output format lists the formats', ['--output', 'xml'], /text, json, junit/],
  ['--facts with --root is refused', ['--facts', 'x.json', '--root', '/tmp'], /exclude each other/],
];
for (const [name, args, pattern] of USAGE) {
  test(`exit 2: ${name}`, async () => {
    const { code, err } = await bench(args.includes('--root') ? args : ['--root', demo, ...args]);
    assert.equal(code, 2);
    assert.match(err, pattern);
    assert.doesNotMatch(err, /at .*\.ts:\d+/);
  });
}

test('exit 2 with a clear message for a --root that is not a node', async () => {
  const { code, err } = await bench(['--root', fixture('not-a-node')]);
  assert.equal(code, 2);
  assert.match(err, /does not look like a Kubernetes node/);
});

test('--facts evaluates what `kubefort collect` saved, with the same result as reading the node', async () => {
  const dir = tempDir('facts');
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', demo, '--output', join(dir, 'facts.json')], ctx), 0);
  const fromFacts = await bench(['--facts', join(dir, 'facts.json'), '--output', 'json', '--fail-on', 'never']);
  const direct = await bench(['--root', demo, '--output', 'json', '--fail-on', 'never']);
  assert.equal(fromFacts.code, 0);
  // Only the node read validates its manifests (saved facts hold none): everything else is the same.
  const { validation, ...rest } = JSON.parse(direct.out) as Record<string, unknown>;
  assert.deepEqual(validation, []);
  assert.equal(fromFacts.out, `${JSON.stringify(rest, null, 2)}\n`);
});

test('--facts with a file that is not facts exits 2 naming the problem', async () => {
  const dir = tempDir('facts');
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schemaVersion: 1, root: '/', components: [] }));
  writeFileSync(join(dir, 'text.json'), 'not json');
  const bad = await bench(['--facts', join(dir, 'bad.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /not kubefort facts \(schemaVersion 1\): collectedAt/);
  const text = await bench(['--facts', join(dir, 'text.json')]);
  assert.equal(text.code, 2);
  assert.match(text.err, /not JSON/);
});

test('--manifests evaluates section 5 against the objects and names them with file:line', async () => {
  const dir = tempDir('objects');
  writeFileSync(join(dir, 'pods.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  hostNetwork: true\n  containers: [{name: web}]\n');
  const { out } = await bench(['--root', demo, '--manifests', dir, '--check', '5.2.5', '--include-evidence']);
  assert.match(out, /\[WARN\] 5\.2\.5 /);
  assert.match(out, /Pod shop\/web sets hostNetwork: true \(.*pods\.yaml:7:\d+\)/);
});

test('JUnit output: one testsuite per group, failures for FAIL, escaped XML', async () => {
  const { out } = await bench(['--root', demo, '--group', '1.2', '--output', 'junit', '--fail-on', 'never']);
  assert.match(out, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="kubefort bench cis-1.12" tests="31" failures="\d+" skipped="\d+">/);
  assert.match(out, /<testsuite name="manifest validation" tests="1" failures="0" skipped="0" errors="0">\n {4}<testcase classname="validation" name="static pod manifests start as configured"\/>/);
  assert.match(out, /<testsuite name="master 1.2 API Server" tests="30"/);
  assert.match(out, /<failure message="kube-apiserver: --profiling is not set \(default true\); it needs to be false." type="FAIL">/);
  assert.match(out, /container&apos;s command/);
  assert.doesNotMatch(out, /container's command/);
});

test('an undetected Kubernetes version is reported, and the newest benchmark used', async () => {
  const { out } = await bench(['--root', fixture('worker-config-dir'), '--nosummary', '--noremediations']);
  assert.match(out, /^\[INFO\] Benchmark cis-2\.0: Kubernetes version not detected \(no --k8s-version, no versioned control-plane image, no kubelet binary with a gitVersion\); using newest benchmark cis-2\.0$/m);
  assert.doesNotMatch(out, /Kubernetes version:/, 'one line says which benchmark and why');
  assert.doesNotMatch(out, /== Summary/);
});

test('bench --help documents the flags, benchmarks and exit codes', async () => {
  const ctx = captureContext();
  assert.equal(await run(['bench', '--help'], ctx), 0);
  const help = ctx.out.join('');
  for (const flag of ['--targets', '--benchmark', '--check', '--group', '--skip', '--scored', '--unscored', '--noremediations', '--nosummary', '--include-evidence', '--manifests', '--output', '--fail-on', '--facts', '--root', '--k8s-version']) {
    assert.ok(help.includes(flag), flag);
  }
  assert.match(help, /Exit codes: 0 nothing FAILs, 1 a check FAILs/);
});

test('--k8s-version v1.35.0 selects cis-2.0, whose 3.2.2 names the CSR API and serviceaccounts/token', async () => {
  const { out } = await bench(['--root', demo, '--k8s-version', 'v1.35.0', '--check', '3.2.2', '--output', 'json']);
  const json = JSON.parse(out) as { benchmark: string; benchmarkReason: string; controls: { groups: { checks: { reason: string }[] }[] }[] };
  assert.equal(json.benchmark, 'cis-2.0');
  assert.match(json.benchmarkReason, /Kubernetes 1\.35 -> cis-2\.0/);
  assert.match(json.controls[0]?.groups[0]?.checks[0]?.reason ?? '', /CertificateSigningRequest API and serviceaccounts\/token/);
});

test('an unknown check id is reported as a usage error before the node is read', async () => {
  const { code, err } = await bench(['--root', fixture('not-a-node'), '--check', '9.9']);
  assert.equal(code, 2);
  assert.match(err, /unknown check id "9\.9"/);
});

test('kube-bench\'s --json and --junit spell --output json and --output junit', async () => {
  const json = await bench(['--root', demo, '--check', '1.2.2', '--json']);
  assert.equal((JSON.parse(json.out) as { benchmark: string }).benchmark, 'cis-1.12');
  const junit = await bench(['--root', demo, '--check', '1.2.2', '--junit']);
  assert.match(junit.out, /^<\?xml /);
  const both = await bench(['--root', demo, '--json', '--junit']);
  assert.equal(both.code, 2);
  assert.match(both.err, /^kubefort: conflicting output formats: json and junit/);
});
