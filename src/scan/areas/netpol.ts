import { buildModel } from '../../netpol/model.js';
import { lint } from '../../netpol/lint.js';
import { NETPOL_RULES } from '../../netpol/rules.js';
import { objectsNotEvaluated } from './needs.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

/** Kinds NetworkPolicy lint cannot do without (scan's netpol area and `netpol lint`). */
export const NETPOL_NEEDS = ['Namespace', 'Pod', 'NetworkPolicy'];

/** NetworkPolicy lint over the workloads and policies of the object set. */
export const netpolArea: Area = {
  id: 'netpol',
  title: 'NetworkPolicy',
  run(input: ScanInput): AreaResult {
    const reason = objectsNotEvaluated(input, 'NetworkPolicy lint', NETPOL_NEEDS);
    if (reason !== undefined) return { findings: [], notEvaluated: [reason], rules: [...NETPOL_RULES] };
    const model = buildModel({ objects: [...input.objects], errors: [], files: [] });
    return { findings: lint(model), notEvaluated: [], rules: [...NETPOL_RULES] };
  },
};
