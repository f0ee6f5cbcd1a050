import type { EqClass, Model } from './model.js';
import { ipBlockAdmits } from './model.js';
import type { IpRange } from './ip.js';
import type { Peer, Rule } from './policy.js';
import { ALL_CONNS, NO_CONNS, allOf, equals, intersect, isEmpty, single, union, type ConnSet } from './ports.js';
import type { NamedPort } from './workloads.js';
import { pushTo } from './multimap.js';
import type { AdminPeer } from './admin-policy.js';
import { adminPeerMatchesRange, tieredConns, type Tiers } from './admin-eval.js';

/** The other end of a connection: an equivalence class of workloads, or an external address range. */
export type Target = { type: 'class'; cls: EqClass } | { type: 'ip'; range: IpRange };

export function peerMatches(peer: Peer, target: Target): boolean {
  if (target.type === 'class') return target.cls.matchedPeers.has(peer.id);
  // ipBlocks describe cluster-external addresses; pod peers never match them.
  return peer.type === 'ipBlock' && ipBlockAdmits(peer, target.range);
}

export function ruleMatchesPeer(rule: Rule, target: Target): boolean {
  return rule.peers === 'all' || rule.peers.some((p) => peerMatches(p, target));
}

/**
 * The ports a rule admits towards a destination. Named ports resolve against the destination's container ports
 * with the same name AND protocol; an external destination has no named ports.
 */
const numericPorts = new WeakMap<Rule, ConnSet>();

export function rulePorts(rule: Rule, dstPorts: readonly NamedPort[] | undefined): ConnSet {
  if (rule.ports === 'all') return ALL_CONNS;
  // Without named ports the answer does not depend on the destination: compute it once per rule.
  const cached = numericPorts.get(rule);
  if (cached) return cached;
  const named = rule.ports.some((spec) => typeof spec.port === 'string');
  let out = NO_CONNS;
  for (const spec of rule.ports) {
    if (spec.port === undefined) out = union(out, allOf(spec.protocol));
    else if (typeof spec.port === 'number') out = union(out, single(spec.protocol, spec.port, spec.endPort ?? spec.port));
    else {
      for (const np of dstPorts ?? []) {
        if (np.name === spec.port && np.protocol === spec.protocol) out = union(out, single(np.protocol, np.port));
      }
    }
  }
  if (!named) numericPorts.set(rule, out);
  return out;
}

function dstPortsOf(target: Target): readonly NamedPort[] | undefined {
  return target.type === 'class' ? target.cls.rep.namedPorts : undefined;
}

/** Does an ANP/BANP peer match the other end? A class through its matched peers, a range through its CIDRs. */
export function adminPeerMatches(peer: AdminPeer, target: Target, nodeRanges: ReadonlyMap<number, readonly IpRange[]>): boolean {
  return target.type === 'class' ? target.cls.matchedPeers.has(peer.id) : adminPeerMatchesRange(peer, target.range, nodeRanges);
}

/**
 * What the source's NetworkPolicies admit towards `dst`, or undefined when none isolates it for egress. "A pod is
 * isolated for egress if there is any NetworkPolicy that both selects the pod and has "Egress" in its policyTypes
 * ... When a pod is isolated for egress, the only allowed connections from the pod are those allowed by the egress
 * list of some NetworkPolicy that applies to the pod for egress" (the effects combine additively). "By default, a
 * pod is non-isolated for egress; all outbound connections are allowed." (Kubernetes docs, Network Policies.)
 */
export function npEgressConns(src: EqClass, dst: Target): ConnSet | undefined {
  if (src.egressPolicies.length === 0) return undefined;
  let out = NO_CONNS;
  for (const p of src.egressPolicies) {
    for (const rule of p.egress ?? []) if (ruleMatchesPeer(rule, dst)) out = union(out, rulePorts(rule, dstPortsOf(dst)));
  }
  return out;
}

