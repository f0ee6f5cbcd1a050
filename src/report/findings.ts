/** The one reporter path for `Finding`s of every area (netpol lint, ingress, gui, rbac, ports, scan). */
import { formatLocation, type SourceLocation } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import { SEVERITY_ORDER, type Severity } from '../domain/status.js';
import { printable, printableJson, printableText } from '../domain/printable.js';

function indent(text: string, by: string): string {
  return text.trimEnd().split('\n').map((l) => `${by}${l}`).join('\n');
}

/** A titled section of the text report: e.g. one Ingress, with lines that describe it, then its findings. */
export interface FindingGroup {
  title: string;
  /** Shown under the title, indented, before the findings. */
  lines?: readonly string[];
  findings: readonly Finding[];
}

export interface FindingsTextOptions {
  /** Print the findings in these sections; findings of `findings` in no group follow under "other". */
  groups?: readonly FindingGroup[];
}

function pushFinding(out: string[], f: Finding, by: string): void {
  // `CRITICAL` fills the 8-column field: one space always separates it from the rule id.
  // Messages, locations and fixes quote names and paths from the input: no control characters reach the terminal.
  out.push(`${by}${`${f.severity.toUpperCase()} `.padEnd(8)}${f.ruleId}  ${printable(f.message)}`);
  if (f.location) out.push(`${by}        at ${printable(formatLocation(f.location))}`);
  if (f.remediation) out.push(`${by}        fix:`, indent(printableText(f.remediation), `${by}          `));
}

/** Findings, most severe first, each with its location and suggested fix, then a one-line summary. */
export function findingsText(findings: readonly Finding[], options: FindingsTextOptions = {}): string {
  const out: string[] = [];
  if (options.groups === undefined) {
    for (const f of findings) pushFinding(out, f, '');
  } else {
    const others: FindingGroup = { title: 'other', findings: findings.filter((f) => !options.groups?.some((g) => g.findings.includes(f))) };
    for (const group of others.findings.length > 0 ? [...options.groups, others] : options.groups) {
      out.push(printable(group.title));
      for (const line of group.lines ?? []) out.push(`  ${printable(line)}`);
      for (const f of group.findings) pushFinding(out, f, '  ');
      out.push('');
    }
  }
  const counts = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(findings.length === 0 ? 'no findings' : `${findings.length} finding(s): ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}

/** `{ ...context, findings }`: an area may put what it checked (e.g. `ingresses`) before the findings. */
export function findingsJson(findings: readonly Finding[], context: Readonly<Record<string, unknown>> = {}): string {
  return `${printableJson(JSON.stringify({ ...context, findings }, null, 2))}\n`;
}

/** Does any finding reach the --fail-on severity? */
export function failsAt(findings: readonly Finding[], failOn: Severity): boolean {
  const limit = SEVERITY_ORDER.indexOf(failOn);
  return findings.some((f) => SEVERITY_ORDER.indexOf(f.severity) <= limit);
}

function compareLocation(a?: SourceLocation, b?: SourceLocation): number {
  const fa = a?.file ?? '';
  const fb = b?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return ((a?.line ?? 0) - (b?.line ?? 0)) || ((a?.column ?? 0) - (b?.column ?? 0));
}

/** Most severe first, then by rule id, then by where, then by message: the same input gives the same output. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
    || compareLocation(a.location, b.location)
    || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
