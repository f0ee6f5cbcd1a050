import type { SourceLocation } from '../domain/evidence.js';
import { UsageError } from '../domain/errors.js';
import { egressTiers, ingressTiers, ruleMatchesPeer, rulePorts, type Target } from './connectivity.js';
import { decideAdmin } from './admin-eval.js';
import { adminRef, type AdminPolicy, type AdminRule } from './admin-policy.js';
import { parseIp } from './ip.js';
import { actsAsNode, type EqClass, type Model } from './model.js';
import { ownNodePairs, placementRemark, readingOf, sharedNodes, type ReadingInfo } from './reading.js';
import type { Policy } from './policy.js';
import { contains, MAX_PORT, MIN_PORT, type Protocol } from './ports.js';
import { workloadId, type Workload } from './workloads.js';
import { nodeOfAddress, nodeText, type NodeSource } from './node-sources.js';
import { fromNodeVerdict, nodeSourceRemark } from './node-eval.js';

export interface PolicyRef {
  policy: string;
  location: SourceLocation;
}

export interface RuleRef extends PolicyRef {
  /** `ingress[0]` / `egress[2]` */
  rule: string;
}

export interface DirectionVerdict {
  direction: 'egress' | 'ingress';
  /** The endpoint whose policies decide this direction: the source for egress, the destination for ingress. */
  endpoint: string;
  allowed: boolean;
  /** Policies that select the endpoint and affect this direction; empty = not isolated in this direction. */
  policies: PolicyRef[];
  /** Rules that admit the traffic. */
  admittedBy: RuleRef[];
  /** The AdminNetworkPolicy or BaselineAdminNetworkPolicy rule that decided, when one did. */
  decidedBy?: RuleRef & { action: string };
  reason: string;
}

export interface Verdict {
  from: string;
  to: string;
  protocol: Protocol;
  /** The port number, or the named port when the destination has no container port of that name. */
  port: number | string;
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** The hostNetwork reading in force; `affects` when an end is a hostNetwork workload. */
  hostNetwork: ReadingInfo & { affects: boolean };
}

/** `pod`: the one pod named (by pod name or pod IP), when the endpoint names a pod rather than a workload. */
type Resolved = { id: string; target: Target; workload?: Workload; cls?: EqClass; pod?: string; node?: NodeSource };

/** `ns/name`, `ns/name[Kind]` or an IP address; an IP that is a known pod IP stands for that workload. */
export function resolveEndpoint(model: Model, text: string): Resolved {
  const ip = parseIp(text);
  if (ip) {
    const owner = model.workloads.find((w) => w.ips.includes(text));
    // An address of a node (Node status.addresses, a pod's status.hostIP) is that node: named in the reasons.
    const node = owner ? undefined : nodeOfAddress([...model.nodeSources.values()], ip);
    if (!owner) return { id: `${text}[External]`, target: { type: 'ip', range: ip }, ...(node ? { node } : {}) };
    return { ...resolveEndpoint(model, workloadId(owner)), pod: `ip:${text}` };
  }
  const m = /^([^/]+)\/([^/[\]{}]+)(?:\[(\w+)\])?(?:\{([^{}]*)\})?$/.exec(text);
  if (!m) throw new UsageError(`endpoint ${JSON.stringify(text)} is not <namespace>/<name>, <namespace>/<name>[<Kind>], <namespace>/<pod> or an IP address`);
  const [, ns, name, kind, variant] = m;
  let found = model.workloads.filter((w) => w.namespace === ns && w.name === name && (kind === undefined || w.kind === kind) && (variant === undefined || w.variant === variant));
  // A pod name stands for the workload (entry) it belongs to.
  let pod: string | undefined;
  if (found.length === 0 && kind === undefined && variant === undefined) {
    found = model.workloads.filter((w) => w.namespace === ns && w.pods.includes(name as string));
    pod = name;
  }
  if (found.length === 0) throw new UsageError(`no workload or pod ${text} in the input`);
  if (found.length > 1) throw new UsageError(`${text} is ambiguous`, found.map(workloadId));
  const w = found[0] as Workload;
  const cls = model.classOf.get(workloadId(w)) as EqClass;
  return { id: workloadId(w), target: { type: 'class', cls }, workload: w, cls, ...(pod !== undefined ? { pod } : {}) };
}

/**
 * "A pod can always reach itself" holds for one pod only: both ends name the same pod, or a workload whose one pod
 * is in the input. A workload standing for its replicas through its template, or two pods of one workload, are
 * different pods, judged by the policies like any pair.
 */
