import { printable } from '../domain/printable.js';
import type { SourceLocation } from '../domain/evidence.js';
import { adminPeerMatches, egressConns, ingressConns, ruleMatchesPeer, rulePorts, type Target } from './connectivity.js';
import { adminRulePorts } from './admin-eval.js';
import { adminRef, type AdminPolicy } from './admin-policy.js';
import type { EqClass, Model } from './model.js';
import { actsAsNode } from './host-network.js';
import type { Policy } from './policy.js';
import { ALL_CONNS, formatConns, intersect, isAll, isEmpty, NO_CONNS, subtract, union, type ConnSet } from './ports.js';
import { ownNodePairs, placementRemark, sharedNodes } from './reading.js';
import { workloadId, type Workload } from './workloads.js';

/** A rule that names the other end, with the ports it names there and what it does with them. */
export interface RuleHit {
  policy: string;
  rule: string;
  action: 'Allow' | 'Deny' | 'Pass';
  ports: string;
  /**
   * AdminNetworkPolicy and BaselineAdminNetworkPolicy rules: the connections this rule decides ("No Deny, Allow or
   * Pass rule" before it matches them), `none` when earlier rules decide all of its ports. For a Pass rule, those
   * it hands to the NetworkPolicies. Absent for NetworkPolicy rules, which add up.
   */
  decides?: string;
  location: SourceLocation;
}

export interface DirectionExplanation {
  direction: 'egress' | 'ingress';
  endpoint: string;
  conns: string;
  /** NetworkPolicies isolating the endpoint in this direction. */
  isolatedBy: { policy: string; location: SourceLocation }[];
  rules: RuleHit[];
  reason: string;
}

export interface PairExplanation {
  src: string;
  dst: string;
  conns: string;
  egress: DirectionExplanation;
  ingress: DirectionExplanation;
}

function npHits(policies: readonly Policy[], dir: 'egress' | 'ingress', other: Target, dst: Workload): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const p of policies) {
    for (const rule of p[dir] ?? []) {
      if (!ruleMatchesPeer(rule, other)) continue;
      hits.push({ policy: `${p.namespace}/${p.name}`, rule: `${dir}[${rule.index}]`, action: 'Allow', ports: formatConns(rulePorts(rule, dst.namedPorts)), location: rule.location });
    }
  }
  return hits;
}

/**
 * The admin rules that name the other end, in the order they are evaluated (policies by priority, rules in order),
 * each with the connections it decides out of `open` (the undecided ones, taken from it): "the first rule that
 * matches" a connection decides it. Returns the hits and what is left undecided, Pass rules' connections included.
 */
function adminHits(policies: readonly (AdminPolicy | undefined)[], dir: 'egress' | 'ingress', other: Target, dst: Workload, model: Model, open: ConnSet): { hits: RuleHit[]; left: ConnSet } {
  const hits: RuleHit[] = [];
  let undecided = open;
  let passed = NO_CONNS;
  for (const p of policies) {
    if (!p) continue;
    for (const rule of p[dir]) {
      if (!rule.peers.some((peer) => adminPeerMatches(peer, other, model.nodeRanges))) continue;
      const ports = adminRulePorts(rule, dst.namedPorts);
      const decided = intersect(undecided, ports);
      undecided = subtract(undecided, decided);
      if (rule.action === 'Pass') passed = union(passed, decided);
      hits.push({ policy: adminRef(p), rule: `${dir}[${rule.index}]${rule.name !== undefined ? ` ${rule.name}` : ''}`, action: rule.action, ports: formatConns(ports), decides: isEmpty(decided) ? 'none' : formatConns(decided), location: rule.location });
    }
  }
  return { hits, left: union(undecided, passed) };
}