/**
 * What the destination's NetworkPolicies admit from `src`, or undefined when none isolates it for ingress: "When a
 * pod is isolated for ingress, the only allowed connections into the pod are those from the pod's node and those
 * allowed by the ingress list of some NetworkPolicy that applies to the pod for ingress."
 */
export function npIngressConns(dst: EqClass, src: Target): ConnSet | undefined {
  if (dst.ingressPolicies.length === 0) return undefined;
  let out = NO_CONNS;
  for (const p of dst.ingressPolicies) {
    for (const rule of p.ingress ?? []) if (ruleMatchesPeer(rule, src)) out = union(out, rulePorts(rule, dst.rep.namedPorts));
  }
  return out;
}

export function egressTiers(src: EqClass, dst: Target, nodeRanges: ReadonlyMap<number, readonly IpRange[]>): Tiers {
  return { anp: src.anpEgress, banp: src.banpEgress, dir: 'egress', matches: (peer) => adminPeerMatches(peer, dst, nodeRanges), dstPorts: dstPortsOf(dst), np: () => npEgressConns(src, dst) };
}

export function ingressTiers(dst: EqClass, src: Target, nodeRanges: ReadonlyMap<number, readonly IpRange[]>): Tiers {
  return { anp: dst.anpIngress, banp: dst.banpIngress, dir: 'ingress', matches: (peer) => adminPeerMatches(peer, src, nodeRanges), dstPorts: dst.rep.namedPorts, np: () => npIngressConns(dst, src) };
}

/** Does an AdminNetworkPolicy or the BaselineAdminNetworkPolicy select the class with rules in this direction? */
export const adminSelects = (c: EqClass, dir: 'ingress' | 'egress'): boolean =>
  dir === 'egress' ? c.anpEgress.length > 0 || c.banpEgress !== undefined : c.anpIngress.length > 0 || c.banpIngress !== undefined;

/** The egress side: AdminNetworkPolicies, then NetworkPolicies, then the BaselineAdminNetworkPolicy (admin-eval.ts). */
export function egressConns(src: EqClass, dst: Target, nodeRanges: ReadonlyMap<number, readonly IpRange[]> = new Map()): ConnSet {
  if (!adminSelects(src, 'egress')) return npEgressConns(src, dst) ?? ALL_CONNS;
  return tieredConns(egressTiers(src, dst, nodeRanges));
}

export function ingressConns(dst: EqClass, src: Target, nodeRanges: ReadonlyMap<number, readonly IpRange[]> = new Map()): ConnSet {
  if (!adminSelects(dst, 'ingress')) return npIngressConns(dst, src) ?? ALL_CONNS;
  return tieredConns(ingressTiers(dst, src, nodeRanges));
}

export interface ClassEdge {
  src: Target;
  dst: Target;
  conns: ConnSet;
}

/** Peers of the rules, indexed: which classes each pod peer matches (for skipping pairs no rule names). */
export function classesByPeer(model: Model): Map<number, EqClass[]> {
  const out = new Map<number, EqClass[]>();
  for (const cls of model.classes) for (const id of cls.matchedPeers) pushTo(out, id, cls);
  return out;
}

/** Where each class may receive from: classes open to every pod, and per pod peer the classes whose ingress names it. */
export interface IngressIndex {
  open: EqClass[];
  byPeer: Map<number, EqClass[]>;
}

export function ingressIndex(model: Model): IngressIndex {
  const open: EqClass[] = [];
  const byPeer = new Map<number, EqClass[]>();
  for (const cls of model.classes) {
    const rules = cls.ingressPolicies.flatMap((p) => p.ingress ?? []);
    if (cls.ingressPolicies.length === 0 || rules.some((r) => r.peers === 'all')) {
      open.push(cls);
      continue;
    }
    const peers = new Set<number>();
    for (const rule of rules) if (rule.peers !== 'all') for (const peer of rule.peers) peers.add(peer.id);
    // An ANP Allow opens the class to its peers whatever the NetworkPolicies say.
    for (const ap of cls.anpIngress) for (const rule of ap.ingress) if (rule.action === 'Allow') for (const peer of rule.peers) peers.add(peer.id);
    for (const id of peers) pushTo(byPeer, id, cls);
  }
  return { open, byPeer };
}

