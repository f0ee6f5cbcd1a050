import { printable } from '../domain/printable.js';
import type { EqClass, Model } from './model.js';
import { actsAsNode } from './host-network.js';
import type { Policy } from './policy.js';
import { ALL_CONNS, formatConns, union, type ConnSet } from './ports.js';
import { rulePorts } from './connectivity.js';
import { selectorText, isEmptySelector } from './selector.js';
import { workloadId, type Workload } from './workloads.js';

export interface Exposure {
  workload: string;
  direction: 'ingress' | 'egress';
  /** `entire-cluster`, `[namespace with {team=a}]/[pod with {app=web}]`, `[namespace shop]/[all pods]`, a CIDR. */
  peer: string;
  conns: string;
}

const ENTIRE = 'entire-cluster';

/** A pod peer as the set of pods it admits, which the input cannot enumerate (namespaces and pods may be added). */
function peerText(policyNs: string, ns: Policy['podSelector'] | undefined, pod: Policy['podSelector'] | undefined): string {
  const pods = pod === undefined || isEmptySelector(pod) ? 'all pods' : `pod with {${selectorText(pod)}}`;
  if (ns === undefined) return `[namespace ${policyNs}]/[${pods}]`;
  if (isEmptySelector(ns) && pods === 'all pods') return ENTIRE;
  return `[${isEmptySelector(ns) ? 'all namespaces' : `namespace with {${selectorText(ns)}}`}]/[${pods}]`;
}

function exposuresOf(cls: EqClass, dir: 'ingress' | 'egress', w: Workload): Map<string, ConnSet> {
  const out = new Map<string, ConnSet>();
  const add = (peer: string, conns: ConnSet): void => void out.set(peer, union(out.get(peer) ?? { SCTP: [], TCP: [], UDP: [] }, conns));
  const policies = dir === 'ingress' ? cls.ingressPolicies : cls.egressPolicies;
  if (policies.length === 0) {
    // "By default, a pod is non-isolated": open to every pod of every namespace and every address.
    add(ENTIRE, ALL_CONNS);
    add('0.0.0.0/0', ALL_CONNS);
    return out;
  }
  for (const p of policies) {
    for (const rule of p[dir] ?? []) {
      // Ports at the destination: the workload itself for ingress; for egress named ports cannot be known.
      const conns = rulePorts(rule, dir === 'ingress' ? w.namedPorts : undefined);
      if (rule.peers === 'all') {
        add(ENTIRE, conns);
        add('0.0.0.0/0', conns);
        continue;
      }
      for (const peer of rule.peers) {
        if (peer.type === 'ipBlock') add(peer.text, conns);
        else add(peerText(p.namespace, peer.namespaceSelector, peer.podSelector), conns);
      }
    }
  }
  return out;
}

/**
 * For each workload, what it is open to that the input cannot enumerate: any namespace, namespaces matching a
 * selector, any pod with given labels, external ranges — per direction, with ports (NetworkPolicies; the admin
 * tier is not folded in). hostNetwork workloads read as their node are open to everything.
 */
export function* exposures(model: Model): Generator<Exposure> {
  for (const w of model.workloads) {
    const cls = model.classOf.get(workloadId(w)) as EqClass;
    for (const dir of ['ingress', 'egress'] as const) {
      const map = actsAsNode(model.options, w) ? new Map([[ENTIRE, ALL_CONNS], ['0.0.0.0/0', ALL_CONNS]]) : exposuresOf(cls, dir, w);
      for (const [peer, conns] of [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (formatConns(conns) === 'No Connections') continue;
        yield { workload: workloadId(w), direction: dir, peer, conns: formatConns(conns) };
      }
    }
  }
}

/** netpol-analyzer's exposure notation: `ns/app[Deployment] <= entire-cluster : TCP 80`. */
export function exposureText(e: Exposure): string {
  return `${printable(e.workload)} ${e.direction === 'ingress' ? '<=' : '=>'} ${printable(e.peer)} : ${e.conns}\n`;
}