function explainDirection(model: Model, dir: 'egress' | 'ingress', self: Workload, other: Workload, dst: Workload): DirectionExplanation {
  const cls = model.classOf.get(workloadId(self)) as EqClass;
  const otherCls = model.classOf.get(workloadId(other)) as EqClass;
  const target: Target = { type: 'class', cls: otherCls };
  const base = { direction: dir, endpoint: workloadId(self) };
  if (actsAsNode(model.options, self)) return { ...base, conns: formatConns(ALL_CONNS), isolatedBy: [], rules: [], reason: 'hostNetwork workload read as its node: no policy selects it' };
  const conns = dir === 'egress' ? egressConns(cls, target, model.nodeRanges) : ingressConns(cls, target, model.nodeRanges);
  const policies = dir === 'egress' ? cls.egressPolicies : cls.ingressPolicies;
  const { hits: anp, left } = adminHits(dir === 'egress' ? cls.anpEgress : cls.anpIngress, dir, target, dst, model, ALL_CONNS);
  // The BANP is consulted only for pods no NetworkPolicy isolates in this direction, for what the ANPs left.
  const banp = policies.length > 0 ? [] : adminHits([dir === 'egress' ? cls.banpEgress : cls.banpIngress], dir, target, dst, model, left).hits;
  const np = npHits(policies, dir, target, dst);
  const rules = [...anp, ...np, ...banp];
  const isolatedBy = policies.map((p) => ({ policy: `${p.namespace}/${p.name}`, location: p.location }));
  const firstAnp = anp.find((r) => r.action !== 'Allow');
  let reason: string;
  if (isEmpty(conns)) {
    const denied = firstAnp?.action === 'Deny' ? firstAnp : isolatedBy.length === 0 ? banp.find((r) => r.action === 'Deny') : undefined;
    reason = denied
      ? `denied by ${denied.policy} ${denied.rule}`
      : `isolated for ${dir} by ${isolatedBy.map((p) => p.policy).join(', ')} and no rule admits ${dir === 'egress' ? 'traffic to' : 'traffic from'} ${workloadId(other)}`;
  } else if (rules.length === 0) reason = `not isolated for ${dir}: nothing restricts it`;
  else reason = `${rules.length} rule(s) name ${workloadId(other)}`;
  return { ...base, conns: formatConns(conns), isolatedBy, rules, reason };
}

/**
 * Every ordered pair of workloads (or those `keep` keeps: --focus and --focus-direction), with the policies and rules (file:line) that allow or
 * deny it per direction, and for a denied pair why. Quadratic in workloads: meant for a namespace or --focus.
 */
export function* explainPairs(model: Model, keep?: (src: Workload, dst: Workload) => boolean): Generator<PairExplanation> {
  const own = ownNodePairs(model);
  for (const src of model.workloads) {
    for (const dst of model.workloads) {
      if (src === dst || (keep && !keep(src, dst))) continue;
      const egress = explainDirection(model, 'egress', src, dst, dst);
      const ingress = explainDirection(model, 'ingress', dst, src, dst);
      let conns = intersect(connsOf(model, src, dst, 'egress'), connsOf(model, dst, src, 'ingress'));
      if (own.get(src)?.has(dst)) {
        conns = ALL_CONNS;
        ingress.conns = formatConns(ALL_CONNS);
        ingress.reason = `the source is the destination's own node (${sharedNodes(src, dst).join(', ')}): traffic from a pod's node is always allowed`;
      } else {
        const remark = isAll(conns) ? undefined : placementRemark(model, src, dst);
        if (remark !== undefined) ingress.reason = `${ingress.reason}; ${remark}`;
      }
      yield { src: workloadId(src), dst: workloadId(dst), conns: formatConns(conns), egress, ingress };
    }
  }
}

function connsOf(model: Model, self: Workload, other: Workload, dir: 'egress' | 'ingress'): ConnSet {
  const cls = model.classOf.get(workloadId(self)) as EqClass;
  if (actsAsNode(model.options, self)) return ALL_CONNS;
  const target: Target = { type: 'class', cls: model.classOf.get(workloadId(other)) as EqClass };
  return dir === 'egress' ? egressConns(cls, target, model.nodeRanges) : ingressConns(cls, target, model.nodeRanges);
}

function directionText(d: DirectionExplanation): string[] {
  // Names, reasons and locations come from the input: each is escaped, none reaches the terminal raw.
  const lines = [`  ${d.direction.padEnd(7)} ${printable(d.endpoint)}: ${d.conns} — ${printable(d.reason)}`];
  for (const p of d.isolatedBy) lines.push(`      isolated by ${printable(p.policy)} (${printable(locationText(p.location))})`);
  for (const r of d.rules) {
    const decides = r.decides === undefined ? '' : r.decides === 'none' ? ' — decides nothing (earlier rules decide its ports)'
      : r.action === 'Pass' ? ` — passes ${r.decides} to the NetworkPolicies` : ` — decides ${r.decides}`;
    lines.push(`      ${r.action.toLowerCase()} ${printable(r.ports)} by ${printable(r.policy)} ${printable(r.rule)} at ${printable(locationText(r.location))}${decides}`);
  }
  return lines;
}

function locationText(l: SourceLocation): string {
  return l.line === undefined ? l.file : `${l.file}:${l.line}${l.column === undefined ? '' : `:${l.column}`}`;
}

export function pairText(p: PairExplanation): string {
  return `${[`${printable(p.src)} => ${printable(p.dst)} : ${p.conns}`, ...directionText(p.egress), ...directionText(p.ingress)].join('\n')}\n`;
}
