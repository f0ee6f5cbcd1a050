import { printableJson } from '../domain/printable.js';
import type { ScanReport } from '../scan/model.js';

export const SCAN_JSON_SCHEMA_VERSION = 1;

/** The scan report as JSON; its schema is docs/scan-report.schema.json (documented in docs/scan.md). */
export function scanJson(report: ScanReport): string {
  return `${printableJson(JSON.stringify({ schemaVersion: SCAN_JSON_SCHEMA_VERSION, ...report }, null, 2))}\n`;
}
