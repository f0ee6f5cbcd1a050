import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkByName } from '../../src/cis/benchmarks/index.js';
import { evaluate } from '../../src/cis/evaluate.js';
import { renderCisJson } from '../../src/report/cis-json.js';
import { renderCisJunit, xmlEscape } from '../../src/report/cis-junit.js';
import { renderCisText } from '../../src/report/cis-text.js';
import { running } from './builders.js';

const result = evaluate({
  facts: running('kube-apiserver', ['--profiling=false', '--anonymous-auth=true']),
  benchmark: benchmarkByName('cis-1.12'),
  benchmarkReason: 'test',
  selection: { targets: ['master'], checks: ['1.2.1', '1.2.15', '1.2.16'] },
});

test('text report: kube-bench layout with remediations for FAIL and WARN and summaries', () => {
  const text = renderCisText(result, { color: false });
  assert.match(text, /^\[INFO\] 1 Control Plane Security Configuration\n\[INFO\] 1\.2 API Server\n\[WARN\] 1\.2\.1 Ensure that the --anonymous-auth argument is set to false \(Manual\) \[violated: 1\]\n\[PASS\] 1\.2\.15 .*\(Automated\)\n\[FAIL\] 1\.2\.16 /m);
  assert.match(text, /== Remediations master ==\n1\.2\.1 Edit .*\n\n1\.2\.16 Edit /);
  assert.match(text, /== Summary master ==\n1 checks PASS\n1 checks FAIL\n1 checks WARN \(1 checked and violated\)\n0 checks INFO\n/);
  assert.match(text, /== Summary total ==\n1 checks PASS\n1 checks FAIL\n1 checks WARN \(1 checked and violated\)\n0 checks INFO\n$/);
});

test('text report: colours only when asked (the CLI asks only on a TTY without NO_COLOR)', () => {
  const ESC = String.fromCharCode(27);
  assert.ok(!renderCisText(result, { color: false }).includes(ESC));
  assert.ok(renderCisText(result, { color: true }).includes(`${ESC}[31m[FAIL]${ESC}[39m 1.2.16`));
});

test('text report: --noremediations and --nosummary leave those parts out; --include-evidence adds value and location', () => {
  const text = renderCisText(result, { color: false, noRemediations: true, noSummary: true, includeEvidence: true });
  assert.doesNotMatch(text, /== (Remediations|Summary)/);
  assert.match(text, /--anonymous-auth = true \[manifest\] at \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml:21:7/);
});

test('JSON report: --noremediations drops the remediation field only', () => {
  const json = JSON.parse(renderCisJson(result, { noRemediations: true })) as { controls: { groups: { checks: Record<string, unknown>[] }[] }[] };
  const check = json.controls[0]?.groups[0]?.checks[0] ?? {};
  assert.equal(check.remediation, undefined);
  assert.equal(check.status, 'WARN');
});

test('JUnit: FAIL is a failure, WARN is skipped with the reason, PASS is an empty testcase', () => {
  const xml = renderCisJunit(result);
  assert.match(xml, /tests="3" failures="1" skipped="1"/);
  assert.match(xml, /<testcase classname="master\.1\.2" name="1\.2\.15 [^"]*"\/>/);
  assert.match(xml, /<skipped message="WARN violated \(1\): kube-apiserver: --anonymous-auth is &quot;true&quot;; it needs to be false\."\/>/);
  assert.match(xml, /<property name="verdict" value="violated"\/>\n\s*<property name="violations" value="1"\/>/);
});

test('JUnit with --fail-on violation: a Manual check that was checked and violated is a failure, as the exit code says', () => {
  const xml = renderCisJunit(result, { failOn: 'violation' });
  assert.match(xml, /tests="3" failures="2" skipped="0"/);
  assert.match(xml, /<failure message="WARN violated \(1\): kube-apiserver: --anonymous-auth[^"]*" type="WARN">/);
});

test('a manual check is told apart from a violated one in text, JSON and JUnit', () => {
  const manual = evaluate({
    facts: running('kube-apiserver', ['--anonymous-auth=true']), benchmark: benchmarkByName('cis-1.12'), benchmarkReason: 'test',
    selection: { targets: ['controlplane'], checks: ['3.1.1'] },
  });
  assert.doesNotMatch(renderCisText(manual, { color: false }), /violated/);
  const check = (JSON.parse(renderCisJson(manual)) as { controls: { groups: { checks: { verdict: string; violations: number }[] }[] }[] }).controls[0]?.groups[0]?.checks[0];
  assert.deepEqual(check && { verdict: check.verdict, violations: check.violations }, { verdict: 'manual', violations: 0 });
  assert.match(renderCisJunit(manual, { failOn: 'violation' }), /<skipped message="WARN: Manual check: /);
  assert.match(renderCisJunit(manual), /<property name="verdict" value="manual"\/>/);
});

test('JSON report: each check has verdict and violations; summaries count violated checks', () => {
  const json = JSON.parse(renderCisJson(result)) as { total: Record<string, number>; controls: { groups: { checks: { id: string; verdict: string; violations: number }[] }[] }[] };
  const checks = json.controls[0]?.groups[0]?.checks.map((c) => `${c.id} ${c.verdict} ${c.violations}`);
  assert.deepEqual(checks, ['1.2.1 violated 1', '1.2.15 satisfied 0', '1.2.16 violated 1']);
  assert.deepEqual(json.total, { pass: 1, fail: 1, warn: 1, info: 0, violated: 2 });
});

test('text report: --nototals leaves out the total summary only', () => {
  const text = renderCisText(result, { color: false, noTotals: true });
  assert.match(text, /== Summary master ==/);
  assert.doesNotMatch(text, /== Summary total ==/);
});

test('xmlEscape escapes markup and writes characters XML cannot hold visibly', () => {
  assert.equal(xmlEscape('<a href="x">&\'\u0001</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\x01&lt;/a&gt;');
});
