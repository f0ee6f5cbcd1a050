import type { ObjectSet } from '../collect/objects.js';
import { isRecord } from '../domain/guards.js';
import { parseIp } from './ip.js';
import type { NodeSource } from './node-sources.js';
import { ipBlockAdmits, type IpBlockPeer } from './policy.js';
import type { Labels } from './selector.js';
import { labelsOf, workloadId, type Workload } from './workloads.js';

export const HOST_NETWORK_READINGS = ['node', 'pod'] as const;
export type HostNetworkReading = (typeof HOST_NETWORK_READINGS)[number];

/** The options the readings depend on (a subset of ModelOptions). */
export interface ReadingOptions {
  ipBlockMatchesPods?: boolean;
  hostNetwork?: HostNetworkReading;
}

/** Under the `node` reading a hostNetwork workload is its node, not a pod. */
export function actsAsNode(options: ReadingOptions, w: Workload): boolean {
  return w.hostNetwork && (options.hostNetwork ?? 'node') === 'node';
}

/** Every given address lies in the block (and at least one is given). */
function addressesIn(peer: IpBlockPeer, ips: readonly string[]): boolean {
  return ips.length > 0 && ips.every((ip) => {
    const r = parseIp(ip);
    return r !== undefined && ipBlockAdmits(peer, r);
  });
}

/** The node's addresses of a hostNetwork workload: its pods' IPs and hostIPs, and its Nodes' addresses. */
export function nodeIpsOf(w: Workload, nodeAddresses: ReadonlyMap<string, readonly string[]>): string[] {
  return [...new Set([...w.ips, ...w.hostIPs, ...w.nodes.flatMap((n) => nodeAddresses.get(n) ?? [])])].sort();
}

/**
 * Does an ipBlock match a workload? Under the `node` reading a hostNetwork workload's traffic is its node's, so
 * ipBlocks match its node IPs; other pods only with --ipblock-matches-pods, when every known pod IP lies in the block.
 */
export function ipsMatch(peer: IpBlockPeer, w: Workload, options: ReadingOptions = {}, nodeAddresses: ReadonlyMap<string, readonly string[]> = new Map()): boolean {
  if (actsAsNode(options, w)) return addressesIn(peer, nodeIpsOf(w, nodeAddresses));
  return options.ipBlockMatchesPods === true && addressesIn(peer, w.ips);
}

/** status.addresses of Node objects that carry traffic (InternalIP, ExternalIP). */
export function nodeAddressesOf(set: ObjectSet): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of set.objects) {
    if (o.object.kind !== 'Node' || !o.object.metadata.name) continue;
    const addresses = ((o.object.status ?? {}) as { addresses?: unknown }).addresses;
    const ips = (Array.isArray(addresses) ? addresses : [])
      .filter((a): a is { type: string; address: string } => isRecord(a) && (a.type === 'InternalIP' || a.type === 'ExternalIP') && typeof a.address === 'string')
      .map((a) => a.address);
    out.set(o.object.metadata.name, ips);
  }
  return out;
}

/**
 * The own-node rule needs node placement: say where it is unknown instead of guessing. `nodes`: the nodes known as
 * traffic sources (node-sources.ts); a pod of unknown placement may be on any of them.
 */
export function placementNotes(workloads: readonly Workload[], nodes: readonly NodeSource[] = []): string[] {
  const addressed = nodes.filter((n) => n.ips.length > 0);
  const agentsIn = workloads.some((w) => w.hostNetwork);
  if (!agentsIn && addressed.length === 0) return [];
  const shown = (ws: Workload[]): string => {
    const ids = ws.map(workloadId);
    return ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
  };
  const unknown = workloads.filter((w) => w.nodes.length === 0);
  const agents = unknown.filter((w) => w.hostNetwork);
  const pods = unknown.filter((w) => !w.hostNetwork);
  const from = addressed.length === 0 ? 'hostNetwork pods on its node' : agentsIn ? 'its node (and hostNetwork pods on it)' : 'its node';
  // A node placed pods but no address of it is known (no Node object, no pod status.hostIP): its traffic cannot be told.
  const silent = nodes.filter((n) => n.ips.length === 0).map((n) => n.name);
  return [
    ...(agents.length > 0 ? [`own-node rule: node placement unknown for hostNetwork workload${agents.length > 1 ? 's' : ''} ${shown(agents)} (no pod with spec.nodeName in the input): the pods ${agents.length > 1 ? 'they reach on their' : 'it reaches on its'} own node are not listed`] : []),
    ...(pods.length > 0 ? [`own-node rule: node placement unknown for ${shown(pods)} (no pod with spec.nodeName in the input): traffic from ${from} is not listed`] : []),
    ...(addressed.length > 0 && silent.length > 0 ? [`own-node rule: no address known for node${silent.length > 1 ? 's' : ''} ${silent.join(', ')} (no Node object, no pod status.hostIP in the input): traffic from ${silent.length > 1 ? 'them' : 'it'} to the pods on ${silent.length > 1 ? 'them' : 'it'} is not listed`] : []),
  ];
}

export function nodeLabelsOf(set: ObjectSet): Map<string, Labels> {
  const out = new Map<string, Labels>();
  for (const o of set.objects) {
    const name = o.object.metadata.name;
    if (o.object.kind === 'Node' && name) out.set(name, labelsOf(o.object.metadata.labels));
  }
  return out;
}
