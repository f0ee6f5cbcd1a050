/**
 * The actions of `kubefort ingress` and `kubefort ingress probe`, loaded on demand: they pull in the X.509
 * libraries, which every other command would otherwise pay for at start-up.
 */
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import type { Severity } from '../../domain/status.js';
import { auditIngresses, auditJsonContext, chainLine, ingressTitle, type AuditResult } from '../../ingress/audit.js';
import { parseDuration } from '../../ingress/duration.js';
import { probeIngresses, probeJson, probeLines, type ProbeOptions } from '../../ingress/probe-check.js';
import { INGRESS_RULES } from '../../ingress/rules.js';
import type { FindingFormat } from '../../report/findings-formats.js';
import { findingsJson, findingsText, sortFindings } from '../../report/findings.js';
import { INGRESS_NEEDS, aboutRedactedKey, redactedKeySecrets } from '../../scan/areas/ingress.js';
import type { CliContext } from '../context.js';
import { unreadableKinds, writeFindings } from '../findings-output.js';
import { liveSet, objectSet } from '../object-source.js';
import { reportLoadProblems } from './warnings.js';

export interface AuditCliOptions {
  failOn: Severity;
  output: FindingFormat;
  expiryWarn: string;
}

interface Audit {
  result: AuditResult;
  /** What could not be read, so that the audit's verdicts would be guesses. */
  notEvaluated: string[];
  /** Key checks left out because kubefort redacted the keys when reading (live input or its export). */
  notes: string[];
}

/** Loads the objects and audits them; input problems are warnings on stderr, no Ingress at all is exit 2. */
export function loadAudit(paths: readonly string[], opts: object, expiryWarn: string, ctx: CliContext): Audit {
  const live = liveSet(opts);
  if (paths.length === 0 && live === undefined) throw new UsageError('give at least one file, folder or - for stdin, or --live');
  const expiryWarnMs = parseDuration(expiryWarn);
  if (expiryWarnMs === undefined) throw new UsageError(`--expiry-warn takes a duration such as 30d, 720h or 0s, got ${JSON.stringify(expiryWarn)}`);
  const set = objectSet(paths, opts, ctx);
  if (live === undefined && set.files.length === 0) throw new InputError(set.errors.map((e) => e.message).join('; ') || 'no input');
  reportLoadProblems(set, ctx);
  const where = live === undefined ? paths.join(', ') : `the cluster (context ${live.live.context})`;
  const missing = unreadableKinds(opts, INGRESS_NEEDS);
  const full = auditIngresses(set, { now: ctx.now(), expiryWarnMs });
  if (missing.length > 0) {
    // "Secret not found" would be a guess when Secrets could not be listed: nothing is judged.
    const result: AuditResult = { ...full, ingresses: full.ingresses.map((a) => ({ ...a, chains: [], findings: [] })), other: [], findings: [] };
    return { result, notEvaluated: [`Ingress TLS: needs ${missing.join(', ')}, which could not be read`], notes: [] };
  }
  if (full.ingresses.length === 0) {
    const unreadable = full.inventory.unreadable.length;
    throw new InputError(`no Ingress to check in ${where}${unreadable > 0 ? ` (${unreadable} Ingress object(s) could not be read: ${full.inventory.unreadable.map((f) => f.message).join('; ')})` : ''}`);
  }
  const redacted = redactedKeySecrets(set.objects);
  if (redacted.size === 0) return { result: full, notEvaluated: [], notes: [] };
  const keep = (fs: AuditResult['findings']): AuditResult['findings'] => fs.filter((f) => !aboutRedactedKey(f, redacted));
  const result: AuditResult = { ...full, ingresses: full.ingresses.map((a) => ({ ...a, findings: keep(a.findings) })), other: keep(full.other), findings: keep(full.findings) };
  const notes = [`Ingress TLS: the private keys of ${redacted.size} Secret(s) were redacted when read (${[...redacted].sort().join(', ')}); key checks (tls.key present and usable, key matches certificate) not evaluated`];
  return { result, notEvaluated: [], notes };
}

export function runAudit(paths: readonly string[], opts: AuditCliOptions, ctx: CliContext): ExitCode {
  const { result, notEvaluated, notes } = loadAudit(paths, opts, opts.expiryWarn, ctx);
  return writeFindings({
    area: 'ingress', title: 'Ingress TLS', rules: INGRESS_RULES, findings: result.findings, notEvaluated, notes,
    text: () => findingsText(result.findings, { groups: result.ingresses.map((a) => ({ title: ingressTitle(a), lines: a.chains.map(chainLine), findings: a.findings })) }),
    json: (extra) => findingsJson(result.findings, { ...auditJsonContext(result), ...extra }),
  }, opts, paths, ctx);
}

export async function runProbe(paths: readonly string[], probe: ProbeOptions, opts: { failOn: Severity; output: FindingFormat }, ctx: CliContext): Promise<ExitCode> {
  const { result: audit, notEvaluated } = loadAudit(paths, opts, '0s', ctx);
  // The probe compares the served leaf with the Secret's: without Secrets there is nothing to compare with.
  const probes = notEvaluated.length > 0 ? [] : await probeIngresses(audit, probe);
  if (probes.length === 0 && notEvaluated.length === 0) throw new InputError('no TLS host to probe: no Ingress in the input has a spec.tls entry');
  const findings = sortFindings(probes.flatMap((p) => p.findings));
  const address = `${probe.tls.host}:${probe.tls.port}`;
  return writeFindings({
    area: 'ingress', title: 'Ingress TLS probe', rules: INGRESS_RULES, findings, notEvaluated,
    text: () => findingsText(findings, { groups: probes.map((p) => ({ title: `${p.host} (Ingress ${p.ingress}) via ${address}`, lines: probeLines(p), findings: sortFindings([...p.findings]) })) }),
    json: (extra) => findingsJson(findings, { address, probes: probes.map(probeJson), ...extra }),
  }, opts, paths, ctx);
}
