import { adminPeerMatchesWorkload, type AdminMatchContext } from './admin-eval.js';
import { adminPeersOf, peersOf, podsPeerMatches, type EqClass, type Model } from './model.js';
import type { LabelSelector, Labels } from './selector.js';
import type { Workload } from './workloads.js';

/** A pod the input does not hold (an ingress controller, a representative of a selector): no IPs, no nodes. */
export function outsidePod(namespace: string, name: string, labels: Labels, hostNetwork = false): Workload {
  return { namespace, name, kind: 'Pod', labels, namedPorts: [], hostNetwork, ips: [], pods: [], nodes: [], nodesKnown: false, hostIPs: [], location: { file: `<${name}>` } };
}

/**
 * Such a pod as the other end of a connection: the class of the NetworkPolicy pod peers and ANP/BANP peers that match
 * it, matched as any workload's peers are (its namespace with `nsLabels`). No policy selects it.
 */
export function peerClass(model: Model, w: Workload, nsLabels: Labels, ctx: AdminMatchContext = model.adminContext): EqClass {
  const matched = new Set<number>();
  for (const p of model.policies) for (const peer of peersOf(p)) if (peer.type === 'pods' && podsPeerMatches(peer, p.namespace, w, nsLabels, model.options)) matched.add(peer.id);
  const adminCtx = { ...ctx, namespaceLabels: (n: string) => (n === w.namespace ? nsLabels : ctx.namespaceLabels(n)) };
  for (const p of model.adminPolicies) for (const peer of adminPeersOf(p)) if (adminPeerMatchesWorkload(peer, w, adminCtx)) matched.add(peer.id);
  return { index: -1, members: [w], rep: w, matchedPeers: matched, ingressPolicies: [], egressPolicies: [], anpIngress: [], anpEgress: [] };
}

/**
 * Labels that a selector requires and nothing more: `matchLabels`, the first value of `In`, a value no other selector
 * names for `Exists`; `NotIn` and `DoesNotExist` hold by leaving the key out. The representative of "any pod (or
 * namespace) with these labels" that the input cannot enumerate.
 */
export function representativeLabels(sel: LabelSelector | undefined): Record<string, string> {
  const out: Record<string, string> = { ...(sel?.matchLabels ?? {}) };
  for (const e of sel?.matchExpressions ?? []) {
    if (out[e.key] !== undefined) continue;
    if (e.operator === 'In' && e.values?.[0] !== undefined) out[e.key] = e.values[0];
    else if (e.operator === 'Exists') out[e.key] = '{any}';
  }
  return out;
}
