import type { ConnEntry } from './conn-table.js';
import { formatRange, type IpRange } from './ip.js';
import { OrderedConnections, type Keep } from './list-order.js';
import type { Model } from './model.js';
import type { ConnSet } from './ports.js';
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

function focusMatches(e: Endpoint, focus: readonly string[]): boolean {
  return e.type === 'workload' && focus.some((f) => focusMatchesWorkload(e.workload, f));
}

/** Called once per connection, in output order; `conns.text` is its printed form. */
export type ConnectionVisit = (src: Endpoint, dst: Endpoint, conns: ConnEntry) => void;
/** The connections in output order, as often as asked (DOT draws every endpoint before the edges). */
export type ConnectionSource = (visit: ConnectionVisit) => void;

/**
 * Workload-level connectivity: every allowed connection between two workloads or a workload and an external
 * range, sources then destinations, external ranges by address (IPv4 first) before workloads by
 * `<ns>/<name>[<Kind>]` (compareConnections). Produced in that order as it is computed (list-order.ts), never
 * collected and sorted; each endpoint object is made once.
 */
export function connectionSource(model: Model, options: ListOptions = {}): ConnectionSource {
  const ordered = new OrderedConnections(model);
  const workloads: (Endpoint | undefined)[] = new Array<Endpoint | undefined>(model.workloads.length);
  const workload = (r: number): Endpoint => (workloads[r] ??= workloadEndpoint(model.workloads[r] as Workload));
  const externals = new Map<IpRange, Endpoint>();
  const external = (range: IpRange): Endpoint => {
    let e = externals.get(range);
    if (!e) externals.set(range, (e = externalEndpoint(range)));
    return e;
  };
  const focus = options.focus === undefined ? undefined : typeof options.focus === 'string' ? [options.focus] : options.focus;
  const dir = options.focusDirection;
  const focused = focus === undefined ? undefined : Uint8Array.from(model.workloads, (w) => (focusMatches(workloadEndpoint(w), focus) ? 1 : 0));
  const keep: Keep = (src, dst) => focus === undefined || (dir !== 'ingress' && src) || (dir !== 'egress' && dst);
  return (visit) => ordered.run({
    fromExternal: (range, dst, entry) => visit(external(range), workload(dst), entry),
    toExternal: (src, range, entry) => visit(workload(src), external(range), entry),
    workloads: (src, dst, entry) => visit(workload(src), workload(dst), entry),
  }, focused, keep);
}

/** The connections as a list, in output order (diff, graph, tests). */
export function listConnections(model: Model, options: ListOptions = {}): Connection[] {
  const out: Connection[] = [];
  connectionSource(model, options)((src, dst, entry) => void out.push({ src, dst, conns: entry.conns }));
  return out;
}
