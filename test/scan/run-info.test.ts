// Run-level information an area attaches to the shared findings report (RunInfo: named properties and human lines):
// netpol's hostNetwork reading in `netpol lint -o junit|sarif|html` and in every format of `kubefort scan`. Other
// areas attach none, and their reports stay as they were.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { kubefort } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { goldenIn } from '../helpers/golden.js';
import { validator } from './helpers.js';

const HN = 'test/fixtures/netpol/hostnetwork/node-agent.yaml';
const G04 = 'test/fixtures/netpol/seed-g04';
const assertGolden = goldenIn('netpol');
const validateSarif = validator('test/scan/sarif-schema-2.1.0.json');
const READING_NODE = "hostNetwork reading: node (hostNetwork pods are their node: NetworkPolicies do not select them, ipBlocks match their node's IP, and they reach pods on their own node); hostNetwork workloads: monitoring/probe[Pod]; nodes, each reaching the pods placed on it whatever the policies say: worker-1 192.168.50.11, worker-2 192.168.50.12";

interface Sarif { runs: { invocations: { properties?: Record<string, unknown>; toolExecutionNotifications: unknown[] }[]; properties?: unknown }[] }

function sarifOf(out: string): Sarif {
  const sarif = JSON.parse(out) as Sarif;
  assert.deepEqual(validateSarif(sarif), []);
  return sarif;
}

/** The <properties> block of the testsuite named `suite`, or undefined. */
function suiteProperties(junit: string, suite: string): string | undefined {
  const start = junit.indexOf(`<testsuite name="${suite}"`);
  assert.ok(start >= 0, `testsuite ${suite}`);
  const body = junit.slice(start, junit.indexOf('</testsuite>', start));
  return /<properties>[\s\S]*?<\/properties>/.exec(body)?.[0];
}

