import { buildModel } from '../../netpol/model.js';
import { lint } from '../../netpol/lint.js';
import { NETPOL_RULES } from '../../netpol/rules.js';
import { readingLine, readingOf, type ReadingInfo } from '../../netpol/reading.js';
import { objectsNotEvaluated } from './needs.js';
import type { Area, AreaResult, RunInfo, ScanInput } from '../model.js';

/** Kinds NetworkPolicy lint cannot do without (scan's netpol area and `netpol lint`). */
export const NETPOL_NEEDS = ['Namespace', 'Pod', 'NetworkPolicy'];

/**
 * The hostNetwork reading as run information of netpol lint and scan's netpol area: the reading and the hostNetwork
 * workloads it affects (none: it changes nothing) always, as lint's JSON has them; the line for a reader only when it
 * changes something, as in lint's text.
 */
export function readingRunInfo(info: ReadingInfo): RunInfo {
  const line = readingLine(info);
  return { properties: { hostNetworkReading: info.reading, hostNetworkWorkloads: info.workloads }, ...(line === undefined ? {} : { lines: [line] }) };
}

/** NetworkPolicy lint over the workloads and policies of the object set. */
export const netpolArea: Area = {
  id: 'netpol',
  title: 'NetworkPolicy',
  run(input: ScanInput): AreaResult {
    const reason = objectsNotEvaluated(input, 'NetworkPolicy lint', NETPOL_NEEDS);
    if (reason !== undefined) return { findings: [], notEvaluated: [reason], rules: [...NETPOL_RULES] };
    const model = buildModel({ objects: [...input.objects], errors: [], files: [] });
    return { findings: lint(model), notEvaluated: [], rules: [...NETPOL_RULES], info: readingRunInfo(readingOf(model)) };
  },
};
