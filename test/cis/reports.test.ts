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
  assert.match(text, /^\[INFO\] 1 Control Plane Security Configuration\n\[INFO\] 1\.2 API Server\n\[WARN\] 1\.2\.1 Ensure that the --anonymous-auth argument is set to false \(Manual\)\n\[PASS\] 1\.2\.15 .*\(Automated\)\n\[FAIL\] 1\.2\.16 /m);
  assert.match(text, /== Remediations master ==\n1\.2\.1 Edit .*\n\n1\.2\.16 Edit /);
  assert.match(text, /== Summary master ==\n1 checks PASS\n1 checks FAIL\n1 checks WARN\n0 checks INFO\n/);
  assert.match(text, /== Summary total ==\n1 checks PASS\n1 checks FAIL\n1 checks WARN\n0 checks INFO\n$/);
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
  assert.match(xml, /<skipped message="WARN: kube-apiserver: --anonymous-auth is &quot;true&quot;; it needs to be false\."\/>/);
});

test('xmlEscape escapes markup and drops characters XML cannot hold', () => {
  assert.equal(xmlEscape('<a href="x">&\'\u0001</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
});
