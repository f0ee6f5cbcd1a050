import type { SourceLocation } from '../domain/evidence.js';
import type { AdminAction, AdminPeer, AdminPolicy, AdminRule } from './admin-policy.js';
import { parseIp, within, type IpRange } from './ip.js';
import { ALL_CONNS, contains, intersect, isEmpty, NO_CONNS, single, subtract, union, type ConnSet, type Protocol } from './ports.js';
import { matchesSelector, type Labels } from './selector.js';
import type { NamedPort, Workload } from './workloads.js';

/** What the matching needs to know about the cluster beyond the workload itself. */
export interface AdminMatchContext {
  namespaceLabels: (ns: string) => Labels;
  nodeLabels: ReadonlyMap<string, Labels>;
  nodeIps: (w: Workload) => string[];
  /** Is this workload its node (hostNetwork under the `node` reading)? */
  asNode: (w: Workload) => boolean;
}

function isWhole(r: IpRange): boolean {
  return r.first === 0n && r.last === (r.family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n);
}

/**
 * Does an ANP/BANP peer (or subject) match a workload? `namespaces`/`pods` peers: "Note that host-networked pods
 * are not included in this type of peer." `networks`: "cluster-internal traffic will be checked against the rule
 * as well. So if you Allow or Deny traffic to "0.0.0.0/0", that will allow or deny all IPv4 pod-to-pod traffic
 * as well" — a workload matches when every known pod IP lies in a CIDR, or a CIDR is a whole address family.
 * `nodes`: the nodes a hostNetwork workload (read as its node) runs on all match the selector.
 */
export function adminPeerMatchesWorkload(peer: AdminPeer, w: Workload, ctx: AdminMatchContext): boolean {
  const asNode = ctx.asNode(w);
  switch (peer.type) {
    case 'pods':
      return !asNode && matchesSelector(peer.namespaceSelector, ctx.namespaceLabels(w.namespace)) && (peer.podSelector === undefined || matchesSelector(peer.podSelector, w.labels));
    case 'networks': {
      const ips = asNode ? ctx.nodeIps(w) : w.ips;
      if (ips.length === 0) return !asNode && peer.cidrs.some((c) => isWhole(c) && c.family === 4);
      return ips.every((ip) => {
        const r = parseIp(ip);
        return r !== undefined && peer.cidrs.some((c) => within(r, c));
      });
    }
    case 'nodes':
      return asNode && w.nodes.length > 0 && w.nodes.every((n) => {
        const labels = ctx.nodeLabels.get(n);
        return labels !== undefined && matchesSelector(peer.selector, labels);
      });
  }
}

/** Does a peer match an external address range (cut so that it lies wholly inside or outside each CIDR)? */
export function adminPeerMatchesRange(peer: AdminPeer, range: IpRange, nodeRanges: ReadonlyMap<number, readonly IpRange[]>): boolean {
  if (peer.type === 'networks') return peer.cidrs.some((c) => within(range, c));
  if (peer.type === 'nodes') return (nodeRanges.get(peer.id) ?? []).some((r) => within(range, r));
  return false;
}

/** The ports a rule names towards a destination; `namedPort` resolves against its container ports by name. */
export function adminRulePorts(rule: AdminRule, dstPorts: readonly NamedPort[] | undefined): ConnSet {
  if (rule.ports === 'all') return ALL_CONNS;
  let out = NO_CONNS;
  for (const p of rule.ports) {
    if ('namedPort' in p) {
      for (const np of dstPorts ?? []) if (np.name === p.namedPort) out = union(out, single(np.protocol, np.port));
    } else out = union(out, single(p.protocol, p.start, p.end));
  }
  return out;
}

export interface Tiers {
  /** ANPs selecting the subject with rules in this direction, highest precedence first. */
  anp: readonly AdminPolicy[];
  /** The BANP when it selects the subject and has rules in this direction. */
  banp?: AdminPolicy | undefined;
  dir: 'ingress' | 'egress';
  matches: (peer: AdminPeer) => boolean;
  dstPorts: readonly NamedPort[] | undefined;
  /** The NetworkPolicy tier: what it admits, or undefined when no NetworkPolicy isolates the subject this way. */
  np: () => ConnSet | undefined;
}

