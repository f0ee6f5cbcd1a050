import pc from 'picocolors';
import type { ScanReport } from '../scan/model.js';
import { whereText } from '../scan/run.js';
import { SEVERITY_ORDER, type Severity } from '../domain/status.js';
import { printableText } from '../domain/printable.js';

function paint(color: boolean, severity: Severity, text: string): string {
  if (!color) return text;
  return severity === 'critical' || severity === 'high' ? pc.red(text) : severity === 'medium' ? pc.yellow(text) : pc.dim(text);
}

/** The scan report for a terminal or a log: counts per area, what could not be judged, then the findings. */
export function scanText(report: ScanReport, options: { color: boolean }): string {
  const out: string[] = [`kubefort scan of ${report.source.map(printableText).join(', ')}`, ''];
  const width = Math.max(...report.areas.map((a) => a.id.length), 4);
  out.push(`${'AREA'.padEnd(width)}  ${SEVERITY_ORDER.map((s) => s.toUpperCase().padStart(8)).join('')}  NOT EVALUATED`);
  for (const a of report.areas) {
    out.push(`${a.id.padEnd(width)}  ${SEVERITY_ORDER.map((s) => String(a.counts[s]).padStart(8)).join('')}  ${a.notEvaluated.length}`);
  }
  if (report.unreadable.length > 0) {
    out.push('', 'Could not read (checks that need these are not evaluated, never PASS):');
    for (const u of report.unreadable) out.push(`  ${printableText(u)}`);
  }
  const notEvaluated = report.areas.flatMap((a) => a.notEvaluated.map((n) => `${a.id}: ${n}`));
  if (notEvaluated.length > 0) {
    out.push('', `Not evaluated (${notEvaluated.length}):`);
    for (const n of notEvaluated) out.push(`  ${printableText(n)}`);
  }
  const info = report.areas.flatMap((a) => (a.info?.lines ?? []).map((l) => `${a.id}: ${l}`));
  if (info.length > 0) {
    out.push('', 'Notes:');
    for (const n of info) out.push(`  ${printableText(n)}`);
  }
  out.push('');
  for (const f of report.findings) {
    out.push(`${paint(options.color, f.severity, f.severity.toUpperCase().padEnd(9))}${f.id}  [${f.area}] ${printableText(f.message)}`);
    out.push(`         at ${printableText(whereText(f))}`);
    if (f.remediation) out.push(`         fix: ${printableText(f.remediation).split('\n').join('\n              ')}`);
  }
  if (report.ignored.length > 0) out.push('', `${report.ignored.length} finding(s) ignored by the ignore file`);
  const total = SEVERITY_ORDER.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push('', report.findings.length === 0 ? 'no findings' : `${report.findings.length} finding(s): ${total.map(([s, n]) => `${n} ${s}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}
