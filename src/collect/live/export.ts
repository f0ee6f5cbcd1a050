import { RESOURCE_TYPES } from './resources.js';
import type { KubeObject } from '../objects.js';
import { stringify } from 'yaml';

export interface ExportFile {
  /** `<namespace>/<Kind>.yaml`, or `cluster/<Kind>.yaml` for cluster-scoped kinds. */
  path: string;
  text: string;
}

function byName(a: KubeObject, b: KubeObject): number {
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The file an object is exported to: `<namespace>/<Kind>.yaml`, or `cluster/<Kind>.yaml`. */
export function exportPath(o: KubeObject): string {
  const type = RESOURCE_TYPES.find((t) => t.kind === o.kind);
  const dir = type?.namespaced === false || o.metadata.namespace === undefined ? 'cluster' : o.metadata.namespace;
  return `${dir}/${o.kind}.yaml`;
}

/** The order of `kubefort export`'s folder read back: by file, then by name; live and file input then agree. */
export function exportOrder(a: KubeObject, b: KubeObject): number {
  const x = exportPath(a);
  const y = exportPath(b);
  return x < y ? -1 : x > y ? 1 : byName(a, b);
}

/**
 * One file per kind and namespace, each a `kind: List` as `kubectl get -o yaml` writes it, so that every
 * command reads the folder back as it read the cluster.
 */
export function exportFiles(objects: readonly KubeObject[]): ExportFile[] {
  const groups = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const key = exportPath(o);
    const list = groups.get(key) ?? [];
    list.push(o);
    groups.set(key, list);
  }
  return [...groups.keys()].sort().map((path) => ({
    path,
    text: stringify({ apiVersion: 'v1', items: (groups.get(path) ?? []).sort(byName), kind: 'List', metadata: { resourceVersion: '' } }, { lineWidth: 0 }),
  }));
}
