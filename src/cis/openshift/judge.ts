import type { LoadedObject } from '../../collect/objects.js';
import type { NodeFacts } from '../../domain/node-facts.js';
import type { Outcome } from '../checks/outcome.js';
import { judgeArgs, judgeListSet, judgeSecurePort } from './args.js';
import { judgeAnonymousBindings, judgeEncryption, judgeOverrides, judgeScc } from './cluster.js';
import { judgeNodeFile } from './node-file.js';
import type { OpenShiftRule } from './rule-ids.js';

/** Pure: an OpenShift rule over the node's facts and the cluster objects given (--manifests or --live). */
export function judgeOpenShift(rule: OpenShiftRule, facts: NodeFacts, objects: readonly LoadedObject[] | undefined): Outcome {
  switch (rule.rule) {
    case 'args': return judgeArgs(rule.all, objects);
    case 'list-set': return judgeListSet(rule.component, rule.field, objects);
    case 'secure-port': return judgeSecurePort(objects);
    case 'encryption': return judgeEncryption(objects);
    case 'unsupported-overrides': return judgeOverrides(objects);
    case 'anonymous-bindings': return judgeAnonymousBindings(objects);
    case 'scc': return judgeScc(rule.refuses, objects);
    case 'node-file': return judgeNodeFile(rule, facts);
  }
}
