import type { LoadedObject, ObjectSet } from '../collect/objects.js';
import type { InputError } from '../domain/errors.js';
import type { SourceLocation } from '../domain/evidence.js';
import { cutAddressSpace, parseIp, type IpRange } from './ip.js';
import { parsePolicy, type IpBlockPeer, type Peer, type Policy, type PodsPeer } from './policy.js';
import { matchesSelector, selectorText, type LabelSelector, type Labels } from './selector.js';
import { extractWorkloads, KNOWN_KINDS, namespaceLabels, workloadId, type Workload } from './workloads.js';
import { pushTo } from './multimap.js';
import { ADMIN_KINDS, parseAdminPolicy, type AdminPeer, type AdminPolicy } from './admin-policy.js';
import { adminPeerMatchesWorkload, type AdminMatchContext } from './admin-eval.js';
import { nodeRangesOf, nodeSourcesOf, type NodeSource } from './node-sources.js';
import { actsAsNode, ipsMatch, nodeAddressesOf, nodeIpsOf, nodeLabelsOf, placementNotes, type HostNetworkReading } from './host-network.js';

export { HOST_NETWORK_READINGS, actsAsNode, ipsMatch, nodeIpsOf, type HostNetworkReading } from './host-network.js';
export { ipBlockAdmits } from './policy.js';

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
  /** AdminNetworkPolicies selecting the members with rules per direction, highest precedence first. */
  anpIngress: AdminPolicy[];
  anpEgress: AdminPolicy[];
  /** The BaselineAdminNetworkPolicy when it selects the members and has rules in that direction. */
  banpIngress?: AdminPolicy;
  banpEgress?: AdminPolicy;
  /** Any member: they share everything the analysis looks at. */
  rep: Workload;
}

