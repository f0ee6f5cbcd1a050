import type { SourceLocation } from '../domain/evidence.js';
import { isRecord } from '../domain/guards.js';
import { parseYamlText, type SourceDocument } from '../collect/yaml-source.js';

/** One argv item of the component's container (command[1..] then args), where it is written. */
export interface ArgvItem {
  text: string;
  location: SourceLocation;
}

/** A volumeMount backed by a hostPath volume: the container path `mountPath` is the node path `hostPath`. */
export interface HostMount {
  mountPath: string;
  hostPath: string;
  readOnly: boolean;
}

export interface StaticPod {
  doc: SourceDocument;
  containerIndex: number;
  argv: ArgvItem[];
  mounts: HostMount[];
  /** The container's image (`registry.k8s.io/etcd:3.5.21-0`), when it names one. */
  image?: string;
}

export type PodParse = { ok: true; pod: StaticPod } | { ok: false; message: string; location: SourceLocation };

/**
 * Reads a static pod manifest as the kubelet would use it: a v1 Pod, the container named like the component
 * (kubeadm's naming) or else the first, argv = command[1..] + args (command[0] is the executable).
 */
export function parseStaticPod(text: string, file: string, component: string): PodParse {
  let parsed: ReturnType<typeof parseYamlText>;
  try {
    parsed = parseYamlText(text, file);
  } catch (error) {
    // The yaml library refuses alias bombs and unresolved aliases when building values (resource bounds).
    return { ok: false, message: `${file}: ${error instanceof Error ? error.message : String(error)}`, location: { file } };
  }
  const error = parsed.errors[0];
  if (error) return { ok: false, message: error.message, location: error.location ?? { file } };
  const doc = parsed.documents[0];
  if (!doc || parsed.documents.length > 1) return { ok: false, message: `${file}: expected exactly one YAML document`, location: { file } };
  const pod = doc.value;
  if (!isRecord(pod) || pod.kind !== 'Pod' || pod.apiVersion !== 'v1') {
    const kind = isRecord(pod) ? `${String(pod.apiVersion)}/${String(pod.kind)}` : typeof pod;
    return { ok: false, message: `${file}: not a v1 Pod (found ${kind})`, location: doc.location };
  }
  const spec = pod.spec;
  const containers = isRecord(spec) ? spec.containers : undefined;
  if (!Array.isArray(containers) || containers.length === 0) return { ok: false, message: `${file}: no spec.containers`, location: doc.location };
  let index = containers.findIndex((c) => isRecord(c) && c.name === component);
  if (index === -1) index = 0;
  const container = containers[index];
  if (!isRecord(container)) return { ok: false, message: `${file}: spec.containers[${index}] is not a mapping`, location: doc.location };
  const argv: ArgvItem[] = [];
  for (const key of ['command', 'args'] as const) {
    const list = container[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      return { ok: false, message: `${file}: spec.containers[${index}].${key} must be a list of strings`, location: doc.locate(['spec', 'containers', index, key]) ?? doc.location };
    }
    list.forEach((text: string, i) => {
      if (key === 'command' && i === 0) return;
      argv.push({ text, location: doc.locate(['spec', 'containers', index, key, i]) ?? { file } });
    });
  }
  const image = typeof container.image === 'string' ? { image: container.image } : {};
  return { ok: true, pod: { doc, containerIndex: index, argv, mounts: hostMounts(spec, container), ...image } };
}

function hostMounts(spec: unknown, container: Record<string, unknown>): HostMount[] {
  const volumes = new Map<string, string>();
  const list = isRecord(spec) && Array.isArray(spec.volumes) ? spec.volumes : [];
  for (const volume of list) {
    if (isRecord(volume) && typeof volume.name === 'string' && isRecord(volume.hostPath) && typeof volume.hostPath.path === 'string') {
      volumes.set(volume.name, volume.hostPath.path);
    }
  }
  const mounts: HostMount[] = [];
  for (const mount of Array.isArray(container.volumeMounts) ? container.volumeMounts : []) {
    if (!isRecord(mount) || typeof mount.name !== 'string' || typeof mount.mountPath !== 'string') continue;
    const hostPath = volumes.get(mount.name);
    if (hostPath !== undefined) mounts.push({ mountPath: mount.mountPath, hostPath, readOnly: mount.readOnly === true });
  }
  return mounts;
}

/** The node path a container path reaches through the longest covering hostPath mount, if any. */
export function nodePathOf(containerPath: string, mounts: readonly HostMount[]): { path: string; mount: HostMount } | undefined {
  let best: HostMount | undefined;
  for (const mount of mounts) {
    const base = mount.mountPath.replace(/\/+$/, '') || '/';
    const covers = containerPath === base || containerPath.startsWith(base === '/' ? '/' : `${base}/`);
    if (covers && (best === undefined || base.length > best.mountPath.length)) best = mount;
  }
  if (!best) return undefined;
  const base = best.mountPath.replace(/\/+$/, '');
  const rest = containerPath.slice(base.length);
  return { path: `${best.hostPath.replace(/\/+$/, '')}${rest}` || '/', mount: best };
}
