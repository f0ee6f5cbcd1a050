/** The one reporter path for `Finding`s of every area (netpol lint, ingress, gui, rbac, ports, scan). */
import { formatLocation } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import { SEVERITY_ORDER, type Severity } from '../domain/status.js';

function indent(text: string, by: string): string {
  return text.trimEnd().split('\n').map((l) => `${by}${l}`).join('\n');
}

/** Findings, most severe first, each with its location and suggested fix, then a one-line summary. */
export function findingsText(findings: readonly Finding[]): string {
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${f.severity.toUpperCase().padEnd(8)}${f.ruleId}  ${f.message}`);
    if (f.location) out.push(`        at ${formatLocation(f.location)}`);
    if (f.remediation) out.push('        fix:', indent(f.remediation, '          '));
  }
  const counts = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(findings.length === 0 ? 'no findings' : `${findings.length} finding(s): ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}

/** `{"findings": [...]}`; `context` adds top-level fields an area needs to qualify its findings. */
export function findingsJson(findings: readonly Finding[], context: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...context, findings }, null, 2)}\n`;
}

/** Does any finding reach the --fail-on severity? */
export function failsAt(findings: readonly Finding[], failOn: Severity): boolean {
  const limit = SEVERITY_ORDER.indexOf(failOn);
  return findings.some((f) => SEVERITY_ORDER.indexOf(f.severity) <= limit);
}
