import { printable } from '../domain/printable.js';
import type { Model, HostNetworkReading } from './model.js';
import { workloadId, type Workload } from './workloads.js';
import { nodeText } from './node-sources.js';

/** The hostNetwork reading in force and the workloads it affects, printed with every output it changes. */
export interface ReadingInfo {
  reading: HostNetworkReading;
  workloads: string[];
  /** Nodes of known address (`worker-1 192.168.50.11`): traffic sources the reading decides about; absent when none. */
  nodes?: string[];
}

export function readingOf(model: Model): ReadingInfo {
  const nodes = [...model.nodeSources.values()].filter((n) => n.ips.length > 0).map(nodeText);
  return { reading: model.hostNetwork, workloads: model.workloads.filter((w) => w.hostNetwork).map(workloadId), ...(nodes.length > 0 ? { nodes } : {}) };
}

const NODES: Record<HostNetworkReading, string> = {
  node: 'nodes, each reaching the pods placed on it whatever the policies say',
  pod: 'node addresses, read as external addresses (the own-node rule is not applied, as netpol-analyzer does not)',
};

const MEANING: Record<HostNetworkReading, string> = {
  node: "hostNetwork pods are their node: NetworkPolicies do not select them, ipBlocks match their node's IP, and they reach pods on their own node",
  pod: 'hostNetwork pods are ordinary pods: selected and matched by their labels, as netpol-analyzer reads them',
};

/** One line, or undefined when no hostNetwork workload is in the input (the reading then changes nothing). */
export function readingLine(info: ReadingInfo): string | undefined {
  if (info.workloads.length === 0 && info.nodes === undefined) return undefined;
  // Workload and node names come from the input: escaped, as this line is printed in every format.
  const shown = (list: readonly string[]): string => {
    const names = list.map(printable);
    return names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
  };
  const workloads = info.workloads.length > 0 ? `; hostNetwork workloads: ${shown(info.workloads)}` : '';
  const nodes = info.nodes !== undefined ? `; ${NODES[info.reading]}: ${shown(info.nodes)}` : '';
  return `hostNetwork reading: ${info.reading} (${MEANING[info.reading]})${workloads}${nodes}`;
}

/** The reading as a comment line of a format (`# ` for text and CSV, `// ` for DOT, `%% ` for mermaid). */
export function readingComment(info: ReadingInfo | undefined, prefix: string): string {
  const line = info ? readingLine(info) : undefined;
  return line === undefined ? '' : `${prefix}${line}\n`;
}

/**
 * The API rule "traffic to a pod from its node is always allowed" (When a pod is isolated for ingress, "the only
 * allowed connections into the pod are those from the pod's node and those allowed by the ingress list"): under
 * the `node` reading a hostNetwork workload is its node, so it reaches every pod placed on a node it runs on.
 */
export function ownNodePairs(model: Model): Map<Workload, Set<Workload>> {
  const out = new Map<Workload, Set<Workload>>();
  if (model.hostNetwork !== 'node') return out;
  const agents = model.workloads.filter((w) => w.hostNetwork && w.nodes.length > 0);
  if (agents.length === 0) return out;
  const podsByNode = new Map<string, Workload[]>();
  for (const w of model.workloads) {
    if (w.hostNetwork) continue;
    for (const n of w.nodes) podsByNode.set(n, [...(podsByNode.get(n) ?? []), w]);
  }
  for (const agent of agents) {
    const dsts = new Set<Workload>();
    for (const n of agent.nodes) for (const w of podsByNode.get(n) ?? []) dsts.add(w);
    if (dsts.size > 0) out.set(agent, dsts);
  }
  return out;
}

export function sharedNodes(a: Workload, b: Workload): string[] {
  return a.nodes.filter((n) => b.nodes.includes(n));
}

/**
 * Under the `node` reading a hostNetwork source reaches pods on its own node whatever the policies say; when the
 * placement of either end is not known (a template, a pod without spec.nodeName), a denial cannot rule that out.
 * The remark to add to a denial of `agent` -> `dst`, or undefined when placement is known or the rule cannot apply.
 */
export function placementRemark(model: Model, agent: Workload, dst: Workload): string | undefined {
  if (model.hostNetwork !== 'node' || !agent.hostNetwork || dst.hostNetwork) return undefined;
  const unknown = [agent, dst].filter((w) => !w.nodesKnown || w.nodes.length === 0);
  if (unknown.length === 0) return undefined;
  const where = agent.nodes.length > 0 && agent.nodesKnown ? agent.nodes.join(', ') : 'its node';
  return `own-node rule not judged: the node placement of ${unknown.map(workloadId).join(' and ')} is unknown (pods of ${workloadId(dst)} on ${where} are reachable from ${workloadId(agent)} whatever the policies say)`;
}
