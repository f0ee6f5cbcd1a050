import { formatLocation } from '../../domain/evidence.js';
import type { LoadedObject } from '../../collect/objects.js';
import type { ObjectsTest } from '../model.js';
import { OBJECT_RULE_FUNCTIONS } from '../objects/index.js';
import { missingEvidence } from '../objects/evidence-kinds.js';
import type { Outcome } from './outcome.js';

const SHOWN = 10;

/**
 * Section 5 checks: judged against objects from `--manifests DIR`, else WARN. What is found breaking the
 * rule is reported whatever else is missing; a PASS needs the kinds the rule judges (evidence-kinds.ts).
 */
export function judgeObjects(test: ObjectsTest, objects: readonly LoadedObject[] | undefined): Outcome {
  if (objects === undefined) {
    return { verdict: 'warn', reason: 'needs cluster objects (--manifests DIR, e.g. from `kubectl get -A -o yaml ...`).', evidence: [] };
  }
  const offenders = OBJECT_RULE_FUNCTIONS[test.rule](objects);
  const missing = missingEvidence(test.rule, objects).map((r) => r.label);
  const missingText = missing.length === 0 ? '' : ` The input holds no ${missing.join(' and no ')} objects, so more may break it.`;
  if (offenders.length === 0) {
    if (missing.length > 0) {
      return {
        verdict: 'warn',
        reason: `not evaluated: the input holds no ${missing.join(' and no ')} objects, which this rule judges (give them with --manifests, e.g. \`kubectl get -A -o yaml\`).`,
        evidence: missing.map((kind) => ({ subject: kind, source: 'object', note: 'missing from the input' })),
      };
    }
    return { verdict: 'pass', reason: `none of the ${objects.length} objects given breaks this rule.`, evidence: [] };
  }
  const shown = offenders.slice(0, SHOWN).map((o) => `${o.what} (${formatLocation(o.location)})`);
  const more = offenders.length > SHOWN ? `; and ${offenders.length - SHOWN} more` : '';
  return {
    verdict: 'fail',
    violations: offenders.length,
    reason: `${offenders.length} found: ${shown.join('; ')}${more}.${missingText}`,
    evidence: offenders.map((o) => ({ subject: o.what, source: 'object', location: o.location })),
  };
}
