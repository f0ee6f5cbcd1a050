/**
 * The actions of `kubefort ingress` and `kubefort ingress probe`, loaded on demand: they pull in the X.509
 * libraries, which every other command would otherwise pay for at start-up.
 */
import { loadObjects } from '../../collect/objects.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import type { Severity } from '../../domain/status.js';
import { auditIngresses, auditJsonContext, chainLine, ingressTitle, sortFindings, type AuditResult } from '../../ingress/audit.js';
import { parseDuration } from '../../ingress/duration.js';
import { probeIngresses, probeJson, probeLines, type ProbeOptions } from '../../ingress/probe-check.js';
import { failsAt, findingsJson, findingsText } from '../../report/findings.js';
import type { CliContext } from '../context.js';
import { reportLoadWarnings } from './warnings.js';

export interface AuditCliOptions {
  failOn: Severity;
  output: 'text' | 'json';
  expiryWarn: string;
}

/** Loads the objects and audits them; input problems are warnings on stderr, no Ingress at all is exit 2. */
export function loadAudit(paths: readonly string[], opts: { expiryWarn: string }, ctx: CliContext): AuditResult {
  if (paths.length === 0) throw new UsageError('give at least one file, folder or - for stdin');
  const expiryWarnMs = parseDuration(opts.expiryWarn);
  if (expiryWarnMs === undefined) throw new UsageError(`--expiry-warn takes a duration such as 30d, 720h or 0s, got ${JSON.stringify(opts.expiryWarn)}`);
  const set = loadObjects(paths, { readStdin: ctx.readStdin });
  if (set.files.length === 0) throw new InputError(set.errors.map((e) => e.message).join('; ') || 'no input');
  for (const error of set.errors) ctx.stderr(`kubefort: warning: ${error.message}\n`);
  reportLoadWarnings(set, ctx);
  const result = auditIngresses(set, { now: ctx.now(), expiryWarnMs });
  if (result.ingresses.length === 0) {
    const unreadable = result.inventory.unreadable.length;
    throw new InputError(`no Ingress to check in ${paths.join(', ')}${unreadable > 0 ? ` (${unreadable} Ingress object(s) could not be read: ${result.inventory.unreadable.map((f) => f.message).join('; ')})` : ''}`);
  }
  return result;
}

export function runAudit(paths: readonly string[], opts: AuditCliOptions, ctx: CliContext): ExitCode {
  const result = loadAudit(paths, opts, ctx);
  if (opts.output === 'json') ctx.stdout(findingsJson(result.findings, auditJsonContext(result)));
  else {
    const groups = result.ingresses.map((a) => ({ title: ingressTitle(a), lines: a.chains.map(chainLine), findings: a.findings }));
    ctx.stdout(findingsText(result.findings, { groups }));
  }
  return failsAt(result.findings, opts.failOn) ? ExitCode.findings : ExitCode.ok;
}

export async function runProbe(paths: readonly string[], probe: ProbeOptions, opts: { failOn: Severity; output: 'text' | 'json' }, ctx: CliContext): Promise<ExitCode> {
  const audit = loadAudit(paths, { expiryWarn: '0s' }, ctx);
  const probes = await probeIngresses(audit, probe);
  if (probes.length === 0) throw new InputError('no TLS host to probe: no Ingress in the input has a spec.tls entry');
  const findings = sortFindings(probes.flatMap((p) => p.findings));
  const address = `${probe.tls.host}:${probe.tls.port}`;
  if (opts.output === 'json') ctx.stdout(findingsJson(findings, { address, probes: probes.map(probeJson) }));
  else {
    const groups = probes.map((p) => ({ title: `${p.host} (Ingress ${p.ingress}) via ${address}`, lines: probeLines(p), findings: sortFindings(p.findings) }));
    ctx.stdout(findingsText(findings, { groups }));
  }
  return failsAt(findings, opts.failOn) ? ExitCode.findings : ExitCode.ok;
}
