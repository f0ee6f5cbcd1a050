import type { LoadedObject } from '../collect/objects.js';
import { isRecord } from '../domain/guards.js';

/**
 * `tcp/30443` -> the Services that own the NodePort. Services of type NodePort and LoadBalancer get a nodePort
 * per port (LoadBalancer unless allocateLoadBalancerNodePorts: false); the protocol defaults to TCP.
 */
export function nodePortOwners(objects: readonly LoadedObject[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { object } of objects) {
    if (object.kind !== 'Service' || !isRecord(object.spec)) continue;
    const spec = object.spec;
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') continue;
    const ports = Array.isArray(spec.ports) ? spec.ports : [];
    for (const p of ports) {
      if (!isRecord(p) || typeof p.nodePort !== 'number') continue;
      const key = `${typeof p.protocol === 'string' ? p.protocol.toLowerCase() : 'tcp'}/${p.nodePort}`;
      const name = `${object.metadata.namespace ?? 'default'}/${object.metadata.name ?? ''}`;
      map.set(key, [...new Set([...(map.get(key) ?? []), name])].sort());
    }
  }
  return map;
}