/**
 * The documented order: AdminNetworkPolicies by priority (rules in written order, first match decides: Allow,
 * Deny, or Pass — "skip any remaining ANP rules, and then pass execution to any NetworkPolicies that select the
 * pod. If the pod is not selected by any NetworkPolicies then execution is passed to any
 * BaselineAdminNetworkPolicies that select the pod"), then NetworkPolicies, then the BANP, then allow.
 */
export function tieredConns(t: Tiers): ConnSet {
  // Most pairs match no ANP rule: then the NetworkPolicies decide, or the BANP when none isolates the pod.
  if (!t.anp.some((p) => p[t.dir].some((rule) => rule.peers.some(t.matches)))) {
    const np = t.np();
    if (np !== undefined) return np;
    if (!(t.banp?.[t.dir] ?? []).some((rule) => rule.peers.some(t.matches))) return ALL_CONNS;
  }
  let undecided: ConnSet = ALL_CONNS;
  let allowed: ConnSet = NO_CONNS;
  let passed: ConnSet = NO_CONNS;
  anp: for (const p of t.anp) {
    for (const rule of p[t.dir]) {
      if (isEmpty(undecided)) break anp;
      if (!rule.peers.some(t.matches)) continue;
      const hit = intersect(adminRulePorts(rule, t.dstPorts), undecided);
      if (isEmpty(hit)) continue;
      if (rule.action === 'Allow') allowed = union(allowed, hit);
      else if (rule.action === 'Pass') passed = union(passed, hit);
      undecided = subtract(undecided, hit);
    }
  }
  let rest = union(passed, undecided);
  if (isEmpty(rest)) return allowed;
  const np = t.np();
  if (np !== undefined) return union(allowed, intersect(rest, np));
  for (const rule of t.banp?.[t.dir] ?? []) {
    if (isEmpty(rest)) break;
    if (!rule.peers.some(t.matches)) continue;
    const hit = intersect(adminRulePorts(rule, t.dstPorts), rest);
    if (rule.action === 'Allow') allowed = union(allowed, hit);
    rest = subtract(rest, hit);
  }
  return union(allowed, rest);
}

export interface AdminDecision {
  tier: 'AdminNetworkPolicy' | 'NetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'default';
  action?: AdminAction;
  policy?: AdminPolicy;
  rule?: AdminRule;
  location?: SourceLocation;
  /** ANP rules that passed the traffic on before the deciding tier. */
  passedBy?: { policy: AdminPolicy; rule: AdminRule };
}

/** Which tier (and rule) decides one protocol/port; 'NetworkPolicy' means the NetworkPolicies decide it. */
export function decideAdmin(t: Tiers, protocol: Protocol, port: number): AdminDecision {
  let passedBy: AdminDecision['passedBy'];
  outer: for (const p of t.anp) {
    for (const rule of p[t.dir]) {
      if (!rule.peers.some(t.matches) || !contains(adminRulePorts(rule, t.dstPorts), protocol, port)) continue;
      if (rule.action !== 'Pass') return { tier: 'AdminNetworkPolicy', action: rule.action, policy: p, rule, location: rule.location };
      passedBy = { policy: p, rule };
      break outer;
    }
  }
  const pass = passedBy ? { passedBy } : {};
  if (t.np() !== undefined) return { tier: 'NetworkPolicy', ...pass };
  for (const rule of t.banp?.[t.dir] ?? []) {
    if (rule.peers.some(t.matches) && contains(adminRulePorts(rule, t.dstPorts), protocol, port)) {
      return { tier: 'BaselineAdminNetworkPolicy', action: rule.action, policy: t.banp as AdminPolicy, rule, location: rule.location, ...pass };
    }
  }
  return { tier: 'default', ...pass };
}
