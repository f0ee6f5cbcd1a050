import { DeferredJsonLists } from '../../collect/json-subset.js';
import { loadObjects } from '../../collect/objects.js';
import { EVAL_FLAG_KEYS, evalModelOf } from '../../netpol/eval-subset.js';
import type { Model } from '../../netpol/model.js';
import type { CliContext } from '../context.js';
import { liveSet, objectLoadOptions, type ObjectSourceOptions } from '../object-source.js';
import { loadModel, type CommonOptions } from './netpol.js';

/**
 * The model `netpol eval` answers from: built from the objects that can affect the pair (src/netpol/eval-subset.ts)
 * by the same engine, with the same answer and explanation as the model of the whole input. A large
 * `kubectl get -o json` List is indexed in one pass and only the chosen items are parsed. The whole input is read
 * when an endpoint is an IP address (it may be any pod's IP or a hostNetwork pod's node IP), when the keys cannot
 * tell, when the subset holds no object, and when its workload entries could differ from the full model's.
 */
export function evalModel(paths: readonly string[], opts: CommonOptions & ObjectSourceOptions, ctx: CliContext, from: string, to: string): Model {
  const live = liveSet(opts);
  if (paths.length === 0 && live === undefined) return loadModel(paths, opts, ctx);
  const defaultNamespace = typeof opts.namespace === 'string' ? opts.namespace : undefined;
  const load = objectLoadOptions(opts, ctx);
  const deferred = new DeferredJsonLists({ flagKeys: EVAL_FLAG_KEYS, ...(load.limits ? { limits: load.limits } : {}) });
  const set = live ?? loadObjects(paths, { ...load, ...(defaultNamespace !== undefined ? { defaultNamespace } : {}), deferBytes: deferred.defer });
  // Nothing read at all: the ordinary message (exit 2).
  if (set.objects.length === 0 && deferred.size === 0) return loadModel(paths, opts, ctx, false, set);
  let said: string[] = [];
  const model = evalModelOf({ set, deferred, ...(defaultNamespace !== undefined ? { defaultNamespace } : {}) }, from, to, (s, quiet) => {
    // The subset model's warnings and notes are said only if it is the one that answers.
    said = [];
    return loadModel(paths, opts, quiet ? { ...ctx, stderr: (text: string) => void said.push(text) } : ctx, false, s);
  });
  for (const text of said) ctx.stderr(text);
  return model;
}