function samePod(from: Resolved, to: Resolved): boolean {
  if (!from.workload || from.workload !== to.workload) return false;
  if (from.pod !== undefined && to.pod !== undefined) return from.pod === to.pod;
  return from.workload.pods.length === 1;
}

/** The named nodes of known address, as the reading line prints them (`worker-1 192.168.50.11`), sorted. */
function pairNodes(model: Model, names: readonly string[]): string[] {
  return [...new Set(names)].sort().flatMap((n) => {
    const source = model.nodeSources.get(n);
    return source && source.ips.length > 0 ? [nodeText(source)] : [];
  });
}

function ref(p: Policy): PolicyRef {
  return { policy: `${p.namespace}/${p.name}`, location: p.location };
}

function direction(model: Model, dir: 'egress' | 'ingress', self: Resolved, other: Resolved, dst: Resolved, protocol: Protocol, port: number): DirectionVerdict {
  const base = { direction: dir, endpoint: self.id };
  if (!self.cls || !self.workload) {
    if (dir === 'egress' && self.node && model.hostNetwork === 'node') {
      return { ...base, allowed: true, policies: [], admittedBy: [], reason: `node ${self.node.name}: a node is not a pod, no NetworkPolicy egress applies` };
    }
    return { ...base, allowed: true, policies: [], admittedBy: [], reason: 'external address: no NetworkPolicy applies to it' };
  }
  if (actsAsNode(model.options, self.workload)) {
    return { ...base, allowed: true, policies: [], admittedBy: [], reason: 'hostNetwork workload read as its node: NetworkPolicies do not select it' };
  }
  const policies = dir === 'egress' ? self.cls.egressPolicies : self.cls.ingressPolicies;
  if (dir === 'ingress' && other.workload && ownNodePairs(model).get(other.workload)?.has(self.workload)) {
    const nodes = sharedNodes(other.workload, self.workload).join(', ');
    return { ...base, allowed: true, policies: policies.map(ref), admittedBy: [], reason: `the source is the destination's own node (${nodes}): traffic from a pod's node is always allowed` };
  }
  const own = dir === 'ingress' ? fromNodeVerdict(model, other, self.workload) : undefined;
  if (own) return { ...base, allowed: true, policies: policies.map(ref), admittedBy: [], reason: own };
  const tiers = dir === 'egress' ? egressTiers(self.cls, other.target, model.nodeRanges) : ingressTiers(self.cls, other.target, model.nodeRanges);
  if (tiers.anp.length === 0 && tiers.banp === undefined) return npDirection(base, dir, policies, other, dst, protocol, port, '', '');
  // AdminNetworkPolicy -> NetworkPolicy -> BaselineAdminNetworkPolicy: the first tier with a matching rule decides.
  const d = decideAdmin(tiers, protocol, port);
  const passed = d.passedBy ? ` (passed by ${adminRef(d.passedBy.policy)} ${ruleName(dir, d.passedBy.rule)})` : '';
  if (d.tier === 'NetworkPolicy') return npDirection(base, dir, policies, other, dst, protocol, port, 'NetworkPolicy: ', passed);
  if (d.tier === 'default') {
    return { ...base, allowed: true, policies: [], admittedBy: [], reason: `default: no AdminNetworkPolicy, NetworkPolicy or BaselineAdminNetworkPolicy rule decides ${protocol} ${port}: allowed${passed}` };
  }
  const policy = d.policy as AdminPolicy;
  const rule = d.rule as AdminRule;
  const decidedBy = { policy: `${policy.kind} ${policy.name}`, rule: ruleName(dir, rule), action: rule.action, location: rule.location };
  return {
    ...base,
    allowed: rule.action === 'Allow',
    policies: policies.map(ref),
    admittedBy: [],
    decidedBy,
    reason: `${adminRef(policy)} ${ruleName(dir, rule)}: ${rule.action}${passed}`,
  };
}

/** A denial from a hostNetwork source that the own-node rule might overturn says so (see placementRemark). */
function withPlacementRemark(model: Model, v: DirectionVerdict, from: Resolved, to: Resolved): DirectionVerdict {
  const remark = !v.allowed && from.workload && to.workload ? placementRemark(model, from.workload, to.workload) : !v.allowed && to.workload ? nodeSourceRemark(model, from, to.workload) : undefined;
  return remark === undefined ? v : { ...v, reason: `${v.reason}; ${remark}` };
}

