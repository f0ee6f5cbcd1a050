import type { Model } from './model.js';
import type { NodeSource } from './node-sources.js';
import type { Target } from './connectivity.js';
import { workloadId, type Workload } from './workloads.js';

/** The source end of an eval: an address may be a node's (node-sources.ts). */
interface Source {
  id: string;
  target: Target;
  node?: NodeSource;
}

/**
 * NetworkPolicySpec.ingress: "Traffic is allowed to a pod if ... the traffic source is the pod's local node". Under
 * the `node` reading an address of a node is that node, so it reaches the pods placed on it (spec.nodeName) whatever
 * the policies say. The AdminNetworkPolicy tier cannot take this away: in policy.networking.k8s.io/v1alpha1 an
 * ingress rule's peers are only `namespaces` and `pods` ("Note that host-networked pods are not included in this
 * type of peer"), so no ANP or BANP ingress rule matches traffic from a node. The reason, or undefined when the rule
 * does not apply (another node, placement unknown, a hostNetwork destination, the `pod` reading).
 */
export function fromNodeVerdict(model: Model, src: Source, dst: Workload): string | undefined {
  if (model.hostNetwork !== 'node' || !src.node || dst.hostNetwork || !dst.nodes.includes(src.node.name)) return undefined;
  return `the source is the destination's own node (${src.node.name}, ${src.id.replace(/\[External\]$/, '')}): traffic from a pod's node is always allowed`;
}

/**
 * A denial of traffic from a node's address says what could overturn it: under the `node` reading, pods of the
 * destination on that node when its placement is unknown; under the `pod` reading (netpol-analyzer's, which knows no
 * nodes) that the address is read as an external one and the own-node rule is not applied.
 */
export function nodeSourceRemark(model: Model, src: Source, dst: Workload): string | undefined {
  if (dst.hostNetwork || src.target.type !== 'ip') return undefined;
  if (!src.node) {
    // A node the destination runs on whose address nothing in the input gives: the source may be that node.
    const silent = model.hostNetwork === 'node' ? dst.nodes.filter((n) => model.nodeSources.get(n)?.ips.length === 0) : [];
    return silent.length === 0 ? undefined : `own-node rule not judged: no address is known for node ${silent.join(', ')} of ${workloadId(dst)} (no Node object, no pod status.hostIP): if the source is ${silent.length > 1 ? 'one of them' : 'it'}, it is allowed whatever the policies say`;
  }
  const ip = src.id.replace(/\[External\]$/, '');
  if (model.hostNetwork === 'pod') {
    return dst.nodes.includes(src.node.name)
      ? `${ip} is an address of node ${src.node.name}, where ${workloadId(dst)} runs: read as an external address under --host-network pod (netpol-analyzer's reading), the own-node rule is not applied`
      : undefined;
  }
  if (dst.nodesKnown && dst.nodes.length > 0) return undefined;
  return `own-node rule not judged: the node placement of ${workloadId(dst)} is unknown (pods of ${workloadId(dst)} on ${src.node.name} are reachable from ${ip} whatever the policies say)`;
}
