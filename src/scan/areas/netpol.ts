import { buildModel } from '../../netpol/model.js';
import { lint, RULES } from '../../netpol/lint.js';
import type { RuleDefinition } from '../../domain/finding.js';
import { Severity } from '../../domain/status.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

/** Severity each rule fires with most often; a finding may carry another (NP010 is medium on ingress). */
const DEFAULT_SEVERITY: Record<keyof typeof RULES, Severity> = {
  NP000: Severity.high, NP001: Severity.medium, NP002: Severity.medium, NP003: Severity.medium, NP004: Severity.high,
  NP005: Severity.low, NP006: Severity.high, NP007: Severity.low, NP008: Severity.low, NP009: Severity.medium, NP010: Severity.low,
  NP011: Severity.low, NP012: Severity.medium,
};

const NEEDED = ['Namespace', 'Pod', 'NetworkPolicy'];

export const NETPOL_RULES: RuleDefinition[] = (Object.keys(RULES) as (keyof typeof RULES)[]).map((id) => ({
  id,
  title: RULES[id],
  severity: DEFAULT_SEVERITY[id],
  description: `NetworkPolicy lint: ${RULES[id]}.`,
  remediation: 'See the finding for a policy that fixes it; `kubefort netpol eval` explains any single connection.',
}));

/** NetworkPolicy lint over the workloads and policies of the object set. */
export const netpolArea: Area = {
  id: 'netpol',
  title: 'NetworkPolicy',
  run(input: ScanInput): AreaResult {
    if (input.objects.length === 0) return { findings: [], notEvaluated: ['NetworkPolicy lint: needs cluster objects (PATHs or --live)'], rules: NETPOL_RULES };
    const missing = NEEDED.filter((k) => input.live?.unreadable.some((u) => u.kind === k) === true);
    if (missing.length > 0) {
      // Without every pod or policy, "no policy selects X" would be a guess.
      return { findings: [], notEvaluated: [`NetworkPolicy lint: needs ${missing.join(', ')}, which could not be read`], rules: NETPOL_RULES };
    }
    const model = buildModel({ objects: [...input.objects], errors: [], files: [] });
    return { findings: lint(model), notEvaluated: [], rules: NETPOL_RULES };
  },
};
