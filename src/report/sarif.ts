import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleDefinition } from '../domain/finding.js';
import type { Severity } from '../domain/status.js';
import { printableJson } from '../domain/printable.js';
import type { ScanFinding, ScanReport } from '../scan/model.js';

/** SARIF levels: what fails a pull request check (error), what warns, what informs. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning's scale: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

function rule(r: RuleDefinition): Record<string, unknown> {
  return {
    id: r.id,
    name: r.title,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: r.remediation },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[r.severity], tags: ['security', 'kubernetes'] },
  };
}

function uriOf(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (!isAbsolute(file)) return { uri: encodeURI(file.split('\\').join('/')), uriBaseId: '%SRCROOT%' };
  const rel = relative(cwd, file);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: encodeURI(rel.split('\\').join('/')), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(file).href };
}

function location(f: ScanFinding, cwd: string): Record<string, unknown>[] {
  const file = f.location?.file;
  if (file === undefined) return f.subject === undefined ? [] : [{ logicalLocations: [{ fullyQualifiedName: f.subject, kind: 'resource' }] }];
  // Live objects have no file: a logical location names the object.
  if (file.startsWith('live:')) return [{ logicalLocations: [{ fullyQualifiedName: file, kind: 'resource' }] }];
  const region = f.location?.line === undefined ? {} : { region: { startLine: f.location.line, ...(f.location.column === undefined ? {} : { startColumn: f.location.column }) } };
  return [{ physicalLocation: { artifactLocation: uriOf(file, cwd), ...region } }];
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers; validated against the OASIS schema in tests. */
export function scanSarif(report: ScanReport, options: { version: string; cwd: string }): string {
  const rules = report.rules;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.remediation === undefined ? f.message : `${f.message}\nFix: ${f.remediation}` },
    locations: location(f, options.cwd),
    // Stable across runs: same rule, object and file give the same fingerprint, whatever line it moved to.
    partialFingerprints: { 'kubefortFindingId/v1': f.id },
    properties: { area: f.area, severity: f.severity, ...(f.namespace === undefined ? {} : { namespace: f.namespace }) },
  }));
  const notifications = report.areas.flatMap((a) => a.notEvaluated.map((text) => ({ level: 'warning', message: { text: `${a.id}: ${text}` } })));
  // How the areas read the input (e.g. netpol's hostNetwork reading) is a setting of this invocation, not a runtime
  // condition (§3.20.21 toolExecutionNotifications) nor a configuration problem (§3.20.22): the invocation's property
  // bag (§3.8), under hierarchical names `<area>/<name>` (§3.5.4).
  const properties = Object.fromEntries(report.areas.flatMap((a) => Object.entries(a.info?.properties ?? {}).map(([name, v]) => [`${a.id}/${name}`, v])));
  const sarif = {
    $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'kubefort', version: options.version, semanticVersion: options.version, rules: rules.map(rule) } },
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications, ...(Object.keys(properties).length === 0 ? {} : { properties }) }],
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.cwd.endsWith('/') ? options.cwd : `${options.cwd}/`).href } },
      results,
    }],
  };
  // Names and messages quote the input: C1 controls, DEL and bidi characters are \u escapes, as in every JSON report.
  return `${printableJson(JSON.stringify(sarif, null, 2))}\n`;
}
