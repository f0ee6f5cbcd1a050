import { formatLocation } from '../../domain/evidence.js';
import type { LoadedObject } from '../../collect/objects.js';
import type { ObjectsTest } from '../model.js';
import { OBJECT_RULE_FUNCTIONS } from '../objects/index.js';
import type { Outcome } from './outcome.js';

const SHOWN = 10;

/** Section 5 checks: judged against objects from `--manifests DIR`, else WARN. */
export function judgeObjects(test: ObjectsTest, objects: readonly LoadedObject[] | undefined): Outcome {
  if (objects === undefined) {
    return { verdict: 'warn', reason: 'needs cluster objects (--manifests DIR, e.g. from `kubectl get -A -o yaml ...`).', evidence: [] };
  }
  const offenders = OBJECT_RULE_FUNCTIONS[test.rule](objects);
  if (offenders.length === 0) {
    return { verdict: 'pass', reason: `none of the ${objects.length} objects given breaks this rule.`, evidence: [] };
  }
  const shown = offenders.slice(0, SHOWN).map((o) => `${o.what} (${formatLocation(o.location)})`);
  const more = offenders.length > SHOWN ? `; and ${offenders.length - SHOWN} more` : '';
  return {
    verdict: 'fail',
    reason: `${offenders.length} found: ${shown.join('; ')}${more}.`,
    evidence: offenders.map((o) => ({ subject: o.what, source: 'object', location: o.location })),
  };
}