export interface Model {
  /** The objects the model was built from (Services, Ingresses and Routes are read from here). */
  objects: readonly LoadedObject[];
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
  /** AdminNetworkPolicies (by priority, then name) and the BaselineAdminNetworkPolicy. */
  adminPolicies: AdminPolicy[];
  /** Node labels by node name, from Node objects (for ANP `nodes` peers). */
  nodeLabels: Map<string, Labels>;
  /** Addresses of the nodes each ANP `nodes` peer selects, by peer id. */
  nodeRanges: Map<number, IpRange[]>;
  adminContext: AdminMatchContext;
  /** The active hostNetwork reading. */
  hostNetwork: HostNetworkReading;
  /** Node addresses (status.addresses InternalIP/ExternalIP) by node name, from Node objects. */
  nodeAddresses: Map<string, string[]>;
  /** Nodes as traffic sources (node-sources.ts), by name; used under the `node` reading only. */
  nodeSources: Map<string, NodeSource>;
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

export function adminPeersOf(p: AdminPolicy): AdminPeer[] {
  return [...p.ingress, ...p.egress].flatMap((r) => r.peers);
}

/** Does a pod peer match a workload? The namespace part: namespaceSelector, or the policy's own namespace. */
export function podsPeerMatches(peer: PodsPeer, policyNs: string, w: Workload, nsLabels: Labels, options: ModelOptions = {}): boolean {
  if (actsAsNode(options, w)) return false;
  if (peer.namespaceSelector === undefined ? w.namespace !== policyNs : !matchesSelector(peer.namespaceSelector, nsLabels)) return false;
  return peer.podSelector === undefined || matchesSelector(peer.podSelector, w.labels);
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
function selectorKeys(policies: readonly Policy[], admin: readonly AdminPolicy[]): Set<string> {
  const keys = new Set<string>();
  const add = (sel: LabelSelector | undefined): void => {
    for (const k of Object.keys(sel?.matchLabels ?? {})) keys.add(k);
    for (const e of sel?.matchExpressions ?? []) keys.add(e.key);
  };
  for (const p of policies) {
    add(p.podSelector);
    for (const peer of peersOf(p)) if (peer.type === 'pods') add(peer.podSelector);
  }
  for (const p of admin) for (const peer of [p.subject, ...adminPeersOf(p)]) if (peer.type === 'pods') add(peer.podSelector);
  return keys;
}

export function buildModel(set: ObjectSet, options: ModelOptions = {}): Model {
  const errors: InputError[] = [...set.errors, ...(set.warnings ?? [])];
  const ignoredKinds = new Map<string, number>();
  const policyObjects: LoadedObject[] = [];
  const adminObjects: LoadedObject[] = [];
  for (const o of set.objects) {
    if (!KNOWN_KINDS.has(o.object.kind)) ignoredKinds.set(o.object.kind, (ignoredKinds.get(o.object.kind) ?? 0) + 1);
    if (o.object.kind === 'NetworkPolicy') policyObjects.push(o);
    if ((ADMIN_KINDS as readonly string[]).includes(o.object.kind)) adminObjects.push(o);
  }
  let peerId = 0;
  const policies: Policy[] = [];
  for (const o of policyObjects) {
    const p = parsePolicy(o, errors, () => ++peerId);
    if (p) policies.push(p);
  }
  const policyKeys = new Map(policies.map((p) => [p, `${p.namespace}/${p.name}`]));
  policies.sort((a, b) => ((policyKeys.get(a) as string) < (policyKeys.get(b) as string) ? -1 : 1));
  policies.forEach((p, i) => (p.id = i));
  const adminPolicies: AdminPolicy[] = [];
  for (const o of adminObjects) {
    const p = parseAdminPolicy(o, errors, () => ++peerId);
    if (p) adminPolicies.push(p);
  }
  // ANPs first, lower priority value first ("Rules with lower priority values have higher precedence"); the
  // behaviour of two ANPs with the same priority is undefined, so they are ordered by name and noted.
  adminPolicies.sort((a, b) => (a.kind !== b.kind ? (a.kind === 'AdminNetworkPolicy' ? -1 : 1) : a.priority - b.priority || (a.name < b.name ? -1 : 1)));
  const extracted = extractWorkloads(set.objects, { selectorKeys: selectorKeys(policies, adminPolicies) });
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
  // Peers with the same namespaceSelector (every team's allow-dns names kube-system) are matched once per namespace:
  // namespaces x distinct selectors, not namespaces x peers.
  const crossBySelector = new Map<string, { selector: LabelSelector; peers: PodsPeer[] }>();
  for (const peer of crossPeers) {
    const selector = peer.namespaceSelector ?? {};
    const key = selectorText(selector);
    const group = crossBySelector.get(key);
    if (group) group.peers.push(peer);
    else crossBySelector.set(key, { selector, peers: [peer] });
  }
  // Pod peers whose namespace part admits each namespace: computed once per namespace, not per workload.
  const peersForNs = new Map<string, PodsPeer[]>();
  for (const [ns, labels] of namespaces) {
    const cross: PodsPeer[] = [];
    for (const group of crossBySelector.values()) if (matchesSelector(group.selector, labels)) cross.push(...group.peers);
    peersForNs.set(ns, [...(localPeers.get(ns) ?? []), ...cross]);
  }

  const usedPortNames = new Set<string>();
  for (const p of policies) {
    for (const rule of [...(p.ingress ?? []), ...(p.egress ?? [])]) {
      if (rule.ports !== 'all') for (const spec of rule.ports) if (typeof spec.port === 'string') usedPortNames.add(spec.port);
    }
  }
  const nodeLabels = nodeLabelsOf(set);
  const adminContext: AdminMatchContext = {
    namespaceLabels: (ns) => namespaces.get(ns) ?? { 'kubernetes.io/metadata.name': ns },
    nodeLabels,
    nodeIps: (w) => nodeIpsOf(w, nodeAddresses),
    asNode: (w) => actsAsNode(options, w),
  };
  const adminPeers = adminPolicies.flatMap(adminPeersOf);
  const nodeRanges = new Map<number, IpRange[]>();
  for (const peer of adminPeers) {
    if (peer.type !== 'nodes') continue;
    const ranges: IpRange[] = [];
    for (const [node, labels] of nodeLabels) {
      if (!matchesSelector(peer.selector, labels)) continue;
      for (const ip of nodeAddresses.get(node) ?? []) {
        const r = parseIp(ip);
        if (r) ranges.push(r);
      }
    }
    nodeRanges.set(peer.id, ranges);
  }
  for (const p of adminPolicies) for (const rule of [...p.ingress, ...p.egress]) {
    if (rule.ports !== 'all') for (const port of rule.ports) if ('namedPort' in port) usedPortNames.add(port.namedPort);
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
    const anpIngress: AdminPolicy[] = [];
    const anpEgress: AdminPolicy[] = [];
    let banpIngress: AdminPolicy | undefined;
    let banpEgress: AdminPolicy | undefined;
    for (const ap of adminPolicies) {
      if (!adminPeerMatchesWorkload(ap.subject, w, adminContext)) continue;
      if (ap.kind === 'AdminNetworkPolicy') {
        if (ap.ingress.length > 0) anpIngress.push(ap);
        if (ap.egress.length > 0) anpEgress.push(ap);
      } else {
        if (ap.ingress.length > 0) banpIngress = ap;
        if (ap.egress.length > 0) banpEgress = ap;
      }
    }
    for (const peer of adminPeers) if (adminPeerMatchesWorkload(peer, w, adminContext)) matched.push(peer.id);
    matched.sort((a, b) => a - b);
    const admin = `${anpIngress.map((p) => p.name).join(',')}|${anpEgress.map((p) => p.name).join(',')}|${banpIngress ? 1 : 0}${banpEgress ? 1 : 0}`;
    // Only port names some rule uses can tell workloads apart.
    const ports = w.namedPorts.filter((p) => usedPortNames.has(p.name)).map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
    const signature = `${selecting.map((p) => p.id).join(',')}|${matched.join(',')}|${ports}|${w.hostNetwork}|${asNode}|${admin}`;
    let cls = bySignature.get(signature);
    if (!cls) {
      cls = {
        index: classes.length,
        members: [],
        ingressPolicies: selecting.filter((p) => p.ingress !== undefined),
        egressPolicies: selecting.filter((p) => p.egress !== undefined),
        matchedPeers: new Set(matched),
        anpIngress,
        anpEgress,
        ...(banpIngress ? { banpIngress } : {}),
        ...(banpEgress ? { banpEgress } : {}),
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
  for (const peer of adminPeers) if (peer.type === 'networks') cidrs.push(...peer.cidrs);
  for (const ranges of nodeRanges.values()) cidrs.push(...ranges);
  const hostNetwork = options.hostNetwork ?? 'node';
  const nodeSources = new Map(nodeSourcesOf(set, nodeAddresses, workloads).map((n) => [n.name, n]));
  // Under the `node` reading each node address reaches the pods on its node: a range of its own.
  if (hostNetwork === 'node') cidrs.push(...nodeRangesOf([...nodeSources.values()]));
  // IPv6 ranges only when some policy names an IPv6 CIDR or some pod has an IPv6 address.
  const v6 = cidrs.some((r) => r.family === 6) || workloads.some((w) => w.ips.some((ip) => ip.includes(':')));
  const externals = cutAddressSpace(cidrs, v6 ? [4, 6] : [4]);
  const namespaceLocations = new Map<string, SourceLocation>();
  for (const o of set.objects) if (o.object.kind === 'Namespace' && o.object.metadata.name) namespaceLocations.set(o.object.metadata.name, o.location);
  const notes = [...extracted.notes, ...(hostNetwork === 'node' ? placementNotes(workloads, [...nodeSources.values()]) : [])];
  return { objects: set.objects, adminPolicies, nodeLabels, nodeRanges, adminContext, namespaces, workloads, policies, classes, classOf, externals, errors, ignoredKinds, peerPolicy, hostNetwork, nodeAddresses, nodeSources, notes, namespaceLocations, options };
}

