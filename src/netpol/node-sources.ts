import type { ObjectSet } from '../collect/objects.js';
import { isRecord } from '../domain/guards.js';
import { compareRanges, parseIp, within, type IpRange } from './ip.js';
import type { ConnEntry } from './conn-table.js';
import type { Workload } from './workloads.js';

/**
 * A node as a traffic source. NetworkPolicySpec.ingress (networking.k8s.io/v1): "Traffic is allowed to a pod if
 * there are no NetworkPolicies selecting the pod (and cluster policy otherwise allows the traffic), OR if the
 * traffic source is the pod's local node, OR if the traffic matches at least one ingress rule"; the concepts page:
 * "traffic to and from the node where a Pod is running is always allowed, regardless of the IP address of the Pod
 * or the node". Under the `node` hostNetwork reading, traffic from a node's IP is the node's traffic (kubelet
 * probes, node-local agents), so that IP reaches every pod placed on that node whatever the policies say.
 */
export interface NodeSource {
  name: string;
  /** Its addresses, sorted: Node status.addresses InternalIP/ExternalIP, and status.hostIP(s) of pods placed on it. */
  ips: string[];
  /** The same addresses as one-address ranges, in address order (IPv4 first). */
  ranges: IpRange[];
}

const rangeKey = (r: IpRange): string => `${r.family}|${r.first}`;

function statusHostIps(status: unknown): string[] {
  if (!isRecord(status)) return [];
  const out = typeof status.hostIP === 'string' ? [status.hostIP] : [];
  for (const h of Array.isArray(status.hostIPs) ? status.hostIPs : []) if (isRecord(h) && typeof h.ip === 'string') out.push(h.ip);
  return out;
}

/**
 * Every node the input names (Node objects, pods' spec.nodeName) with the addresses it is known by. A pod's
 * status.hostIP is "the IP address of the host to which the pod is assigned": the address of its spec.nodeName.
 */
export function nodeSourcesOf(set: ObjectSet, nodeAddresses: ReadonlyMap<string, readonly string[]>, workloads: readonly Workload[]): NodeSource[] {
  const ips = new Map<string, Set<string>>();
  const add = (node: string, list: readonly string[]): void => {
    let s = ips.get(node);
    if (!s) ips.set(node, (s = new Set()));
    for (const ip of list) s.add(ip);
  };
  for (const [node, list] of nodeAddresses) add(node, list);
  for (const o of set.objects) {
    if (o.object.kind !== 'Pod') continue;
    const node = isRecord(o.object.spec) ? o.object.spec.nodeName : undefined;
    if (typeof node === 'string' && node !== '') add(node, statusHostIps(o.object.status));
  }
  for (const w of workloads) for (const n of w.nodes) add(n, []);
  return [...ips].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, s]) => {
    const parsed = [...s].flatMap((ip) => {
      const r = parseIp(ip);
      return r ? [{ ip, r }] : [];
    });
    const ranges = parsed.map((p) => p.r).sort(compareRanges);
    return { name, ips: parsed.map((p) => p.ip).sort(), ranges };
  });
}

/** The node an address belongs to (the first by name when two claim it). */
export function nodeOfAddress(nodes: readonly NodeSource[], range: IpRange): NodeSource | undefined {
  const key = rangeKey(range);
  return nodes.find((n) => n.ranges.some((r) => rangeKey(r) === key));
}

/** Every node address, for cutting the external ranges so that each address is a piece of its own. */
export function nodeRangesOf(nodes: readonly NodeSource[]): IpRange[] {
  return nodes.flatMap((n) => n.ranges);
}

/**
 * The addresses of the nodes a workload's pods are placed on (spec.nodeName), in address order, one each. At
 * workload level the own-node rule holds for the pods on that node (docs/netpol.md "Known limits").
 */
export function ownNodeRanges(nodes: ReadonlyMap<string, NodeSource>, w: Workload): IpRange[] {
  const seen = new Map<string, IpRange>();
  for (const n of w.nodes) for (const r of nodes.get(n)?.ranges ?? []) seen.set(rangeKey(r), r);
  return [...seen.values()].sort(compareRanges);
}

export interface Run {
  range: IpRange;
  entry: ConnEntry;
}

const before = (p: IpRange, r: IpRange): boolean => p.family < r.family || (p.family === r.family && p.first < r.first);

/**
 * A destination's external-source runs with its own nodes' addresses (sorted one-address ranges) admitting
 * everything: the runs split around each address, adjacent runs with the same connections merged again.
 */
export function withOwnNodes(runs: readonly Run[], points: readonly IpRange[], all: ConnEntry): Run[] {
  const out: Run[] = [];
  const push = (range: IpRange, entry: ConnEntry): void => {
    const last = out[out.length - 1];
    if (last && last.entry === entry && last.range.family === range.family && last.range.last + 1n === range.first) last.range = { ...last.range, last: range.last };
    else out.push({ range, entry });
  };
  let j = 0;
  for (const run of runs) {
    while (j < points.length && before(points[j] as IpRange, run.range)) push(points[j++] as IpRange, all);
    let first = run.range.first;
    while (j < points.length && within(points[j] as IpRange, run.range)) {
      const p = points[j++] as IpRange;
      if (p.first > first) push({ ...run.range, first, last: p.first - 1n }, run.entry);
      push(p, all);
      first = p.first + 1n;
    }
    if (first <= run.range.last) push({ ...run.range, first }, run.entry);
  }
  while (j < points.length) push(points[j++] as IpRange, all);
  return out;
}

/** `worker-1 192.168.50.11`, for the reading line and notes. */
export function nodeText(n: NodeSource): string {
  return n.ips.length === 0 ? `${n.name} (no address known)` : `${n.name} ${n.ips.join(',')}`;
}
