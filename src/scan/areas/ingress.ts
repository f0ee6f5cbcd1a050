import { INGRESS_RULES } from '../../ingress/rules.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

/** the ingress command's default (--expiry-warn 30d): certificates expiring within 30 days warn. */
const EXPIRY_WARN_MS = 30 * 24 * 3_600_000;

const NEEDED = ['Ingress', 'Secret', 'Service', 'IngressClass'];

/** Ingress TLS: host → Secret → certificate chain, controller and backends (src/ingress). */
export const ingressArea: Area = {
  id: 'ingress',
  title: 'Ingress TLS',
  async run(input: ScanInput): Promise<AreaResult> {
    if (input.objects.length === 0) return { findings: [], notEvaluated: ['Ingress TLS: needs cluster objects (PATHs or --live)'], rules: [...INGRESS_RULES] };
    const missing = NEEDED.filter((k) => input.live?.unreadable.some((u) => u.kind === k) === true);
    if (missing.length > 0) {
      // "Secret not found" would be a guess when Secrets could not be listed: the area is not evaluated.
      return { findings: [], notEvaluated: [`Ingress TLS: needs ${missing.join(', ')}, which could not be read`], rules: [...INGRESS_RULES] };
    }
    // The X.509 code is loaded only when the area runs (as the ingress command does).
    const { auditIngresses } = await import('../../ingress/audit.js');
    const result = auditIngresses({ objects: [...input.objects], errors: [], files: [] }, { now: input.now, expiryWarnMs: EXPIRY_WARN_MS });
    return { findings: result.findings, notEvaluated: [], rules: [...INGRESS_RULES] };
  },
};
