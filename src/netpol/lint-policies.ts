import type { Finding } from '../domain/finding.js';
import { Severity } from '../domain/status.js';
import { actsAsNode, type Model } from './model.js';
import type { PodsPeer, Policy, Rule } from './policy.js';
import { matchesSelector, selectorText } from './selector.js';
import { workloadId, type Workload } from './workloads.js';
import { pushTo } from './multimap.js';

function policySubject(p: Policy): string {
  return `${p.namespace}/${p.name}[NetworkPolicy]`;
}

function selected(model: Model, byNs: Map<string, Workload[]>, p: Policy): Workload[] {
  return (byNs.get(p.namespace) ?? []).filter((w) => !actsAsNode(model.options, w) && matchesSelector(p.podSelector, w.labels));
}

/** Workloads a rule's peers match ('all' = every workload). */
function peerTargets(model: Model, rule: Rule): Workload[] {
  if (rule.peers === 'all') return model.workloads;
  const ids = new Set(rule.peers.map((peer) => peer.id));
  return model.classes.filter((c) => [...c.matchedPeers].some((id) => ids.has(id))).flatMap((c) => c.members);
}

/**
 * A peer can be said to select nothing only when we see every namespace it could select: its namespace part
 * matches no namespace at all, or only namespaces whose workloads are in the input.
 */
function judgeable(model: Model, peer: PodsPeer, policyNs: string, observed: Set<string>): boolean {
  if (peer.namespaceSelector === undefined) return observed.has(policyNs);
  const sel = peer.namespaceSelector;
  return [...model.namespaces].filter(([, labels]) => matchesSelector(sel, labels)).every(([ns]) => observed.has(ns));
}

/** Findings about the shape of the policies themselves: dead selectors, dead named ports, allow-all rules. */
export function lintPolicies(model: Model): Finding[] {
  const findings: Finding[] = [];
  if (model.workloads.length === 0) return findings; // nothing to compare selectors with
  const byNs = new Map<string, Workload[]>();
  for (const w of model.workloads) pushTo(byNs, w.namespace, w);
  const observed = new Set(byNs.keys());
  const matchedPeers = new Set<number>();
  for (const c of model.classes) for (const id of c.matchedPeers) matchedPeers.add(id);
  for (const p of model.policies) {
    const subject = policySubject(p);
    const targets = selected(model, byNs, p);
    if (targets.length === 0) {
      // A controller whose template still matches recreates selected pods: deleting the policy would not be safe.
      const byTemplate = (byNs.get(p.namespace) ?? []).filter((w) => w.templateLabels !== undefined && matchesSelector(p.podSelector, w.templateLabels));
      const next = byTemplate.length > 0 ? `; but the pod template of ${[...new Set(byTemplate.map(workloadId))].join(', ')} matches it: the pods it creates next will be selected` : '';
      findings.push({ ruleId: 'NP007', severity: Severity.low, subject, location: p.location, message: `${subject} selects no pod: podSelector ${selectorText(p.podSelector)} matches no workload in namespace ${p.namespace}${next}` });
    }
    for (const dir of ['ingress', 'egress'] as const) {
      for (const rule of p[dir] ?? []) {
        const where = `${dir}[${rule.index}]`;
        if (rule.peers !== 'all') {
          for (const peer of rule.peers) {
            if (peer.type !== 'pods' || matchedPeers.has(peer.id) || !judgeable(model, peer, p.namespace, observed)) continue;
            const text = [peer.namespaceSelector && `namespaceSelector ${selectorText(peer.namespaceSelector)}`, peer.podSelector && `podSelector ${selectorText(peer.podSelector)}`].filter(Boolean).join(' + ');
            findings.push({ ruleId: 'NP008', severity: Severity.low, subject, location: peer.location ?? rule.location, message: `${subject} ${where}: peer ${text} selects no workload` });
          }
        }
        if (rule.ports !== 'all') {
          // Named ports resolve at the destination: the selected pods for ingress, the peers for egress.
          const destinations = dir === 'ingress' ? targets : peerTargets(model, rule);
          for (const spec of rule.ports) {
            if (typeof spec.port !== 'string') continue;
            const name = spec.port;
            if (destinations.some((w) => w.namedPorts.some((np) => np.name === name && np.protocol === spec.protocol))) continue;
            findings.push({ ruleId: 'NP009', severity: Severity.medium, subject, location: rule.location, message: `${subject} ${where}: named port ${name}/${spec.protocol} is not a container port of any ${dir === 'ingress' ? 'selected pod' : 'destination'}, so it admits nothing` });
          }
        }
        if (rule.peers === 'all' && rule.ports === 'all') {
          const ingress = dir === 'ingress';
          findings.push({
            ruleId: 'NP010', severity: ingress ? Severity.medium : Severity.low, subject, location: rule.location,
            message: `${subject} ${where} allows all traffic ${ingress ? 'from every source' : 'to every destination'} on every port`,
            remediation: `Name the ${ingress ? 'sources (from' : 'destinations (to'}: podSelector/namespaceSelector/ipBlock) and the ports this rule should admit.`,
          });
        }
      }
    }
  }
  return findings;
}
