import { classEdges, type Target } from './connectivity.js';
import { formatRange, type IpRange } from './ip.js';
import type { Model } from './model.js';
import { ALL_CONNS, type ConnSet } from './ports.js';
import { ownNodePairs } from './reading.js';
import { workloadId, type Workload } from './workloads.js';

export type Endpoint =
  | { type: 'workload'; id: string; key: string; workload: Workload }
  | { type: 'external'; id: string; key: string; range: IpRange };

export interface Connection {
  src: Endpoint;
  dst: Endpoint;
  conns: ConnSet;
}

export function externalEndpoint(range: IpRange): Endpoint {
  const key = `0|${range.family}|${range.first.toString(16).padStart(32, '0')}|${range.last.toString(16).padStart(32, '0')}`;
  return { type: 'external', id: `${formatRange(range)}[External]`, key, range };
}

export function workloadEndpoint(workload: Workload): Endpoint {
  const id = workloadId(workload);
  return { type: 'workload', id, key: `1|${id}`, workload };
}

/** Order: sources then destinations; external ranges by address (IPv4 first), workloads by `<ns>/<name>[<Kind>]`. */
export function compareConnections(a: Connection, b: Connection): number {
  if (a.src.key !== b.src.key) return a.src.key < b.src.key ? -1 : 1;
  return a.dst.key < b.dst.key ? -1 : a.dst.key > b.dst.key ? 1 : 0;
}

export interface ListOptions {
  /** `ns/name` or a bare `name` (any namespace), one or more: keep only connections from or to them. */
  focus?: string | readonly string[];
  /** With focus: `egress` keeps connections from the focused workloads, `ingress` those to them (netpol-analyzer). */
  focusDirection?: 'ingress' | 'egress';
}

/** Does a workload match a focus pattern: `ns/name`, or a bare `name` in any namespace? */
export function focusMatchesWorkload(w: { namespace: string; name: string }, focus: string): boolean {
  return focus.includes('/') ? `${w.namespace}/${w.name}` === focus : w.name === focus;
}

function members(t: Target): Endpoint[] {
  return t.type === 'class' ? t.cls.members.map(workloadEndpoint) : [externalEndpoint(t.range)];
}

function focusMatches(e: Endpoint, focus: readonly string[]): boolean {
  return e.type === 'workload' && focus.some((f) => focusMatchesWorkload(e.workload, f));
}

/**
 * Workload-level connectivity: every allowed connection between two workloads or a workload and an external
 * range. "A pod can always reach itself", so a workload's connections to itself are not listed.
 */
export function listConnections(model: Model, options: ListOptions = {}): Connection[] {
  const out: Connection[] = [];
  const endpointsCache = new Map<object, Endpoint[]>();
  const cached = (t: Target): Endpoint[] => {
    const key: object = t.type === 'class' ? t.cls : t.range;
    let e = endpointsCache.get(key);
    if (!e) {
      e = members(t);
      endpointsCache.set(key, e);
    }
    return e;
  };
  const focus = options.focus === undefined ? undefined : typeof options.focus === 'string' ? [options.focus] : options.focus;
  const dir = options.focusDirection;
  const kept = (src: Endpoint, dst: Endpoint): boolean => focus === undefined
    || (dir !== 'ingress' && focusMatches(src, focus)) || (dir !== 'egress' && focusMatches(dst, focus));
  // Pairs the own-node rule opens entirely, whatever the policies say (hostNetwork reading `node`).
  const ownNode = ownNodePairs(model);
  const pending = new Map([...ownNode].map(([s, ds]) => [s, new Set(ds)]));
  for (const edge of classEdges(model)) {
    const srcs = cached(edge.src);
    const dsts = cached(edge.dst);
    for (const src of srcs) {
      const open = src.type === 'workload' ? pending.get(src.workload) : undefined;
      for (const dst of dsts) {
        if (src.type === 'workload' && dst.type === 'workload' && src.workload === dst.workload) continue;
        if (!kept(src, dst)) continue;
        const own = open !== undefined && dst.type === 'workload' && open.delete(dst.workload);
        out.push({ src, dst, conns: own ? ALL_CONNS : edge.conns });
      }
    }
  }
  for (const [s, ds] of pending) {
    for (const d of ds) {
      const src = workloadEndpoint(s);
      const dst = workloadEndpoint(d);
      if (kept(src, dst)) out.push({ src, dst, conns: ALL_CONNS });
    }
  }
  return out.sort(compareConnections);
}
