import type { BenchResult, CheckResult } from '../cis/result.js';
import { formatLocation } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import { blocksStart } from '../validate/export.js';
import { xml as xmlEscape } from './markup.js';

/** XML escaping is the shared one (printable first, then markup), under the name the CIS reporter's callers use. */
export { xmlEscape };

export interface CisJunitOptions {
  /** The gate of the run (--fail-on): what it fails on is a <failure>, so CI and the exit code agree. */
  failOn?: 'fail' | 'violation' | 'warn' | 'never';
  /** Static pod manifest validation findings: a first testsuite "manifest validation"; absent: not validated. */
  validation?: readonly Finding[];
}

/** Whether a check is a <failure> under the gate. `never` still shows FAILs as failures (they are). */
function isFailure(check: CheckResult, failOn: CisJunitOptions['failOn']): boolean {
  if (check.status === 'FAIL') return true;
  if (failOn === 'violation') return check.verdict === 'violated';
  return failOn === 'warn' && check.status === 'WARN';
}

/**
 * JUnit XML: one <testsuite> per group (named `<target> <group id> <text>`), one <testcase> per check.
 * FAIL -> <failure type="FAIL">. A WARN -> <failure type="WARN"> when the gate fails on it (--fail-on warn,
 * or violation for a Manual check that was checked and violated), else <skipped>; INFO -> <skipped>. Every
 * non-PASS testcase carries its verdict (`violated`, `manual`, `unevaluated`, ...) and violation count as
 * <properties>, and the message of a violated WARN starts `WARN violated (N):`.
 */
export function renderCisJunit(result: BenchResult, options: CisJunitOptions = {}): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = result.controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  const failures = (checks: readonly CheckResult[]) => checks.filter((c) => isFailure(c, options.failOn)).length;
  const skipped = (checks: readonly CheckResult[]) => checks.filter((c) => c.status !== 'PASS' && !isFailure(c, options.failOn)).length;
  const mv = options.validation === undefined ? undefined : validationSuite(options.validation, options.failOn);
  const tests = all.length + (mv?.tests ?? 0);
  out.push(`<testsuites name="kubefort bench ${xmlEscape(result.benchmark)}" tests="${tests}" failures="${failures(all) + (mv?.failures ?? 0)}" skipped="${skipped(all) + (mv?.skipped ?? 0)}">`);
  if (mv) out.push(...mv.lines);
  for (const controls of result.controls) {
    for (const group of controls.groups) {
      out.push(`  <testsuite name="${xmlEscape(`${controls.target} ${group.id} ${group.text}`)}" tests="${group.checks.length}" failures="${failures(group.checks)}" skipped="${skipped(group.checks)}" errors="0">`);
      for (const check of group.checks) out.push(...testcase(controls.target, group.id, check, options.failOn));
      out.push('  </testsuite>');
    }
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(target: string, groupId: string, check: CheckResult, failOn: CisJunitOptions['failOn']): string[] {
  const open = `    <testcase classname="${xmlEscape(`${target}.${groupId}`)}" name="${xmlEscape(`${check.id} ${check.text}`)}">`;
  const body: string[] = [];
  if (check.status !== 'PASS') {
    body.push('      <properties>', `        <property name="verdict" value="${check.verdict}"/>`, `        <property name="violations" value="${check.violations}"/>`, '      </properties>');
  }
  const label = check.status === 'WARN' && check.verdict === 'violated' ? `WARN violated (${check.violations})` : check.status;
  if (check.status === 'FAIL') body.push(`      <failure message="${xmlEscape(check.reason)}" type="FAIL">${xmlEscape(check.remediation)}</failure>`);
  else if (check.status !== 'PASS' && isFailure(check, failOn)) body.push(`      <failure message="${xmlEscape(`${label}: ${check.reason}`)}" type="WARN">${xmlEscape(check.remediation)}</failure>`);
  else if (check.status === 'WARN' || check.status === 'INFO') body.push(`      <skipped message="${xmlEscape(`${label}: ${check.reason}`)}"/>`);
  if (check.status !== 'PASS') body.push(`      <system-out>${xmlEscape(`${check.status} ${check.reason}\nRemediation: ${check.remediation}`)}</system-out>`);
  if (body.length === 0) return [open.replace(/>$/, '/>')];
  return [open, ...body, '    </testcase>'];
}

/** Whether an MV finding is a <failure>: critical/high always (bench exits 1 on them), medium under --fail-on warn. */
function mvFailure(f: Finding, failOn: CisJunitOptions['failOn']): boolean {
  return blocksStart(f) || (failOn === 'warn' && f.severity !== 'info');
}

/**
 * The "manifest validation" testsuite, before the CIS groups as in the text report: one testcase per finding
 * (name `<rule id> <component>: <message>`, the file:line:column in the failure message), or one passing
 * testcase when the manifests were validated and nothing was found.
 */
function validationSuite(findings: readonly Finding[], failOn: CisJunitOptions['failOn']): { lines: string[]; tests: number; failures: number; skipped: number } {
  const failures = findings.filter((f) => mvFailure(f, failOn)).length;
  const skipped = findings.length - failures;
  const tests = Math.max(findings.length, 1);
  const lines = [`  <testsuite name="manifest validation" tests="${tests}" failures="${failures}" skipped="${skipped}" errors="0">`];
  if (findings.length === 0) lines.push('    <testcase classname="validation" name="static pod manifests start as configured"/>');
  for (const f of findings) {
    const component = f.subject ?? 'node';
    const where = f.location ? ` (${formatLocation(f.location)})` : '';
    const message = xmlEscape(`${f.severity} ${f.message}${where}`);
    lines.push(`    <testcase classname="${xmlEscape(`validation.${component}`)}" name="${xmlEscape(`${f.ruleId} ${component}: ${f.message}`)}">`);
    lines.push('      <properties>', `        <property name="severity" value="${f.severity}"/>`, ...(f.location ? [`        <property name="location" value="${xmlEscape(formatLocation(f.location))}"/>`] : []), '      </properties>');
    if (mvFailure(f, failOn)) lines.push(`      <failure message="${message}" type="${f.ruleId}">${xmlEscape(f.remediation ?? '')}</failure>`);
    else lines.push(`      <skipped message="${message}"/>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  return { lines, tests, failures, skipped };
}
