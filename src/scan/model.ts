import { createHash } from 'node:crypto';
import type { LiveInfo } from '../collect/live/load.js';
import type { LoadedObject } from '../collect/objects.js';
import type { Finding, RuleDefinition } from '../domain/finding.js';
import type { Severity } from '../domain/status.js';

/** What every area gets: one object set, and the node root when node checks were asked for. */
export interface ScanInput {
  objects: readonly LoadedObject[];
  /** Set for live input: what could not be read, and where from. */
  live?: LiveInfo;
  /** --root: the node's filesystem, for the node checks (CIS sections 1-4, binaries). */
  root?: string;
  /** --checksums: release checksum tree for the binaries area. */
  checksums?: string;
  now: Date;
}

/** A run property: one value, or a list (JUnit writes a list joined by ", "). */
export type RunPropertyValue = string | readonly string[];

/**
 * Run-level information an area attaches to its report: how it read the input, not a finding (e.g. netpol's
 * hostNetwork reading). One path for every area: JUnit `<properties>` on the area's testsuite, SARIF
 * `invocations[0].properties` (`<area>/<name>`), `areas[].info` in the scan JSON; `lines` in the HTML header and
 * the scan text.
 */
export interface RunInfo {
  /** By name, camelCase (SARIF property names are `/`-separated hierarchical strings: no `/` in a name). */
  properties: Readonly<Record<string, RunPropertyValue>>;
  /** Sentences for a reader, when there is something to say (e.g. only when the reading changes a result). */
  lines?: readonly string[];
}

export interface AreaResult {
  findings: Finding[];
  /** What could not be judged, one line each: "5.1.2 ... : needs ClusterRole, which could not be read". */
  notEvaluated: string[];
  /** The catalogue of the rules this area may report (SARIF tool.driver.rules, HTML legend). */
  rules: RuleDefinition[];
  info?: RunInfo;
}

/** An area of kubefort plugged into `kubefort scan`: one line in AREAS registers it. */
export interface Area {
  id: string;
  title: string;
  run(input: ScanInput): AreaResult | Promise<AreaResult>;
}

/** A finding as scan reports it: with its area and a stable id (same rule, object and place = same id). */
export interface ScanFinding extends Finding {
  area: string;
  id: string;
  /** The namespace of the object, for filtering; undefined for cluster-scoped objects and node files. */
  namespace?: string;
}

export interface AreaSummary {
  id: string;
  title: string;
  counts: Record<Severity, number>;
  notEvaluated: string[];
  /** Set when the area did not run at all, e.g. node checks without --root. */
  skipped?: string;
  info?: RunInfo;
}

export interface ScanReport {
  /** `live:<context>` or the files and folders given. */
  source: string[];
  generatedAt: string;
  areas: AreaSummary[];
  findings: ScanFinding[];
  rules: RuleDefinition[];
  /** Kinds that could not be read (live input). */
  unreadable: string[];
  /** Findings suppressed by the ignore file, with the reason given there. */
  ignored: { id: string; ruleId: string; subject?: string; reason: string; expires?: string }[];
}

/** Stable across runs and machines: rule, subject and the location's file (line numbers move when files are edited). */
export function fingerprint(f: Finding): string {
  const h = createHash('sha256').update(`${f.ruleId}\u0000${f.subject ?? ''}\u0000${f.location?.file ?? ''}\u0000${f.message}`).digest('hex');
  return `${f.ruleId}-${h.slice(0, 12)}`;
}
