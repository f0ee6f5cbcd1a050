import { REDACTED_ANNOTATION } from '../../collect/live/redact.js';
import type { Finding } from '../../domain/finding.js';
import type { LoadedObject } from '../../collect/objects.js';
import { INGRESS_RULES } from '../../ingress/rules.js';
import { objectsNotEvaluated } from './needs.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

/** the ingress command's default (--expiry-warn 30d): certificates expiring within 30 days warn. */
const EXPIRY_WARN_MS = 30 * 24 * 3_600_000;

/** Kinds whose absence makes the Ingress TLS verdicts guesses (also what `kubefort ingress` requires). */
export const INGRESS_NEEDS = ['Ingress', 'Secret', 'Service', 'IngressClass'];

/** Ingress TLS: host → Secret → certificate chain, controller and backends (src/ingress). */
export const ingressArea: Area = {
  id: 'ingress',
  title: 'Ingress TLS',
  async run(input: ScanInput): Promise<AreaResult> {
    // "Secret not found" would be a guess when Secrets could not be listed: the area is not evaluated.
    const reason = objectsNotEvaluated(input, 'Ingress TLS', INGRESS_NEEDS);
    if (reason !== undefined) return { findings: [], notEvaluated: [reason], rules: [...INGRESS_RULES] };
    // The X.509 code is loaded only when the area runs (as the ingress command does).
    const { auditIngresses } = await import('../../ingress/audit.js');
    const result = auditIngresses({ objects: [...input.objects], errors: [], files: [] }, { now: input.now, expiryWarnMs: EXPIRY_WARN_MS });
    const redacted = redactedKeySecrets(input.objects);
    const kept = result.findings.filter((f) => !aboutRedactedKey(f, redacted));
    const dropped = result.findings.length - kept.length;
    const notEvaluated = redacted.size === 0 ? [] : [
      `Ingress TLS: the private keys of ${redacted.size} Secret(s) were redacted when read (${[...redacted].sort().join(', ')}); key checks (tls.key present and usable, key matches certificate) not evaluated${dropped > 0 ? `, ${dropped} finding(s) about them left out` : ''}`,
    ];
    return { findings: kept, notEvaluated, rules: [...INGRESS_RULES] };
  },
};

/** `ns/name` of the Secrets whose tls.key kubefort redacted on reading (live input, or an export of it). */
export function redactedKeySecrets(objects: readonly LoadedObject[]): Set<string> {
  const out = new Set<string>();
  for (const o of objects) {
    const keys = o.object.kind === 'Secret' ? o.object.metadata.annotations?.[REDACTED_ANNOTATION] : undefined;
    if (keys?.split(',').includes('tls.key') === true) out.add(`${o.object.metadata.namespace ?? 'default'}/${o.object.metadata.name ?? ''}`);
  }
  return out;
}

/**
 * ING013 (missing/empty) and ING015 (unusable) about the data.tls.key of a redacted Secret judge kubefort's own
 * redaction, not the cluster. The ingress rules give the Secret as subject and the Secret key judged as evidence.
 */
export function aboutRedactedKey(f: Finding, redacted: ReadonlySet<string>): boolean {
  if (f.ruleId !== 'ING013' && f.ruleId !== 'ING015') return false;
  const secret = f.subject?.replace(/\[Secret\]$/, '');
  return secret !== undefined && redacted.has(secret) && f.evidence?.some((e) => e.subject === 'data.tls.key') === true;
}
