import type { ObjectSet } from '../../collect/objects.js';
import { formatLocation } from '../../domain/evidence.js';
import { printable } from '../../domain/printable.js';
import type { NodeFacts } from '../../domain/node-facts.js';
import type { CliContext } from '../context.js';

/** A message as one line of stderr. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** More warnings than this are counted, not listed; the JSON report keeps every one. */
const SHOWN = 20;
/** The errno codes a non-root reader of a node meets (open(2) EACCES; EPERM e.g. /proc/<pid>/environ of another user). */
const DENIED: ReadonlySet<string> = new Set(['EACCES', 'EPERM']);

function denied(code: string | undefined): boolean {
  return code !== undefined && DENIED.has(code);
}

/**
 * Problems met while collecting go to stderr, never into the report on stdout, so a report piped into a
 * file or parser holds only the report. A run that was refused reading the node says how to fix it, once.
 */
export function reportCollectWarnings(facts: NodeFacts, ctx: CliContext): void {
  const lines = facts.warnings.map((w) => (w.location ? `${formatLocation(w.location)}: ${w.message}` : w.message));
  for (const line of lines.slice(0, SHOWN)) ctx.stderr(`kubefort: warning: collect: ${printable(line.replace(/\s*\n\s*/g, ' '))}\n`);
  if (lines.length > SHOWN) ctx.stderr(`kubefort: warning: collect: and ${lines.length - SHOWN} more (all are listed under "warnings" in --output json)\n`);
  // Decided by the read's errno code, never by its wording (a path or a manifest may hold "Permission denied").
  const refused = facts.warnings.some((w) => denied(w.code))
    || Object.values(facts.files).some((files) => (files ?? []).some((f) => denied(f.errorCode)));
  if (refused) ctx.stderr('kubefort: some node files could not be read (permission denied): run as root (or with the host mounted read-only)\n');
}

/**
 * What the loader read but wants said (duplicate keys with both locations, fields of the wrong type that were
 * dropped) goes to stderr for every object-reading command, capped like the collector's warnings.
 */
function reportLoadWarnings(set: ObjectSet, ctx: CliContext, jsonHint = ''): void {
  const lines = (set.warnings ?? []).map((w) => oneLine(w.message));
  for (const line of lines.slice(0, SHOWN)) ctx.stderr(`kubefort: warning: ${printable(line)}\n`);
  if (lines.length > SHOWN) ctx.stderr(`kubefort: warning: and ${lines.length - SHOWN} more warning(s) about the input${jsonHint}\n`);
}

/**
 * Everything an object-reading command says about its input before its report: each file or document that could
 * not be read (one line each; the command goes on with the objects that could), then the loader's warnings.
 */
export function reportLoadProblems(set: ObjectSet, ctx: CliContext, jsonHint = ''): void {
  for (const error of set.errors) ctx.stderr(`kubefort: warning: ${printable(oneLine(error.message))}\n`);
  reportLoadWarnings(set, ctx, jsonHint);
}
