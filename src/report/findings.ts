/** The one reporter path for `Finding`s of every area (netpol lint, ingress, gui, rbac, ports, scan). */
import { formatLocation, type SourceLocation } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import { SEVERITY_ORDER, type Severity } from '../domain/status.js';
import { compareText } from '../domain/order.js';
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
  return compareText(a?.file ?? '', b?.file ?? '') || ((a?.line ?? 0) - (b?.line ?? 0)) || ((a?.column ?? 0) - (b?.column ?? 0));
}

/**
 * The order of findings in the report of every area (netpol lint, ingress, gui, rbac, ports): most severe
 * first, then by rule id, then by where (file, line, column: the order of the input), then by the object (`subject`;
 * live objects have no file), then by message.
 * Text by code unit (src/domain/order.ts): the same input gives the same output on every machine.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))
    || compareText(a.ruleId, b.ruleId)
    || compareLocation(a.location, b.location)
    || compareText(a.subject ?? '', b.subject ?? '')
    || compareText(a.message, b.message);
}

/** Sorts in place, in compareFindings order, and returns the array. */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(compareFindings);
}
