import { buildModel } from '../../netpol/model.js';
import { lint } from '../../netpol/lint.js';
import { NETPOL_RULES } from '../../netpol/rules.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

const NEEDED = ['Namespace', 'Pod', 'NetworkPolicy'];

/** NetworkPolicy lint over the workloads and policies of the object set. */
export const netpolArea: Area = {
  id: 'netpol',
  title: 'NetworkPolicy',
  run(input: ScanInput): AreaResult {
    if (input.objects.length === 0) return { findings: [], notEvaluated: ['NetworkPolicy lint: needs cluster objects (PATHs or --live)'], rules: [...NETPOL_RULES] };
    const missing = NEEDED.filter((k) => input.live?.unreadable.some((u) => u.kind === k) === true);
    if (missing.length > 0) {
      // Without every pod or policy, "no policy selects X" would be a guess.
      return { findings: [], notEvaluated: [`NetworkPolicy lint: needs ${missing.join(', ')}, which could not be read`], rules: [...NETPOL_RULES] };
    }
    const model = buildModel({ objects: [...input.objects], errors: [], files: [] });
    return { findings: lint(model), notEvaluated: [], rules: [...NETPOL_RULES] };
  },
};
