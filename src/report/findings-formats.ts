import type { Finding, RuleDefinition } from '../domain/finding.js';
import { SEVERITY_ORDER } from '../domain/status.js';
import { fingerprint, type RunInfo, type ScanReport } from '../scan/model.js';
import { scanHtml } from './html.js';
import { findingsJunit } from './junit-findings.js';
import { scanSarif } from './sarif.js';
import { findingsJson, findingsText } from './findings.js';

/** The formats every command that reports findings offers. */
export const FINDING_FORMATS = ['text', 'json', 'junit', 'sarif', 'html'] as const;
export type FindingFormat = (typeof FINDING_FORMATS)[number];

export interface FindingsSource {
  /** Area id, e.g. `netpol`. */
  area: string;
  title: string;
  rules: readonly RuleDefinition[];
  source: string[];
  now: Date;
  version: string;
  cwd: string;
  /** What could not be checked (e.g. a forbidden kind), shown by the JUnit, SARIF and HTML reports. */
  notEvaluated?: readonly string[];
  /** What could not be read from the cluster, reported once. */
  unreadable?: readonly string[];
  /** How the area read the input (e.g. netpol's hostNetwork reading), shown by the JUnit, SARIF and HTML reports. */
  info?: RunInfo;
}

/** One area's findings as a one-area scan report, for the JUnit, SARIF and HTML reporters. */
export function singleAreaReport(findings: readonly Finding[], s: FindingsSource): ScanReport {
  const counts = Object.fromEntries(SEVERITY_ORDER.map((sev) => [sev, findings.filter((f) => f.severity === sev).length])) as ScanReport['areas'][number]['counts'];
  return {
    source: s.source, generatedAt: s.now.toISOString(), rules: [...s.rules], unreadable: [...(s.unreadable ?? [])], ignored: [],
    areas: [{ id: s.area, title: s.title, counts, notEvaluated: [...(s.notEvaluated ?? [])], ...(s.info === undefined ? {} : { info: s.info }) }],
    findings: findings.map((f) => ({ ...f, area: s.area, id: fingerprint(f) })),
  };
}

/**
 * Renders an area command's findings (e.g. `netpol lint -o sarif`): text and JSON stay the area's own
 * (findingsText/findingsJson), JUnit, SARIF and HTML are the scan reporters over a one-area report.
 */
export function renderFindings(findings: readonly Finding[], format: FindingFormat, s: FindingsSource): string {
  if (format === 'text') return findingsText(findings);
  if (format === 'json') return findingsJson(findings);
  const report = singleAreaReport(findings, s);
  if (format === 'junit') return findingsJunit(report);
  if (format === 'sarif') return scanSarif(report, { version: s.version, cwd: s.cwd });
  return scanHtml(report);
}
