import type { ArgFact, ComponentFacts, ComponentName, FileFact, FileRole, KubeletFacts, KubeletFieldSource, NodeFacts } from '../../src/domain/node-facts.js';
import { addText, type LoadedObject, type ObjectSet } from '../../src/collect/objects.js';

/** Small builders for NodeFacts in tests: each states only what the rule under test looks at. */

export function nodeFacts(parts: Partial<NodeFacts> = {}): NodeFacts {
  return {
    schemaVersion: 1,
    root: '/',
    collectedAt: '2026-11-23T12:00:00.000Z',
    kubernetesVersion: { version: 'v1.32.4', source: 'test' },
    components: {},
    files: {},
    warnings: [],
    ...parts,
  };
}

const MANIFEST: Partial<Record<ComponentName, string>> = {
  'kube-apiserver': '/etc/kubernetes/manifests/kube-apiserver.yaml',
  'kube-controller-manager': '/etc/kubernetes/manifests/kube-controller-manager.yaml',
  'kube-scheduler': '/etc/kubernetes/manifests/kube-scheduler.yaml',
  etcd: '/etc/kubernetes/manifests/etcd.yaml',
};

/** `--a=b` / `--flag` strings to ArgFacts located on consecutive manifest lines. */
export function args(name: ComponentName, list: readonly string[]): ArgFact[] {
  const file = MANIFEST[name] ?? `/proc/100/cmdline`;
  return list.map((text, index) => {
    const eq = text.indexOf('=');
    const flag = eq < 0 ? text : text.slice(0, eq);
    return eq < 0 ? { flag, location: { file, line: 20 + index, column: 7 } } : { flag, value: text.slice(eq + 1), location: { file, line: 20 + index, column: 7 } };
  });
}

export function component(name: ComponentName, list: readonly string[]): ComponentFacts {
  return { name, source: 'manifest', executable: name, args: args(name, list), manifest: MANIFEST[name] };
}

/** Facts of a node running one component with the given arguments. */
export function running(name: ComponentName, list: readonly string[]): NodeFacts {
  return nodeFacts({ components: { [name]: component(name, list) } });
}

/** A kubelet whose effective configuration is `effective` (dotted keys) with `kind` sources. */
export function kubeletFacts(effective: Record<string, unknown>, kinds: Record<string, KubeletFieldSource['kind']> = {}, flags: string[] = []): NodeFacts {
  const nested: Record<string, unknown> = {};
  const sources: Record<string, KubeletFieldSource> = {};
  for (const [path, value] of Object.entries(effective)) {
    const parts = path.split('.');
    let target = nested;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1] as string] = value;
    const kind = kinds[path] ?? 'config-file';
    sources[path] = kind === 'default' ? { kind } : { kind, location: { file: '/var/lib/kubelet/config.yaml', line: 5, column: 3 } };
  }
  const kubelet: KubeletFacts = {
    configFile: '/var/lib/kubelet/config.yaml',
    configFileSource: 'flag --config',
    dropIns: [],
    effective: nested,
    sources,
    flags: args('kubelet', flags),
  };
  return nodeFacts({ kubelet, components: { kubelet: component('kubelet', ['--config=/var/lib/kubelet/config.yaml', ...flags]) } });
}

export function file(path: string, mode: number, uid = 0, gid = 0, names: { user?: string; group?: string } = { user: 'root', group: 'root' }): FileFact {
  return { path, exists: true, type: 'file', mode, uid, gid, ...names };
}

export function withFiles(role: FileRole, files: FileFact[]): NodeFacts {
  return nodeFacts({ files: { [role]: files } });
}

/** Objects parsed from YAML text, with real file:line positions. */
export function objectsFrom(yaml: string, file = 'cluster.yaml'): LoadedObject[] {
  const set: ObjectSet = { objects: [], errors: [], files: [] };
  addText(set, yaml, file);
  if (set.errors.length > 0) throw set.errors[0];
  return set.objects;
}
