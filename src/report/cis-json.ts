import type { BenchResult } from '../cis/result.js';
import type { Finding } from '../domain/finding.js';
import { printableJson } from '../domain/printable.js';
import { validationJson } from '../validate/export.js';

export const CIS_JSON_SCHEMA_VERSION = 1;

export interface CisJsonOptions {
  noRemediations?: boolean;
  /** Static pod manifest validation findings (MV000-MV008); absent when no node was read (--facts). */
  validation?: readonly Finding[];
}

/** The result as JSON (schema in docs/cis.md); every selected check appears exactly once. */
export function renderCisJson(result: BenchResult, options: CisJsonOptions = {}): string {
  const controls = result.controls.map((controls) => ({
    ...controls,
    groups: controls.groups.map((group) => ({
      ...group,
      checks: group.checks.map((check) => {
        if (!options.noRemediations) return check;
        const { remediation: _remediation, ...rest } = check;
        return rest;
      }),
    })),
  }));
  const validation = options.validation === undefined ? {} : { validation: validationJson(options.validation, options) };
  return `${printableJson(JSON.stringify({ schemaVersion: CIS_JSON_SCHEMA_VERSION, tool: 'kubefort', ...result, controls, ...validation }, null, 2))}\n`;
}