describe('netpol lint: the hostNetwork reading in JUnit, SARIF and HTML', () => {
  test('-o junit: <properties> on the netpol testsuite, before its testcases (golden)', async () => {
    const r = await kubefort(['netpol', 'lint', HN, '-o', 'junit']);
    assert.equal(r.code, 1, r.err);
    assertGolden('lint-hostnetwork.junit.xml', r.out);
    assert.match(r.out, /<testsuite name="netpol"[^>]*>\n {4}<properties>\n {6}<property name="hostNetworkReading" value="node"\/>\n {6}<property name="hostNetworkWorkloads" value="monitoring\/probe\[Pod\]"\/>\n {4}<\/properties>\n {4}<testcase /);
    const pod = await kubefort(['netpol', 'lint', HN, '--host-network', 'pod', '-o', 'junit']);
    assert.match(suiteProperties(pod.out, 'netpol') ?? '', /<property name="hostNetworkReading" value="pod"\/>/);
    // No hostNetwork workload: the reading is still said (it is the analysis setting), with no workload affected.
    const g04 = await kubefort(['netpol', 'lint', G04, '-o', 'junit']);
    assert.match(suiteProperties(g04.out, 'netpol') ?? '', /<property name="hostNetworkReading" value="node"\/>\n {6}<property name="hostNetworkWorkloads" value=""\/>/);
  });

  test('-o sarif: the invocation property bag (SARIF 2.1.0 §3.20, §3.8), valid against the schema', async () => {
    const r = await kubefort(['netpol', 'lint', HN, '-o', 'sarif']);
    assert.equal(r.code, 1, r.err);
    const run = sarifOf(r.out).runs[0];
    assert.deepEqual(run?.invocations[0]?.properties, { 'netpol/hostNetworkReading': 'node', 'netpol/hostNetworkWorkloads': ['monitoring/probe[Pod]'] });
    assert.equal(run?.properties, undefined);
    const pod = sarifOf((await kubefort(['netpol', 'lint', HN, '--host-network', 'pod', '-o', 'sarif'])).out);
    assert.equal(pod.runs[0]?.invocations[0]?.properties?.['netpol/hostNetworkReading'], 'pod');
    const g04 = sarifOf((await kubefort(['netpol', 'lint', G04, '-o', 'sarif'])).out);
    assert.deepEqual(g04.runs[0]?.invocations[0]?.properties, { 'netpol/hostNetworkReading': 'node', 'netpol/hostNetworkWorkloads': [] });
  });

  test('-o html: the reading line in the header when it changes something, none otherwise', async () => {
    const r = await kubefort(['netpol', 'lint', HN, '-o', 'html']);
    assert.equal(r.code, 1, r.err);
    const header = r.out.slice(r.out.indexOf('<h1>'), r.out.indexOf('<h2>'));
    assert.ok(header.includes(`<p class="run-info"><b>netpol</b>: ${READING_NODE.replace("node's", 'node&#39;s')}</p>`), header);
    const g04 = await kubefort(['netpol', 'lint', G04, '-o', 'html']);
    assert.doesNotMatch(g04.out, /run-info|hostNetwork/);
  });

  test('hostile workload names are escaped in every format', async () => {
    const dir = tempDir('run-info');
    const file = join(dir, 'hostile.yaml');
    writeFileSync(file, `apiVersion: v1
kind: Pod
metadata:
  name: "<img src=x onerror=alert(1)>\\e[31m\\u202e"
  namespace: default
spec:
  hostNetwork: true
  nodeName: worker-1
  containers:
  - name: agent
    image: agent:1
status:
  podIP: 192.168.50.11
  hostIP: 192.168.50.11
`);
    const html = (await kubefort(['netpol', 'lint', file, '-o', 'html'])).out;
    assert.match(html, /<p class="run-info"><b>netpol<\/b>: hostNetwork reading: node .*default\/&lt;img src=x onerror=alert\(1\)&gt;\\x1b\[31m\\u\{202e\}\[Pod\]; nodes, each reaching the pods placed on it whatever the policies say: worker-1 192\.168\.50\.11<\/p>/);
    const junit = (await kubefort(['netpol', 'lint', file, '-o', 'junit'])).out;
    assert.match(junit, /<property name="hostNetworkWorkloads" value="default\/&lt;img src=x onerror=alert\(1\)&gt;\\x1b\[31m\\u\{202e\}\[Pod\]"\/>/);
    const sarif = (await kubefort(['netpol', 'lint', file, '-o', 'sarif'])).out;
    assert.ok(sarif.includes('"default/<img src=x onerror=alert(1)>\\u001b[31m\\u202e[Pod]"'), 'JSON escapes: ESC and the bidi override as \\u');
    for (const out of [html, junit, sarif]) assert.ok(!out.includes('\u001b') && !out.includes('\u202e'), 'no raw control or bidi character');
  });
});

describe('kubefort scan: the netpol area carries the reading in every format', () => {
  test('junit: properties on the netpol suite only', async () => {
    const r = await kubefort(['scan', HN, '-o', 'junit']);
    assert.equal(r.code, 1, r.err);
    assert.match(suiteProperties(r.out, 'netpol') ?? '', /<property name="hostNetworkReading" value="node"\/>\n {6}<property name="hostNetworkWorkloads" value="monitoring\/probe\[Pod\]"\/>/);
    for (const other of ['cis', 'ingress', 'rbac', 'gui']) assert.equal(suiteProperties(r.out, other), undefined, other);
  });

  test('sarif: the invocation property bag, named by area', async () => {
    const run = sarifOf((await kubefort(['scan', HN, '-o', 'sarif'])).out).runs[0];
    assert.deepEqual(run?.invocations[0]?.properties, { 'netpol/hostNetworkReading': 'node', 'netpol/hostNetworkWorkloads': ['monitoring/probe[Pod]'] });
  });

  test('json: areas[].info on the netpol area, valid against docs/scan-report.schema.json', async () => {
    const validate = validator('docs/scan-report.schema.json');
    const report = JSON.parse((await kubefort(['scan', HN, '-o', 'json'])).out) as { areas: { id: string; info?: unknown }[] };
    assert.deepEqual(validate(report), []);
    assert.deepEqual(report.areas.find((a) => a.id === 'netpol')?.info, {
      properties: { hostNetworkReading: 'node', hostNetworkWorkloads: ['monitoring/probe[Pod]'] },
      lines: [READING_NODE],
    });
    assert.deepEqual(report.areas.filter((a) => a.info !== undefined).map((a) => a.id), ['netpol']);
    assert.ok(validate({ ...report, areas: [{ ...report.areas[0], info: { lines: 'x' } }] }).length > 0, 'the schema can fail');
  });

  test('text and html: the reading line', async () => {
    const text = (await kubefort(['scan', HN])).out;
    assert.ok(text.includes(`\nNotes:\n  netpol: ${READING_NODE}\n`), text);
    const html = (await kubefort(['scan', HN, '-o', 'html'])).out;
    assert.ok(html.includes('<p class="run-info"><b>netpol</b>: hostNetwork reading: node ('));
    // No hostNetwork workload: nothing to say in the human formats.
    assert.doesNotMatch((await kubefort(['scan', G04])).out, /Notes:|hostNetwork/);
  });
});

describe('areas without run information: their reports gain nothing', () => {
  for (const args of [['gui', 'test/fixtures/gui/headlamp-exposed'], ['ingress', 'test/fixtures/ingress/t75'], ['scan', '--area', 'ingress,gui', 'test/fixtures/ingress/t75']]) {
    test(`${args.join(' ')}: no <properties>, no invocation properties, no run-info line`, async () => {
      assert.doesNotMatch((await kubefort([...args, '-o', 'junit'])).out, /<properties>/);
      assert.equal(sarifOf((await kubefort([...args, '-o', 'sarif'])).out).runs[0]?.invocations[0]?.properties, undefined);
      assert.doesNotMatch((await kubefort([...args, '-o', 'html'])).out, /run-info/);
    });
  }
});
