import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { scan, validator } from './helpers.js';
import { NETPOL_RULES } from '../../src/netpol/rules.js';

const G04 = 'test/fixtures/netpol/seed-g04';
const LIVE_FIXTURE = 'test/fixtures/live';
const INGRESS = 'test/fixtures/ingress/t75-secretname-typo';

describe('kubefort scan reports', () => {
  test('SARIF validates against the official SARIF 2.1.0 schema, with rules, regions and stable fingerprints', async () => {
    const validate = validator('test/scan/sarif-schema-2.1.0.json');
    const first = await scan([G04, LIVE_FIXTURE, INGRESS, '-o', 'sarif']);
    assert.equal(first.code, 1, first.err);
    const sarif = JSON.parse(first.out) as { runs: { tool: { driver: { rules: { id: string; properties: Record<string, string>; help: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; partialFingerprints: Record<string, string>; locations: { physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };
    assert.deepEqual(validate(sarif), []);
    assert.ok(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'severe' }] }] }).length > 0, 'the schema can fail');
    const run = sarif.runs[0];
    assert.ok(run !== undefined && run.results.length > 0);
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId);
      assert.match(r.partialFingerprints['kubefortFindingId/v1'] ?? '', /-[0-9a-f]{12}$/);
    }
    const np004 = run.results.find((r) => r.ruleId === 'NP004');
    assert.equal(np004?.locations[0]?.physicalLocation?.artifactLocation.uri, 'test/fixtures/netpol/seed-g04/ng04.yml');
    assert.equal(typeof np004?.locations[0]?.physicalLocation?.region?.startLine, 'number');
    const rule = run.tool.driver.rules.find((r) => r.id === 'NP004');
    assert.equal(rule?.properties['security-severity'], '8.0');
    // The same input gives the same fingerprints.
    assert.ok(run.results.some((r) => r.ruleId === 'ING011'), 'the ingress area plugs into the same report');
    const second = JSON.parse((await scan([G04, LIVE_FIXTURE, INGRESS, '-o', 'sarif'])).out) as typeof sarif;
    assert.deepEqual(second.runs[0]?.results.map((r) => r.partialFingerprints), run.results.map((r) => r.partialFingerprints));
  });

  test('JSON follows docs/scan-report.schema.json', async () => {
    const validate = validator('docs/scan-report.schema.json');
    const r = await scan([G04, LIVE_FIXTURE, '-o', 'json']);
    const report = JSON.parse(r.out) as { areas: { id: string }[]; findings: unknown[] };
    assert.deepEqual(validate(report), []);
    assert.deepEqual(report.areas.map((a) => a.id), ['access', 'cis', 'netpol', 'ingress', 'rbac', 'gui', 'ports', 'binaries']);
    assert.deepEqual(validate({ ...report, findings: [{ id: 'x', area: 'netpol' }] }).length > 0, true, 'the schema can fail');
  });

  test('JUnit: one suite per area, one failure per finding', async () => {
    const r = await scan([G04, '-o', 'junit', '--area', 'netpol']);
    assert.match(r.out, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="kubefort scan" tests="8" failures="8" skipped="0">/);
    assert.equal((r.out.match(/<failure /g) ?? []).length, 8);
  });

  test('--fail-on, --area and --skip-rule', async () => {
    assert.equal((await scan([G04, '--area', 'netpol', '--fail-on', 'critical'])).code, 0);
    assert.equal((await scan([G04, '--area', 'netpol', '--fail-on', 'high'])).code, 1);
    const skipped = await scan([G04, '--area', 'netpol', '--skip-rule', 'NP004,NP006', '--fail-on', 'high', '-o', 'json']);
    assert.equal(skipped.code, 0);
    assert.ok(!(JSON.parse(skipped.out) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'NP004'));
    const bad = await scan([G04, '--area', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unknown area "nope" \(valid: access, cis, netpol, ingress, rbac, gui, ports, binaries\)/);
  });

  test('an ignore file suppresses with a reason; an expired entry is itself a finding; a missing reason is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubefort-ignore-'));
    try {
      const file = join(dir, '.kubefortignore');
      writeFileSync(file, '- rule: NP003\n  object: default/other[Pod]\n  reason: legacy pod, replaced in Q1\n  expires: 2027-03-31\n- rule: NP001\n  object: "*"\n  reason: ingress is open on purpose\n  expires: 2026-01-01\n');
      const r = await scan([G04, '--area', 'netpol', '--ignore-file', file, '-o', 'json']);
      const report = JSON.parse(r.out) as { findings: { ruleId: string; subject?: string }[]; ignored: { ruleId: string; reason: string }[] };
      assert.deepEqual(report.ignored.map((i) => [i.ruleId, i.reason]), [['NP003', 'legacy pod, replaced in Q1']]);
      assert.ok(report.findings.some((f) => f.ruleId === 'IGN001' && f.subject === 'NP001 *'));
      assert.ok(report.findings.some((f) => f.ruleId === 'NP001'), 'an expired entry suppresses nothing');
      writeFileSync(file, '- rule: NP003\n  object: default/other[Pod]\n');
      const bad = await scan([G04, '--ignore-file', file]);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /\.kubefortignore:1: reason is required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a gate never goes green on nothing: no objects is exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubefort-empty-'));
    try {
      const r = await scan([dir]);
      assert.equal(r.code, 2);
      assert.match(r.err, /no Kubernetes objects/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kubefort scan --root alone', () => {
  test('judges the node and passes nothing about objects it was not given', async () => {
    const { materializeCase, removeMaterialized } = await import('../../scripts/materialize-fixture.mjs');
    const root = mkdtempSync(join(tmpdir(), 'kubefort-scan-root-'));
    try {
      materializeCase('kubeadm-1.32-controlplane', root);
      const r = await scan(['--root', root, '-o', 'json']);
      const report = JSON.parse(r.out) as { areas: { id: string; notEvaluated: string[] }[]; findings: { ruleId: string; area: string }[] };
      assert.ok(report.findings.some((f) => f.area === 'cis' && f.ruleId.startsWith('CIS-1.')), r.err);
      assert.ok(!report.findings.some((f) => f.ruleId.startsWith('CIS-5.')));
      assert.deepEqual(report.areas.find((a) => a.id === 'netpol')?.notEvaluated, ['NetworkPolicy lint: needs cluster objects (PATHs or --live)']);
    } finally {
      removeMaterialized(root);
    }
  });
});

describe('netpol lint shares the finding formats', () => {
  test('netpol lint -o sarif validates; -o junit and -o html render the same findings', async () => {
    const { run } = await import('../../src/cli/program.js');
    const { captureContext } = await import('../helpers/cli.js');
    const lint = async (format: string): Promise<string> => {
      const ctx = captureContext();
      assert.equal(await run(['netpol', 'lint', G04, '-o', format], ctx), 1);
      return ctx.out.join('');
    };
    const sarif = JSON.parse(await lint('sarif')) as { runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    assert.deepEqual(validator('test/scan/sarif-schema-2.1.0.json')(sarif), []);
    assert.equal(sarif.runs[0]?.results.length, 8);
    // tool.driver.rules is netpol's whole catalogue, one entry per rule id, and every result names one of them.
    const ids = sarif.runs[0]?.tool.driver.rules.map((r) => r.id) ?? [];
    assert.deepEqual(ids, ['NP000', 'NP001', 'NP002', 'NP003', 'NP004', 'NP005', 'NP006', 'NP007', 'NP008', 'NP009', 'NP010', 'NP011', 'NP012']);
    assert.deepEqual(ids, NETPOL_RULES.map((r) => r.id));
    for (const r of sarif.runs[0]?.results ?? []) assert.ok(ids.includes(r.ruleId), `${r.ruleId} is in the catalogue`);
    assert.equal(((await lint('junit')).match(/<failure /g) ?? []).length, 8);
    // The HTML holds the findings themselves: one row per finding with its rule id, object and file:line:column.
    const html = await lint('html');
    assert.equal((html.match(/<tr data-area="netpol"/g) ?? []).length, 8);
    assert.match(html, /<td>NP004<\/td><td><\/td>\n<td>g04\[Namespace\]<\/td><td class="msg">namespace g04: 2 workload\(s\) can reach the cloud metadata endpoint 169\.254\.169\.254/);
    assert.ok(html.includes(`<code>${G04}/ng04.yml:1:1</code>`), 'the location of the finding');
  });

  test('netpol lint -o html: a hostile Pod name is shown escaped in the finding\'s row, never as markup or a terminal escape', async () => {
    const { run } = await import('../../src/cli/program.js');
    const { captureContext } = await import('../helpers/cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'kubefort-lint-html-'));
    try {
      const file = join(dir, 'pod.yaml');
      writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "<img src=x onerror=alert(1)>\\e[31m"\n  namespace: shop\n  labels: {app: web}\nspec:\n  containers:\n  - name: web\n    image: nginx\n');
      const ctx = captureContext();
      assert.equal(await run(['netpol', 'lint', file, '-o', 'html'], ctx), 1, ctx.err.join(''));
      const html = ctx.out.join('');
      const shown = 'shop/&lt;img src=x onerror=alert(1)&gt;\\x1b[31m[Pod]';
      assert.ok(html.includes(`<td>NP003</td><td></td>\n<td>${shown}</td><td class="msg">${shown} is selected by no NetworkPolicy`), html);
      assert.ok(html.includes(`<code>${file}:1:1</code>`), 'the location of the Pod');
      assert.ok(!html.includes('<img src=x') && !html.includes('\u001b'), 'no markup, no raw escape');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
