import type { LoadedObject, ObjectSet } from '../collect/objects.js';
import type { InputError } from '../domain/errors.js';
import type { SourceLocation } from '../domain/evidence.js';
import { cutAddressSpace, parseIp, within, overlaps, type IpRange } from './ip.js';
import { parsePolicy, type IpBlockPeer, type Peer, type Policy, type PodsPeer } from './policy.js';
import { matchesSelector, type LabelSelector, type Labels } from './selector.js';
import { extractWorkloads, KNOWN_KINDS, namespaceLabels, workloadId, type Workload } from './workloads.js';
import { pushTo } from './multimap.js';
import { isRecord } from '../domain/guards.js';

export const HOST_NETWORK_READINGS = ['node', 'pod'] as const;
export type HostNetworkReading = (typeof HOST_NETWORK_READINGS)[number];

export interface ModelOptions {
  /** Treat pod IPs (status.podIP(s)) as matchable by ipBlock peers, as some CNIs do. */
  ipBlockMatchesPods?: boolean;
  /**
   * How hostNetwork pods are read (the API leaves it undefined): `node` (default) — they are their node: not
   * selected by policies, not matched by pod selectors, matched by ipBlocks through the node's IP, and allowed
   * into pods on their own node; `pod` — ordinary pods selected and matched by labels (netpol-analyzer's reading).
   */
  hostNetwork?: HostNetworkReading;
}

/** Workloads that no policy can tell apart: same selecting policies, same matching peers, same named ports. */
export interface EqClass {
  index: number;
  members: Workload[];
  /** Policies selecting the members that affect ingress / egress (isolation per direction). */
  ingressPolicies: Policy[];
  egressPolicies: Policy[];
  matchedPeers: Set<number>;
  /** Any member: they share everything the analysis looks at. */
  rep: Workload;
}

export interface Model {
  namespaces: Map<string, Labels>;
  workloads: Workload[];
  policies: Policy[];
  classes: EqClass[];
  classOf: Map<string, EqClass>;
  /** The disjoint external address ranges cut by every cidr and except of the policies. */
  externals: IpRange[];
  errors: InputError[];
  /** Counts of objects of kinds the analysis does not use. */
  ignoredKinds: Map<string, number>;
  peerPolicy: Map<number, Policy>;
  /** The active hostNetwork reading. */
  hostNetwork: HostNetworkReading;
  /** Node addresses (status.addresses InternalIP/ExternalIP) by node name, from Node objects. */
  nodeAddresses: Map<string, string[]>;
  /** Workloads split by label set, templates judged by their pods. */
  notes: string[];
  /** Where each Namespace object given in the input was written. */
  namespaceLocations: Map<string, SourceLocation>;
  options: ModelOptions;
}

export function peersOf(policy: Policy): Peer[] {
  const out: Peer[] = [];
  for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) if (rule.peers !== 'all') out.push(...rule.peers);
  return out;
}

/** Does an ipBlock admit this address range? "cidr ... except: a slice of CIDRs that should not be included". */
export function ipBlockAdmits(peer: IpBlockPeer, range: IpRange): boolean {
  return within(range, peer.cidr) && !peer.except.some((e) => overlaps(range, e));
}

/** Under the `node` reading a hostNetwork workload is its node, not a pod. */
export function actsAsNode(options: ModelOptions, w: Workload): boolean {
  return w.hostNetwork && (options.hostNetwork ?? 'node') === 'node';
}

