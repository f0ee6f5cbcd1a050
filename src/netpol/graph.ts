import { printableJson } from '../domain/printable.js';
import type { Connection, Endpoint } from './list.js';
import { workloadEndpoint } from './list.js';
import { formatRange } from './ip.js';
import type { Model } from './model.js';
import { connsToJson, formatConns } from './ports.js';
import { workloadId } from './workloads.js';
import { readingOf } from './reading.js';

/**
 * The data the web UI draws: namespaces holding workload nodes, external-range nodes, and edges with their ports.
 * Every workload is a node, connected or not; external ranges appear when some edge uses them.
 */
export function graphJson(model: Model, conns: readonly Connection[]): string {
  const externals = new Map<string, Endpoint>();
  for (const c of conns) for (const e of [c.src, c.dst]) if (e.type === 'external') externals.set(e.key, e);
  const policyNames = (ids: { namespace: string; name: string }[]): string[] => ids.map((p) => `${p.namespace}/${p.name}`);
  const nodes: object[] = model.workloads.map((w) => {
    const cls = model.classOf.get(workloadId(w));
    return {
      id: workloadEndpoint(w).id,
      type: 'workload',
      namespace: w.namespace,
      name: w.name,
      kind: w.kind,
      labels: w.labels,
      hostNetwork: w.hostNetwork,
      ingressPolicies: policyNames(cls?.ingressPolicies ?? []),
      egressPolicies: policyNames(cls?.egressPolicies ?? []),
    };
  });
  for (const e of [...externals.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (e.type !== 'external') continue;
    const [first, last] = formatRange(e.range).split('-');
    nodes.push({ id: e.id, type: 'external', family: e.range.family === 4 ? 'IPv4' : 'IPv6', first, last });
  }
  const namespaces = [...model.namespaces]
    .filter(([ns]) => model.workloads.some((w) => w.namespace === ns))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, labels]) => ({ name, labels, workloads: model.workloads.filter((w) => w.namespace === name).map(workloadId) }));
  const edges = conns.map((c) => ({ src: c.src.id, dst: c.dst.id, conn: formatConns(c.conns), ports: connsToJson(c.conns) }));
  return `${printableJson(JSON.stringify({ hostNetwork: readingOf(model), namespaces, nodes, edges }, null, 2))}\n`;
}

