import { printable } from '../domain/printable.js';
import type { EqClass, Model } from './model.js';
import { actsAsNode } from './host-network.js';
import { ALL_CONNS, formatConns, isAll, union, type ConnSet } from './ports.js';
import { formatRange } from './ip.js';
import { adminSelects, rulePorts } from './connectivity.js';
import { adminExposures, ENTIRE, podPeerText } from './exposure-admin.js';
import { workloadId, type Workload } from './workloads.js';

export interface Exposure {
  workload: string;
  direction: 'ingress' | 'egress';
  /** `entire-cluster`, `[namespace with {team=a}]/[pod with {app=web}]`, `[namespace shop]/[all pods]`, a CIDR. */
  peer: string;
  conns: string;
}

function exposuresOf(model: Model, cls: EqClass, dir: 'ingress' | 'egress', w: Workload): Map<string, ConnSet> {
  if (adminSelects(cls, dir)) return adminExposures(model, cls, dir);
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
        else add(podPeerText(p.namespace, peer.namespaceSelector, peer.podSelector), conns);
      }
    }
  }
  return out;
}

/**
 * Under the `node` reading "the traffic source is the pod's local node" is always allowed: the addresses of the nodes
 * the workload's pods run on, as `<ip>/32 (node <name>)`, where its ingress is otherwise restricted (no ANP or BANP
 * ingress peer can match a node: only `namespaces` and `pods` peers exist for ingress in v1alpha1).
 */
function addOwnNodes(model: Model, w: Workload, map: Map<string, ConnSet>): void {
  if (model.hostNetwork !== 'node' || w.hostNetwork) return;
  const open = map.get('0.0.0.0/0');
  if (open && isAll(open)) return;
  for (const n of w.nodes) {
    const node = model.nodeSources.get(n);
    for (const r of node?.ranges ?? []) map.set(`${formatRange(r).split('-')[0] as string}/${r.family === 4 ? 32 : 128} (node ${n})`, ALL_CONNS);
  }
}

/**
 * For each workload, what it is open to that the input cannot enumerate: any namespace, namespaces matching a
 * selector, any pod with given labels, external ranges — per direction, with ports: the NetworkPolicy rules' peers,
 * or where an ANP/BANP selects the workload, every tier's peers judged through the tiers (exposure-admin.ts).
 * hostNetwork workloads read as their node are open to everything.
 */
export function* exposures(model: Model): Generator<Exposure> {
  for (const w of model.workloads) {
    const cls = model.classOf.get(workloadId(w)) as EqClass;
    for (const dir of ['ingress', 'egress'] as const) {
      const map = actsAsNode(model.options, w) ? new Map([[ENTIRE, ALL_CONNS], ['0.0.0.0/0', ALL_CONNS]]) : exposuresOf(model, cls, dir, w);
      if (dir === 'ingress' && !actsAsNode(model.options, w)) addOwnNodes(model, w, map);
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
