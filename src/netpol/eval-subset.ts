import type { DeferredJsonLists, ItemKey } from '../collect/json-subset.js';
import type { LoadedObject, ObjectSet } from '../collect/objects.js';
import { formatAddress, parseIp } from './ip.js';
import type { Model } from './model.js';
import { extractWorkloads, workloadId, type Workload } from './workloads.js';

/**
 * What can change the answer of `netpol eval` for one pair, and so what eval reads of a large input:
 * - the objects of the two endpoints' namespaces: their pods and controllers (a pod rolls up to its owners in its
 *   own namespace), and their NetworkPolicies — "NetworkPolicy is a namespaced resource" whose podSelector "selects
 *   pods in the policy's namespace"; a policy elsewhere selects neither endpoint, and its peers only matter for
 *   traffic of the pods it selects;
 * - every cluster-scoped object: Namespaces (namespaceSelector peers and ANP subjects match their labels), Nodes
 *   (ANP `nodes` peers, node IPs under the `node` hostNetwork reading), AdminNetworkPolicies and the
 *   BaselineAdminNetworkPolicy, which can select any pod;
 * - the namespaces of hostNetwork workloads: eval prints the hostNetwork reading with every hostNetwork workload
 *   of the input, so their namespaces are read whole for their names to come out as the full model names them.
 * Everything else can only change stderr (warnings about objects the pair does not depend on).
 */

/** A key that sends the namespace of the object holding it into the subset (PodSpec.hostNetwork). */
export const EVAL_FLAG_KEYS = ['hostNetwork'] as const;

const ENDPOINT = /^([^/]+)\/([^/[\]{}]+)(?:\[(\w+)\])?(?:\{([^{}]*)\})?$/;

/** What eval's subset is built around: the namespaces of `ns/name` endpoints and the IP address endpoints. */
export interface EvalEndpoints {
  namespaces: string[];
  /** As given, and in the canonical form the kubelet writes pod and host IPs in. */
  ips: string[];
}

/**
 * The endpoints of a pair (src/netpol/explain.ts resolveEndpoint reads them the same way). An IP address may be
 * any pod's IP or a node's, anywhere in the input: the objects that hold it as a string are read with their
 * namespaces (EvalEndpoints.ips). Undefined when an endpoint is no endpoint at all, or both are IP addresses (the
 * full path then says so): eval then reads the whole input.
 */
export function evalEndpoints(from: string, to: string): EvalEndpoints | undefined {
  const namespaces: string[] = [];
  const ips: string[] = [];
  for (const text of [from, to]) {
    const ip = parseIp(text);
    if (ip) {
      ips.push(text, formatAddress(ip));
      continue;
    }
    const m = ENDPOINT.exec(text);
    if (!m || m[1] === undefined) return undefined;
    namespaces.push(m[1]);
  }
  if (namespaces.length === 0) return undefined;
  return { namespaces: [...new Set(namespaces)], ips: [...new Set(ips)] };
}

/**
 * Which objects eval reads, for objects known by their keys only. Undefined when the keys cannot say (an item
 * whose namespace is uncertain mentions hostNetwork or an IP endpoint): read everything.
 */
export function chooseForEval(keys: readonly ItemKey[], namespaces: readonly string[]): boolean[] | undefined {
  const wanted = new Set(namespaces);
  for (const k of keys) {
    if (!k.flagged && !k.mentions) continue;
    if (k.uncertain) return undefined;
    if (k.namespace !== undefined) wanted.add(k.namespace);
  }
  return keys.map((k) => k.uncertain || k.namespace === undefined || wanted.has(k.namespace));
}

/** The key of an object already parsed (YAML input, a live cluster), from its JSON `text`; `mentions` as DeferredJsonLists.keys. */
export function keyOfObject(o: LoadedObject, text: string, mentions: readonly string[] = []): ItemKey {
  return {
    kind: o.object.kind,
    namespace: o.object.metadata.namespace,
    uncertain: false,
    flagged: EVAL_FLAG_KEYS.some((k) => text.includes(`"${k}":`)),
    mentions: mentions.some((m) => text.includes(JSON.stringify(m))),
  };
}

/**
 * Workload entries depend on every policy of the input through one thing: the label keys selectors name decide
 * which label differences split a workload (src/netpol/workloads.ts). The full input names at least the keys the
 * subset names and at most every key; when splitting by every key gives the entries the subset model has, the
 * full model has them too (its split lies between the two). Only the workloads the answer names need to agree:
 * those an endpoint can resolve to (by name or by one of its pods) and the hostNetwork ones (printed with the
 * reading); whether a workload is one of these does not depend on how it is split.
 */
