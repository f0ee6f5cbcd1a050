import { formatLocation } from '../domain/evidence.js';
import type { Finding, RuleDefinition } from '../domain/finding.js';
import { MV_RULES } from './rules.js';
import type { NodeValidation } from './node.js';

/** The MV rules as a catalogue for SARIF `tool.driver.rules` and the HTML legend, in id order. */
export const MV_RULE_DEFINITIONS: readonly RuleDefinition[] = Object.values(MV_RULES)
  .map((r): RuleDefinition => ({ id: r.id, title: r.title, severity: r.severity, description: r.description, remediation: r.remediation }))
  .sort((a, b) => a.id.localeCompare(b.id));

/**
 * The findings a report shows. MV008 (version outside the flag data) alone says nothing about the manifests,
 * so it is shown only next to other findings, as in the text section.
 */
export function shownFindings(validation: NodeValidation): Finding[] {
  return validation.findings.filter((f) => f.ruleId !== 'MV008' || validation.findings.length > 1);
}

/** One entry of the CIS JSON's `validation` array (docs/cis.md). */
export interface ValidationJson {
  ruleId: string;
  severity: Finding['severity'];
  /** The component whose manifest (or process) it is about; `node` for MV008. */
  component: string;
  message: string;
  /** `file:line:column` as far as known; absent when the finding has no file (MV007 of a process). */
  location?: string;
  file?: string;
  line?: number;
  column?: number;
  remediation?: string;
}

export function validationJson(findings: readonly Finding[], options: { noRemediations?: boolean } = {}): ValidationJson[] {
  return findings.map((f) => {
    const loc = f.location;
    const where = loc === undefined ? {} : {
      location: formatLocation(loc),
      file: loc.file,
      ...(loc.line === undefined ? {} : { line: loc.line }),
      ...(loc.column === undefined ? {} : { column: loc.column }),
    };
    return {
      ruleId: f.ruleId, severity: f.severity, component: f.subject ?? 'node', message: f.message, ...where,
      ...(options.noRemediations || f.remediation === undefined ? {} : { remediation: f.remediation }),
    };
  });
}

/** Whether a finding stops a component from starting: these fail `bench` (exit 1) and are JUnit failures. */
export function blocksStart(f: Finding): boolean {
  return f.severity === 'critical' || f.severity === 'high';
}
