import type { BenchResult, CheckResult } from '../cis/result.js';

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * JUnit XML: one <testsuite> per group (named `<target> <group id> <text>`), one <testcase> per check.
 * FAIL -> <failure>; WARN and INFO -> <skipped> (the check needs a person, or does not apply), so CI
 * shows them without failing the build; the reason and remediation go to <system-out>.
 */
export function renderCisJunit(result: BenchResult): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const t = result.total;
  out.push(`<testsuites name="kubefort bench ${xmlEscape(result.benchmark)}" tests="${t.pass + t.fail + t.warn + t.info}" failures="${t.fail}" skipped="${t.warn + t.info}">`);
  for (const controls of result.controls) {
    for (const group of controls.groups) {
      const failures = group.checks.filter((c) => c.status === 'FAIL').length;
      const skipped = group.checks.filter((c) => c.status === 'WARN' || c.status === 'INFO').length;
      out.push(`  <testsuite name="${xmlEscape(`${controls.target} ${group.id} ${group.text}`)}" tests="${group.checks.length}" failures="${failures}" skipped="${skipped}" errors="0">`);
      for (const check of group.checks) out.push(...testcase(controls.target, group.id, check));
      out.push('  </testsuite>');
    }
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(target: string, groupId: string, check: CheckResult): string[] {
  const open = `    <testcase classname="${xmlEscape(`${target}.${groupId}`)}" name="${xmlEscape(`${check.id} ${check.text}`)}">`;
  const body: string[] = [];
  if (check.status === 'FAIL') body.push(`      <failure message="${xmlEscape(check.reason)}" type="FAIL">${xmlEscape(check.remediation)}</failure>`);
  if (check.status === 'WARN' || check.status === 'INFO') body.push(`      <skipped message="${xmlEscape(`${check.status}: ${check.reason}`)}"/>`);
  if (check.status !== 'PASS') body.push(`      <system-out>${xmlEscape(`${check.status} ${check.reason}\nRemediation: ${check.remediation}`)}</system-out>`);
  if (body.length === 0) return [open.replace(/>$/, '/>')];
  return [open, ...body, '    </testcase>'];
}
