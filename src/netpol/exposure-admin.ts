import type { AdminPeer } from './admin-policy.js';
import { egressConns, externalRuns, ingressConns, type Target } from './connectivity.js';
import { formatRange, isWholeFamily, type IpRange } from './ip.js';
import type { EqClass, Model } from './model.js';
import { outsidePod, peerClass, representativeLabels } from './peer-class.js';
import type { ConnSet } from './ports.js';
import { isEmptySelector, selectorText, type LabelSelector, type Labels } from './selector.js';
import type { Workload } from './workloads.js';

export const ENTIRE = 'entire-cluster';

/** A pod peer as the set of pods it admits, which the input cannot enumerate (namespaces and pods may be added). */
export function podPeerText(policyNs: string | undefined, ns: LabelSelector | undefined, pod: LabelSelector | undefined): string {
  const pods = pod === undefined || isEmptySelector(pod) ? 'all pods' : `pod with {${selectorText(pod)}}`;
  if (ns === undefined) return `[namespace ${policyNs ?? '?'}]/[${pods}]`;
  if (isEmptySelector(ns) && pods === 'all pods') return ENTIRE;
  return `[${isEmptySelector(ns) ? 'all namespaces' : `namespace with {${selectorText(ns)}}`}]/[${pods}]`;
}

/** A namespace that a selector admits: the one it names by `kubernetes.io/metadata.name`, else one not in the input. */
function representativeNamespace(model: Model, sel: LabelSelector): { name: string; labels: Labels } {
  const required = representativeLabels(sel);
  const name = required['kubernetes.io/metadata.name'] ?? '{namespace}';
  return { name, labels: { ...(model.namespaces.get(name) ?? {}), ...required, 'kubernetes.io/metadata.name': name } };
}

/** As the NetworkPolicy path names an address peer: a whole family as its CIDR, else first-last. */
function rangeText(r: IpRange): string {
  return isWholeFamily(r) ? (r.family === 4 ? '0.0.0.0/0' : '::/0') : formatRange(r);
}

type Candidates = Map<string, () => Target>;

function addPods(model: Model, out: Candidates, text: string, ns: { name: string; labels: Labels }, pod: LabelSelector | undefined): void {
  if (out.has(text)) return;
  out.set(text, () => ({ type: 'class', cls: peerClass(model, outsidePod(ns.name, '{pod}', representativeLabels(pod)), ns.labels) }));
}

function addNodes(model: Model, out: Candidates, sel: LabelSelector): void {
  const text = isEmptySelector(sel) ? '[all nodes]' : `[nodes with {${selectorText(sel)}}]`;
  if (out.has(text)) return;
  // A node the input does not list: a hostNetwork pod read as its node, on a node with the labels the selector needs.
  out.set(text, () => {
    const node = { ...outsidePod('{node}', '{node}', {}, true), nodes: ['{node}'], nodesKnown: true };
    const ctx = { ...model.adminContext, nodeLabels: new Map([...model.adminContext.nodeLabels, ['{node}', representativeLabels(sel)]]), asNode: (w: Workload) => w === node || model.adminContext.asNode(w) };
    return { type: 'class', cls: peerClass(model, node, {}, ctx) };
  });
}

function addAdminPeer(model: Model, out: Candidates, peer: AdminPeer): void {
  if (peer.type === 'nodes') addNodes(model, out, peer.selector);
  else if (peer.type === 'pods') addPods(model, out, podPeerText(undefined, peer.namespaceSelector, peer.podSelector), representativeNamespace(model, peer.namespaceSelector), peer.podSelector);
}

/**
 * Exposure where the admin tier selects the workload: every peer that some rule of any tier names (and any pod of
 * an unknown namespace) stands for the pods it admits through one representative pod — labels the selector requires
 * and nothing more — judged through the tiers as list judges a workload (ANP by priority, NetworkPolicies, BANP), so
 * an Allow shadowed by an earlier Deny, or a Pass to NetworkPolicies that do not admit, opens nothing. Addresses are
 * the external ranges with what they get, merged as list merges them.
 */
export function adminExposures(model: Model, cls: EqClass, dir: 'ingress' | 'egress'): Map<string, ConnSet> {
  const candidates: Candidates = new Map();
  addPods(model, candidates, ENTIRE, { name: '{namespace}', labels: { 'kubernetes.io/metadata.name': '{namespace}' } }, undefined);
  for (const p of dir === 'ingress' ? cls.ingressPolicies : cls.egressPolicies) {
    for (const rule of p[dir] ?? []) {
      if (rule.peers === 'all') continue;
      for (const peer of rule.peers) {
        if (peer.type !== 'pods') continue;
        const ns = peer.namespaceSelector === undefined
          ? { name: p.namespace, labels: model.namespaces.get(p.namespace) ?? { 'kubernetes.io/metadata.name': p.namespace } }
          : representativeNamespace(model, peer.namespaceSelector);
        addPods(model, candidates, podPeerText(p.namespace, peer.namespaceSelector, peer.podSelector), ns, peer.podSelector);
      }
    }
  }
  const banp = dir === 'ingress' ? cls.banpIngress : cls.banpEgress;
  for (const p of [...(dir === 'ingress' ? cls.anpIngress : cls.anpEgress), ...(banp ? [banp] : [])]) {
    for (const rule of p[dir]) for (const peer of rule.peers) addAdminPeer(model, candidates, peer);
  }
  const connsTo = (t: Target): ConnSet => (dir === 'ingress' ? ingressConns(cls, t, model.nodeRanges) : egressConns(cls, t, model.nodeRanges));
  const out = new Map<string, ConnSet>();
  for (const [text, target] of candidates) out.set(text, connsTo(target()));
  for (const run of externalRuns(model, (range) => connsTo({ type: 'ip', range }))) out.set(rangeText(run.range), run.conns);
  return out;
}