function ruleName(dir: 'egress' | 'ingress', rule: AdminRule): string {
  return `${dir}[${rule.index}]${rule.name !== undefined ? ` ${rule.name}` : ''}`;
}

function npDirection(base: { direction: 'egress' | 'ingress'; endpoint: string }, dir: 'egress' | 'ingress', policies: readonly Policy[], other: Resolved, dst: Resolved, protocol: Protocol, port: number, tier: string, passed: string): DirectionVerdict {
  if (policies.length === 0) {
    return { ...base, allowed: true, policies: [], admittedBy: [], reason: `${tier}no NetworkPolicy selecting it affects ${dir}: not isolated for ${dir}${passed}` };
  }
  const dstPorts = dst.workload?.namedPorts;
  const admittedBy: RuleRef[] = [];
  for (const p of policies) {
    for (const rule of (dir === 'egress' ? p.egress : p.ingress) ?? []) {
      if (ruleMatchesPeer(rule, other.target) && contains(rulePorts(rule, dstPorts), protocol, port)) {
        admittedBy.push({ ...ref(p), rule: `${dir}[${rule.index}]`, location: rule.location });
      }
    }
  }
  const allowed = admittedBy.length > 0;
  const reason = allowed
    ? `${tier}admitted by ${admittedBy.length} rule(s)${passed}`
    : `${tier}isolated for ${dir} and no rule of the ${policies.length} selecting polic${policies.length === 1 ? 'y' : 'ies'} admits ${protocol} ${port} ${dir === 'egress' ? 'to' : 'from'} ${other.id}${passed}`;
  return { ...base, allowed, policies: policies.map(ref), admittedBy, reason };
}

/** Is `protocol`/`port` from `from` to `to` allowed? Needs the source's egress AND the destination's ingress. */
export function evaluate(model: Model, fromText: string, toText: string, protocol: Protocol, portText: string): Verdict {
  const from = resolveEndpoint(model, fromText);
  const to = resolveEndpoint(model, toText);
  let port = Number(portText);
  if (!/^\d+$/.test(portText)) {
    // A named port is the destination's container port with that name and protocol.
    const np = to.workload?.namedPorts.find((p) => p.name === portText && p.protocol === protocol);
    if (!np) {
      // A named port resolves at the destination; where it has none of that name, nothing can be admitted on it.
      if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(portText)) throw new UsageError(`--port ${JSON.stringify(portText)} is neither a port number nor a port name`);
      const reason = `${to.id} has no container port named ${portText}/${protocol}: the connection cannot be made`;
      const no = (d: 'egress' | 'ingress', endpoint: string): DirectionVerdict => ({ direction: d, endpoint, allowed: false, policies: [], admittedBy: [], reason });
      return { from: from.id, to: to.id, protocol, port: portText, allowed: false, egress: no('egress', from.id), ingress: no('ingress', to.id), hostNetwork: { reading: model.hostNetwork, workloads: readingOf(model).workloads, affects: false } };
    }
    port = np.port;
  } else if (port < MIN_PORT || port > MAX_PORT) throw new UsageError(`--port ${portText} is not in ${MIN_PORT}-${MAX_PORT}`);
  if (from.target.type === 'ip' && to.target.type === 'ip') throw new UsageError('one end must be a workload');
  // Nodes are named only when the source is one, and only the pair's (the source, the destination's nodes): eval
  // reads only what can affect the pair (eval-subset.ts), not every node of the input.
  const { nodes: _everyNode, ...reading } = readingOf(model);
  const nodes = from.node ? pairNodes(model, [from.node.name, ...(to.workload?.nodes ?? [])]) : [];
  const hostNetwork = { ...reading, ...(nodes.length > 0 ? { nodes } : {}), affects: from.workload?.hostNetwork === true || to.workload?.hostNetwork === true || from.node !== undefined };
  if (samePod(from, to)) {
    const self = (d: 'egress' | 'ingress'): DirectionVerdict => ({ direction: d, endpoint: from.id, allowed: true, policies: [], admittedBy: [], reason: 'a pod can always reach itself' });
    return { from: from.id, to: to.id, protocol, port, allowed: true, egress: self('egress'), ingress: self('ingress'), hostNetwork };
  }
  const egress = direction(model, 'egress', from, to, to, protocol, port);
  const ingress = withPlacementRemark(model, direction(model, 'ingress', to, from, to, protocol, port), from, to);
  return { from: from.id, to: to.id, protocol, port, allowed: egress.allowed && ingress.allowed, egress, ingress, hostNetwork };
}