/**
 * Classes the src class may send to: under its egress rules when it is isolated for egress (all classes when some
 * rule admits any pod); otherwise the classes whose ingress is open or names a peer that matches src.
 */
export function egressCandidates(src: EqClass, model: Model, index: Map<number, EqClass[]>, ingress: IngressIndex): Iterable<EqClass> {
  // Not isolated for egress by NetworkPolicies: whatever the destinations' ingress admits (an ANP or BANP Deny can
  // only remove from that). Isolated: what its NetworkPolicy rules and its ANP Allow rules name.
  if (src.egressPolicies.length === 0) {
    const out = new Set<EqClass>(ingress.open);
    for (const id of src.matchedPeers) for (const cls of ingress.byPeer.get(id) ?? []) out.add(cls);
    return [...out].sort((a, b) => a.index - b.index);
  }
  const out = new Set<EqClass>();
  for (const p of src.egressPolicies) {
    for (const rule of p.egress ?? []) {
      if (rule.peers === 'all') return model.classes;
      for (const peer of rule.peers) for (const cls of index.get(peer.id) ?? []) out.add(cls);
    }
  }
  for (const ap of src.anpEgress) {
    for (const rule of ap.egress) if (rule.action === 'Allow') for (const peer of rule.peers) for (const cls of index.get(peer.id) ?? []) out.add(cls);
  }
  return [...out].sort((a, b) => a.index - b.index);
}

/**
 * Connectivity between classes and external ranges: "a connection needs the source's egress AND the
 * destination's ingress". Cost grows with classes x (rules that name them), not with pods squared.
 */
export function classEdges(model: Model): ClassEdge[] {
  const edges: ClassEdge[] = [];
  const index = classesByPeer(model);
  const ingress = ingressIndex(model);
  for (const src of model.classes) {
    const from: Target = { type: 'class', cls: src };
    for (const dst of egressCandidates(src, model, index, ingress)) {
      const to: Target = { type: 'class', cls: dst };
      const e = egressConns(src, to, model.nodeRanges);
      if (isEmpty(e)) continue;
      const conns = intersect(e, ingressConns(dst, from, model.nodeRanges));
      if (!isEmpty(conns)) edges.push({ src: from, dst: to, conns });
    }
    // External destinations have no NetworkPolicy of their own: only the source's egress decides.
    for (const run of externalRuns(model, (range) => egressConns(src, { type: 'ip', range }, model.nodeRanges))) {
      edges.push({ src: from, dst: { type: 'ip', range: run.range }, conns: run.conns });
    }
  }
  for (const dst of model.classes) {
    for (const run of externalRuns(model, (range) => ingressConns(dst, { type: 'ip', range }, model.nodeRanges))) {
      edges.push({ src: { type: 'ip', range: run.range }, dst: { type: 'class', cls: dst }, conns: run.conns });
    }
  }
  return edges;
}

/**
 * The external ranges with their connections, adjacent ranges with equal connections merged
 * (so a workload no ipBlock distinguishes shows one `0.0.0.0-255.255.255.255` line, not every cut).
 */
export function externalRuns(model: Model, connsOf: (range: IpRange) => ConnSet): { range: IpRange; conns: ConnSet }[] {
  const runs: { range: IpRange; conns: ConnSet }[] = [];
  for (const range of model.externals) {
    const conns = connsOf(range);
    if (isEmpty(conns)) continue;
    const last = runs[runs.length - 1];
    if (last && last.range.family === range.family && last.range.last + 1n === range.first && equals(last.conns, conns)) {
      last.range = { ...last.range, last: range.last };
    } else runs.push({ range, conns });
  }
  return runs;
}
