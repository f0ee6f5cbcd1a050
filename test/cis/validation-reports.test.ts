import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { run } from '../../src/cli/program.js';
import { captureContext, kubefort } from '../helpers/cli.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { goldenIn } from '../helpers/golden.js';
import { tempDir } from '../helpers/tmp.js';

const roots: string[] = [];
after(() => { for (const root of roots) removeNodeFixture(root); });

/** The demo node with a scheduler manifest that would not start (MV003) and a duplicated flag (MV006). */
function brokenNode(): string {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  roots.push(root);
  const manifest = join(root, 'etc/kubernetes/manifests/kube-scheduler.yaml');
  const text = readFileSync(manifest, 'utf8');
  assert.ok(text.includes('    - --leader-elect=true\n'));
  writeFileSync(manifest, text.replace('    - --leader-elect=true\n', '    - --leader-elect=ture\n    - --profiling=true\n    - --profiling=false\n'));
  return root;
}
const broken = brokenNode();
const demo = materializeNodeFixture('kubeadm-1.32-controlplane');
roots.push(demo);
const golden = goldenIn('cis');

async function bench(args: string[]) {
  return kubefort(['bench', ...args]);
}

interface Entry { ruleId: string; severity: string; component: string; message: string; location?: string; file?: string; line?: number; column?: number }

test('bench --output json carries the MV findings as `validation`, with rule id, severity, component and file:line:col', async () => {
  const { code, out } = await bench(['--root', broken, '--check', '1.4.1', '--output', 'json']);
  assert.equal(code, 1);
  const doc = JSON.parse(out) as { validation?: Entry[] };
  assert.ok(Array.isArray(doc.validation), 'a validation array');
  const mv003 = doc.validation.find((e) => e.ruleId === 'MV003');
  assert.deepEqual(
    { ...mv003, remediation: undefined },
    {
      ruleId: 'MV003', severity: 'critical', component: 'kube-scheduler', message: '--leader-elect=ture: not a boolean (kube-scheduler accepts true or false)',
      location: mv003?.location, file: '/etc/kubernetes/manifests/kube-scheduler.yaml', line: mv003?.line, column: mv003?.column, remediation: undefined,
    },
  );
  assert.match(mv003?.location ?? '', /^\/etc\/kubernetes\/manifests\/kube-scheduler\.yaml:\d+:\d+$/);
  assert.equal(mv003?.location, `${mv003?.file}:${mv003?.line}:${mv003?.column}`);
  const lines = readFileSync(join(broken, 'etc/kubernetes/manifests/kube-scheduler.yaml'), 'utf8').split('\n');
  assert.ok(lines[(mv003?.line ?? 0) - 1]?.includes('--leader-elect=ture'), 'the line is the one holding the bad value');
  // MV007: the running scheduler (the fixture's /proc) still has the old arguments; it has no line of its own.
  assert.deepEqual(doc.validation.map((e) => `${e.ruleId} ${e.severity} ${e.location ?? ''}`), [
    `MV003 critical ${mv003?.location ?? ''}`,
    'MV006 medium /etc/kubernetes/manifests/kube-scheduler.yaml:20:7',
    'MV007 medium /etc/kubernetes/manifests/kube-scheduler.yaml',
  ]);
});

test('bench --output json of a clean node: an empty validation array (validated, nothing found); --facts: no validation key', async () => {
  const clean = JSON.parse((await bench(['--root', demo, '--check', '1.4.1', '--output', 'json'])).out) as { validation?: unknown[] };
  assert.deepEqual(clean.validation, []);
  const { out: facts } = await runCollect(demo);
  const file = join(tempDir('facts'), 'facts.json');
  writeFileSync(file, facts);
  const fromFacts = JSON.parse((await bench(['--facts', file, '--check', '1.4.1', '--output', 'json'])).out) as Record<string, unknown>;
  assert.ok(!('validation' in fromFacts), 'saved facts have no manifests: not validated is not "clean"');
});

async function runCollect(root: string) {
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', root], ctx), 0);
  return { out: ctx.out.join('') };
}