/** Does a pod peer match a workload? The namespace part: namespaceSelector, or the policy's own namespace. */
export function podsPeerMatches(peer: PodsPeer, policyNs: string, w: Workload, nsLabels: Labels, options: ModelOptions = {}): boolean {
  if (actsAsNode(options, w)) return false;
  if (peer.namespaceSelector === undefined ? w.namespace !== policyNs : !matchesSelector(peer.namespaceSelector, nsLabels)) return false;
  return peer.podSelector === undefined || matchesSelector(peer.podSelector, w.labels);
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
export function ipsMatch(peer: IpBlockPeer, w: Workload, options: ModelOptions = {}, nodeAddresses: ReadonlyMap<string, readonly string[]> = new Map()): boolean {
  if (actsAsNode(options, w)) return addressesIn(peer, nodeIpsOf(w, nodeAddresses));
  return options.ipBlockMatchesPods === true && addressesIn(peer, w.ips);
}

/** status.addresses of Node objects that carry traffic (InternalIP, ExternalIP). */
function nodeAddressesOf(set: ObjectSet): Map<string, string[]> {
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

/** Namespaces that namespaceSelectors name through `kubernetes.io/metadata.name` (e.g. kube-system for DNS). */
function namedBySelectors(policies: readonly Policy[]): string[] {
  const out: string[] = [];
  for (const p of policies) {
    for (const peer of peersOf(p)) {
      if (peer.type !== 'pods' || !peer.namespaceSelector) continue;
      const name = peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'];
      if (name !== undefined) out.push(name);
      for (const e of peer.namespaceSelector.matchExpressions ?? []) {
        if (e.key === 'kubernetes.io/metadata.name' && e.operator === 'In') out.push(...(e.values ?? []));
      }
    }
  }
  return out;
}

/** Label keys that pod selectors (of policies and their pod peers) name: only these can tell pods apart. */
function selectorKeys(policies: readonly Policy[]): Set<string> {
  const keys = new Set<string>();
  const add = (sel: LabelSelector | undefined): void => {
    for (const k of Object.keys(sel?.matchLabels ?? {})) keys.add(k);
    for (const e of sel?.matchExpressions ?? []) keys.add(e.key);
  };
  for (const p of policies) {
    add(p.podSelector);
    for (const peer of peersOf(p)) if (peer.type === 'pods') add(peer.podSelector);
  }
  return keys;
}

export function buildModel(set: ObjectSet, options: ModelOptions = {}): Model {
  const errors: InputError[] = [...set.errors];
  const ignoredKinds = new Map<string, number>();
  const policyObjects: LoadedObject[] = [];
  for (const o of set.objects) {
    if (!KNOWN_KINDS.has(o.object.kind)) ignoredKinds.set(o.object.kind, (ignoredKinds.get(o.object.kind) ?? 0) + 1);
    if (o.object.kind === 'NetworkPolicy') policyObjects.push(o);
  }
  let peerId = 0;
  const policies: Policy[] = [];
  for (const o of policyObjects) {
    const p = parsePolicy(o, errors, () => ++peerId);
    if (p) policies.push(p);
  }
  policies.sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  policies.forEach((p, i) => (p.id = i));
  const extracted = extractWorkloads(set.objects, { selectorKeys: selectorKeys(policies) });
  errors.push(...extracted.errors);
  const workloads = extracted.workloads;
  const namespaces = namespaceLabels(set.objects, [...workloads.map((w) => w.namespace), ...policies.map((p) => p.namespace), ...namedBySelectors(policies)]);

  const nodeAddresses = nodeAddressesOf(set);
  const peerPolicy = new Map<number, Policy>();
  const policiesByNs = new Map<string, Policy[]>();
  const localPeers = new Map<string, PodsPeer[]>();
  const crossPeers: PodsPeer[] = [];
  const ipPeers: IpBlockPeer[] = [];
  for (const p of policies) {
    pushTo(policiesByNs, p.namespace, p);
    for (const peer of peersOf(p)) {
      peerPolicy.set(peer.id, p);
      if (peer.type === 'ipBlock') ipPeers.push(peer);
      else if (peer.namespaceSelector === undefined) pushTo(localPeers, p.namespace, peer);
      else crossPeers.push(peer);
    }
  }
  // Pod peers whose namespace part admits each namespace: computed once per namespace, not per workload.
  const peersForNs = new Map<string, PodsPeer[]>();
  for (const [ns, labels] of namespaces) {
    const cross = crossPeers.filter((peer) => matchesSelector(peer.namespaceSelector ?? {}, labels));
    peersForNs.set(ns, [...(localPeers.get(ns) ?? []), ...cross]);
  }

  const usedPortNames = new Set<string>();
  for (const p of policies) {
    for (const rule of [...(p.ingress ?? []), ...(p.egress ?? [])]) {
      if (rule.ports !== 'all') for (const spec of rule.ports) if (typeof spec.port === 'string') usedPortNames.add(spec.port);
    }
  }
  const classes: EqClass[] = [];
  const bySignature = new Map<string, EqClass>();
  const classOf = new Map<string, EqClass>();
  for (const w of workloads) {
    const asNode = actsAsNode(options, w);
    const selecting = asNode ? [] : (policiesByNs.get(w.namespace) ?? []).filter((p) => matchesSelector(p.podSelector, w.labels));
    const matched: number[] = [];
    for (const peer of asNode ? [] : (peersForNs.get(w.namespace) ?? [])) {
      if (peer.podSelector === undefined || matchesSelector(peer.podSelector, w.labels)) matched.push(peer.id);
    }
    if (asNode || options.ipBlockMatchesPods) for (const peer of ipPeers) if (ipsMatch(peer, w, options, nodeAddresses)) matched.push(peer.id);
    matched.sort((a, b) => a - b);
    // Only port names some rule uses can tell workloads apart.
    const ports = w.namedPorts.filter((p) => usedPortNames.has(p.name)).map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
    const signature = `${selecting.map((p) => p.id).join(',')}|${matched.join(',')}|${ports}|${w.hostNetwork}|${asNode}`;
    let cls = bySignature.get(signature);
    if (!cls) {
      cls = {
        index: classes.length,
        members: [],
        ingressPolicies: selecting.filter((p) => p.ingress !== undefined),
        egressPolicies: selecting.filter((p) => p.egress !== undefined),
        matchedPeers: new Set(matched),
        rep: w,
      };
      classes.push(cls);
      bySignature.set(signature, cls);
    }
    cls.members.push(w);
    classOf.set(workloadId(w), cls);
  }

  const cidrs: IpRange[] = [];
  for (const peer of ipPeers) cidrs.push(peer.cidr, ...peer.except);
  // IPv6 ranges only when some policy names an IPv6 CIDR or some pod has an IPv6 address.
  const v6 = cidrs.some((r) => r.family === 6) || workloads.some((w) => w.ips.some((ip) => ip.includes(':')));
  const externals = cutAddressSpace(cidrs, v6 ? [4, 6] : [4]);
  const namespaceLocations = new Map<string, SourceLocation>();
  for (const o of set.objects) if (o.object.kind === 'Namespace' && o.object.metadata.name) namespaceLocations.set(o.object.metadata.name, o.location);
  const hostNetwork = options.hostNetwork ?? 'node';
  const notes = [...extracted.notes, ...(hostNetwork === 'node' ? placementNotes(workloads) : [])];
  return { namespaces, workloads, policies, classes, classOf, externals, errors, ignoredKinds, peerPolicy, hostNetwork, nodeAddresses, notes, namespaceLocations, options };
}

/** The own-node rule needs node placement: say where it is unknown instead of guessing. */
function placementNotes(workloads: readonly Workload[]): string[] {
  if (!workloads.some((w) => w.hostNetwork)) return [];
  const unknown = workloads.filter((w) => w.nodes.length === 0).map(workloadId);
  if (unknown.length === 0) return [];
  const shown = unknown.length > 10 ? `${unknown.slice(0, 10).join(', ')} and ${unknown.length - 10} more` : unknown.join(', ');
  return [`own-node rule: node placement unknown for ${shown} (no pod with spec.nodeName in the input): traffic from hostNetwork pods on its node is not listed`];
}
