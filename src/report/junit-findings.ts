import { printable } from '../domain/printable.js';
import type { AreaSummary, ScanReport } from '../scan/model.js';
import { whereText } from '../scan/run.js';
import { xml } from './markup.js';

/**
 * An area's run information as the testsuite's `<properties>` (before its testcases, where JUnit consumers read
 * them): one `<property name value>` each, a list joined by ", ", every value on one line.
 */
function properties(area: AreaSummary): string[] {
  const entries = Object.entries(area.info?.properties ?? {});
  if (entries.length === 0) return [];
  const value = (v: string | readonly string[]): string => (typeof v === 'string' ? printable(v) : v.map(printable).join(', '));
  return ['    <properties>', ...entries.map(([name, v]) => `      <property name="${xml(printable(name))}" value="${xml(value(v))}"/>`), '    </properties>'];
}

/** JUnit XML: one testsuite per area, one failing testcase per finding, one skipped testcase per item not evaluated. */
export function findingsJunit(report: ScanReport): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = report.findings.length;
  const skipped = report.areas.reduce((n, a) => n + a.notEvaluated.length, 0);
  out.push(`<testsuites name="kubefort scan" tests="${failures + skipped}" failures="${failures}" skipped="${skipped}">`);
  for (const area of report.areas) {
    const findings = report.findings.filter((f) => f.area === area.id);
    out.push(`  <testsuite name="${xml(area.id)}" tests="${findings.length + area.notEvaluated.length}" failures="${findings.length}" skipped="${area.notEvaluated.length}">`, ...properties(area));
    for (const f of findings) {
      out.push(`    <testcase classname="${xml(`${area.id}.${f.ruleId}`)}" name="${xml(`${f.id} ${f.subject ?? ''}`.trim())}">`);
      out.push(`      <failure type="${xml(f.severity)}" message="${xml(f.message)}">${xml(`${whereText(f)}\n${f.remediation ?? ''}`)}</failure>`);
      out.push('    </testcase>');
    }
    area.notEvaluated.forEach((n, i) => {
      out.push(`    <testcase classname="${xml(`${area.id}.not-evaluated`)}" name="${xml(`${i + 1}`)}"><skipped message="${xml(n)}"/></testcase>`);
    });
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