export function splitsAgree(model: Model, from: string, to: string): boolean {
  const targets = [from, to].map((t) => ENDPOINT.exec(t)).filter((m): m is RegExpExecArray => m !== null);
  const ips = [from, to].filter((t) => parseIp(t) !== undefined);
  const group = (w: Workload): string => `${w.namespace}/${w.name}[${w.kind}]`;
  const named = (w: Workload): boolean => w.hostNetwork || ips.some((ip) => w.ips.includes(ip))
    || targets.some((m) => m[1] === w.namespace && (m[2] === w.name || w.pods.includes(m[2] as string)));
  const all = extractWorkloads(model.objects).workloads;
  const groups = new Set([...all, ...model.workloads].filter(named).map(group));
  const ids = (ws: readonly Workload[]): string[] => ws.filter((w) => groups.has(group(w))).map(workloadId);
  const [a, b] = [ids(all), ids(model.workloads)];
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** What the loader gave: the objects it parsed and the large JSON Lists it held back for eval. */
export interface EvalInput {
  set: ObjectSet;
  deferred?: DeferredJsonLists;
  /** The loader's default namespace (kubectl's --namespace), for the held-back items. */
  defaultNamespace?: string;
}

/** Every object of the input: the held-back Lists parsed whole. */
export function wholeSet(input: EvalInput): ObjectSet {
  const { set } = input;
  const whole: ObjectSet = { ...set, objects: [...set.objects], errors: [...set.errors], warnings: [...(set.warnings ?? [])] };
  input.deferred?.addTo(whole, () => true, input.defaultNamespace);
  return whole;
}

/** The keys of every object of the input, loaded ones first, then each held-back text's items. */
interface InputKeys {
  loaded: ItemKey[];
  deferred: ItemKey[][];
}

/** The keys with `mentions` searched for (the loaded objects' JSON texts computed once, `texts`). */
function keysOf(input: EvalInput, texts: () => readonly string[], mentions: readonly string[]): InputKeys {
  const all = texts();
  return {
    loaded: input.set.objects.map((o, i) => keyOfObject(o, all[i] as string, mentions)),
    deferred: input.deferred?.keys(input.defaultNamespace, mentions) ?? [],
  };
}

/** The keys of `a`, each also mentioning what it mentions in `b` (the same input searched for other strings). */
function orMentions(a: InputKeys, b: InputKeys): InputKeys {
  const or = (x: ItemKey, y: ItemKey | undefined): ItemKey => (y?.mentions === true && !x.mentions ? { ...x, mentions: true } : x);
  return { loaded: a.loaded.map((k, i) => or(k, b.loaded[i])), deferred: a.deferred.map((ks, t) => ks.map((k, i) => or(k, b.deferred[t]?.[i]))) };
}

/** The objects of the namespaces `namespaces` and of those the keys bring (chooseForEval), or undefined. */
function subsetOf(input: EvalInput, keys: InputKeys, namespaces: readonly string[]): ObjectSet | undefined {
  const { set, deferred } = input;
  const chosen = chooseForEval([...keys.loaded, ...keys.deferred.flat()], namespaces);
  if (chosen === undefined) return undefined;
  const kept: LoadedObject[] = [];
  // Kept objects before each position of the loaded list: where a held-back text's objects go in the subset.
  const keptBefore: number[] = [0];
  set.objects.forEach((o, i) => {
    if (chosen[i] === true) kept.push(o);
    keptBefore.push(kept.length);
  });
  const offsets: number[] = [];
  let offset = set.objects.length;
  for (const k of keys.deferred) {
    offsets.push(offset);
    offset += k.length;
  }
  const subset: ObjectSet = { ...set, objects: kept, errors: [...set.errors], warnings: [...(set.warnings ?? [])] };
  deferred?.addTo(subset, (t, i) => chosen[(offsets[t] as number) + i] === true, input.defaultNamespace, (p) => keptBefore[p] as number);
  return subset.objects.length > 0 ? subset : undefined;
}

/** spec.nodeName of the Pods of `namespaces` in the set, sorted. */
function nodeNamesOf(set: ObjectSet, namespaces: readonly string[]): string[] {
  const names = new Set<string>();
  for (const { object } of set.objects) {
    const nodeName = (object.spec as { nodeName?: unknown } | undefined)?.nodeName;
    if (object.kind === 'Pod' && namespaces.includes(object.metadata.namespace ?? '') && typeof nodeName === 'string') names.add(nodeName);
  }
  return [...names].sort();
}

/**
 * The objects that can affect the pair `from` → `to`, or undefined when eval must read everything. With an IP
 * endpoint, whether it is the other endpoint's node depends on the addresses of the nodes that endpoint's pods run
 * on, which any pod on those nodes may give (status.hostIP): the objects naming those nodes are read too.
 */
export function evalSubset(input: EvalInput, from: string, to: string): ObjectSet | undefined {
  const endpoints = evalEndpoints(from, to);
  if (endpoints === undefined) return undefined;
  let texts: string[] | undefined;
  const objectTexts = (): string[] => (texts ??= input.set.objects.map((o) => JSON.stringify(o.object)));
  const keys = keysOf(input, objectTexts, endpoints.ips);
  const first = subsetOf(input, keys, endpoints.namespaces);
  if (first === undefined || endpoints.ips.length === 0) return first;
  const nodes = nodeNamesOf(first, endpoints.namespaces);
  return nodes.length === 0 ? first : subsetOf(input, orMentions(keys, keysOf(input, objectTexts, nodes)), endpoints.namespaces);
}

/**
 * The model eval answers from: `build` (buildModel, or the CLI's loadModel) over the subset when it is certain to
 * give the full model's answer, else over every object; `quiet` is true for the subset's try.
 */
export function evalModelOf(input: EvalInput, from: string, to: string, build: (set: ObjectSet, quiet: boolean) => Model): Model {
  const subset = evalSubset(input, from, to);
  if (subset !== undefined) {
    const model = build(subset, true);
    if (splitsAgree(model, from, to)) return model;
  }
  return build(wholeSet(input), false);
}