test('bench --output junit: a "manifest validation" testsuite with a failing testcase per blocking finding', async () => {
  const { code, out } = await bench(['--root', broken, '--check', '1.4.1', '--output', 'junit']);
  assert.equal(code, 1);
  const suite = /<testsuite name="manifest validation" tests="(\d+)" failures="(\d+)" skipped="(\d+)"[^>]*>([\s\S]*?)<\/testsuite>/.exec(out);
  assert.ok(suite, out);
  assert.deepEqual(suite.slice(1, 4), ['3', '1', '2']);
  assert.match(suite[4] ?? '', /<testcase classname="validation\.kube-scheduler" name="MV003 kube-scheduler: --leader-elect=ture: not a boolean[^"]*">[\s\S]*<failure message="critical [^"]*\(\/etc\/kubernetes\/manifests\/kube-scheduler\.yaml:\d+:\d+\)" type="MV003">/);
  assert.match(suite[4] ?? '', /name="MV006 kube-scheduler: [^"]*">[\s\S]*?<skipped message="medium /, 'medium is shown, not failed under --fail-on fail');
  assert.ok(out.indexOf('manifest validation') < out.indexOf('1.4 Scheduler'), 'before the CIS groups');
  const totals = /<testsuites [^>]*tests="(\d+)" failures="(\d+)"/.exec(out);
  assert.deepEqual(totals?.slice(1), ['4', '2'], 'the totals count the validation testcases (1 failing CIS check + 3, of which MV003 fails)');
  const warn = (await bench(['--root', broken, '--check', '1.4.1', '--output', 'junit', '--fail-on', 'warn'])).out;
  assert.match(warn, /<testsuite name="manifest validation" tests="3" failures="3" skipped="0"/);
});

test('golden JUnit and JSON of a node with broken manifests (reviewed)', async () => {
  const path = (s: string) => s.split(broken).join('<root>');
  golden('validation.junit.xml', path((await bench(['--root', broken, '--check', '1.4.1,1.4.2', '--output', 'junit'])).out));
  golden('validation.json', path((await bench(['--root', broken, '--check', '1.4.1', '--output', 'json', '--noremediations'])).out));
});

async function scan(args: string[]) {
  const { code, out } = await kubefort(['scan', ...args]);
  return { code, out };
}

interface Sarif { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } } }[] }[] }[] }

test('kubefort scan --root: MV findings reach SARIF through the shared Finding path, with the MV rules in the catalogue', async () => {
  const { code, out } = await scan(['--root', broken, '--area', 'cis', '-o', 'sarif']);
  assert.equal(code, 1);
  const sarif = JSON.parse(out) as Sarif;
  const runOf = sarif.runs[0];
  const ids = runOf?.tool.driver.rules.map((r) => r.id) ?? [];
  for (const id of ['MV000', 'MV001', 'MV002', 'MV003', 'MV004', 'MV005', 'MV006', 'MV007', 'MV008']) assert.ok(ids.includes(id), id);
  const mv003 = runOf?.results.find((r) => r.ruleId === 'MV003');
  assert.ok(mv003, 'an MV003 result');
  assert.equal(mv003.level, 'error');
  assert.match(mv003.locations?.[0]?.physicalLocation.artifactLocation.uri ?? '', /etc\/kubernetes\/manifests\/kube-scheduler\.yaml$/);
  assert.ok((mv003.locations?.[0]?.physicalLocation.region?.startLine ?? 0) > 0);
  const clean = JSON.parse((await scan(['--root', demo, '--area', 'cis', '-o', 'sarif'])).out) as Sarif;
  assert.ok(!clean.runs[0]?.results.some((r) => r.ruleId.startsWith('MV')), 'a clean node has no MV result');
});

test('kubefort scan --root -o html names the MV finding', async () => {
  const { out } = await scan(['--root', broken, '--area', 'cis', '-o', 'html']);
  assert.ok(out.includes('MV003'), 'MV003 in the HTML report');
  assert.ok(out.includes('--leader-elect=ture'));
});
