import type { Finding, RuleDefinition } from '../domain/finding.js';
import { UsageError } from '../domain/errors.js';
import { SEVERITY_ORDER, Severity } from '../domain/status.js';
import { formatLocation } from '../domain/evidence.js';
import type { LoadedObject } from '../collect/objects.js';
import { AREAS } from './areas.js';
import { expiredFinding, isExpired, matches, type IgnoreEntry } from './ignore.js';
import { fingerprint, type AreaSummary, type ScanFinding, type ScanInput, type ScanReport } from './model.js';

export interface ScanOptions {
  /** --area: only these areas (default: all). */
  areas?: readonly string[];
  /** --skip-rule: rule ids left out. */
  skipRules?: readonly string[];
  ignore?: readonly IgnoreEntry[];
  source: string[];
}

export const IGNORE_RULES: RuleDefinition[] = [
  { id: 'IGN001', title: 'ignore entry expired', severity: Severity.medium, description: 'A .kubefortignore entry passed its expiry date; the findings it covered are reported again.', remediation: 'Fix the findings or renew the entry with a reason that still holds.' },
];

/** Finds the object a location points into: the last object of that file starting at or before the line. */
function objectLocator(objects: readonly LoadedObject[]): (f: Finding) => LoadedObject | undefined {
  const byFile = new Map<string, LoadedObject[]>();
  for (const o of objects) {
    const list = byFile.get(o.location.file) ?? [];
    list.push(o);
    byFile.set(o.location.file, list);
  }
  for (const list of byFile.values()) list.sort((a, b) => (a.location.line ?? 0) - (b.location.line ?? 0));
  return (f) => {
    const loc = f.location;
    if (loc === undefined) return undefined;
    const list = byFile.get(loc.file) ?? [];
    let found: LoadedObject | undefined;
    for (const o of list) if ((o.location.line ?? 0) <= (loc.line ?? 0)) found = o;
    return found;
  };
}

function namespaceOf(o: LoadedObject | undefined): string | undefined {
  if (o === undefined) return undefined;
  return o.object.kind === 'Namespace' ? o.object.metadata.name : o.object.metadata.namespace;
}

function compare(a: ScanFinding, b: ScanFinding): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
    || (a.area < b.area ? -1 : a.area > b.area ? 1 : 0)
    || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Runs the chosen areas over one input and merges their findings into one report. */
export async function runScan(input: ScanInput, options: ScanOptions): Promise<ScanReport> {
  const known = AREAS.map((a) => a.id);
  for (const id of options.areas ?? []) if (!known.includes(id)) throw new UsageError(`unknown area "${id}"`, known);
  const chosen = AREAS.filter((a) => options.areas === undefined || options.areas.includes(a.id));
  const skip = new Set(options.skipRules ?? []);
  const report: ScanReport = {
    source: options.source, generatedAt: input.now.toISOString(), areas: [], findings: [], rules: [...IGNORE_RULES], ignored: [],
    unreadable: input.live?.unreadable.map((u) => u.message) ?? [],
  };
  const objectOf = objectLocator(input.objects);
  const entries = options.ignore ?? [];
  const active = entries.filter((e) => !isExpired(e, input.now));
  for (const area of chosen) {
    const result = await area.run(input);
    const summary: AreaSummary = { id: area.id, title: area.title, counts: Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as AreaSummary['counts'], notEvaluated: result.notEvaluated, ...(result.info === undefined ? {} : { info: result.info }) };
    report.rules.push(...result.rules);
    for (const f of result.findings) {
      if (skip.has(f.ruleId)) continue;
      const id = fingerprint(f);
      const ignoredBy = active.find((e) => matches(e, f));
      if (ignoredBy !== undefined) {
        report.ignored.push({ id, ruleId: f.ruleId, ...(f.subject === undefined ? {} : { subject: f.subject }), reason: ignoredBy.reason, ...(ignoredBy.expires === undefined ? {} : { expires: ignoredBy.expires }) });
        continue;
      }
      const ns = namespaceOf(objectOf(f));
      report.findings.push({ ...f, area: area.id, id, ...(ns === undefined ? {} : { namespace: ns }) });
      summary.counts[f.severity] += 1;
    }
    report.areas.push(summary);
  }
  for (const e of entries.filter((x) => isExpired(x, input.now))) {
    const f = expiredFinding(e);
    report.findings.push({ ...f, area: 'ignore', id: fingerprint(f) });
  }
  if (report.findings.some((f) => f.area === 'ignore')) {
    report.areas.push({ id: 'ignore', title: 'Ignore file', counts: Object.fromEntries(SEVERITY_ORDER.map((s) => [s, report.findings.filter((f) => f.area === 'ignore' && f.severity === s).length])) as AreaSummary['counts'], notEvaluated: [] });
  }
  report.findings.sort(compare);
  const seen = new Set<string>();
  report.rules = report.rules.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true))).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return report;
}

/** Where a finding points, as text: file:line:column, or the live object reference. */
export function whereText(f: Finding): string {
  return f.location === undefined ? (f.subject ?? '') : formatLocation(f.location);
}
