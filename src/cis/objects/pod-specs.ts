import type { SourceLocation } from '../../domain/evidence.js';
import type { LoadedObject } from '../../collect/objects.js';
import type { FieldPath } from '../../collect/yaml-source.js';
import { isRecord } from '../../domain/guards.js';
import { printable } from '../../domain/printable.js';

export type Rec = Record<string, unknown>;

export function rec(value: unknown): Rec {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Something that breaks a rule, named so a person can find it. */
export interface Offender {
  what: string;
  location: SourceLocation;
}

/**
 * A value from an object, as it may appear in a sentence of a report: control characters escaped (names come
 * from files kubefort did not write), and anything that is not a string shown by its JSON form, never as
 * `[object Object]`.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return printable(value);
  if (value === undefined) return '<unset>';
  return printable(JSON.stringify(value)?.slice(0, 80) ?? String(value));
}

/** `Kind namespace/name` as kubectl would name it. */
export function objectName(item: LoadedObject): string {
  const { kind, metadata } = item.object;
  const ns = metadata.namespace ? `${metadata.namespace}/` : '';
  return printable(`${kind} ${ns}${metadata.name ?? '<unnamed>'}`);
}

export function at(item: LoadedObject, path: FieldPath): SourceLocation {
  return item.locate(path) ?? item.location;
}

/** Where each workload kind keeps its pod template's spec. */
const SPEC_PATHS: Record<string, FieldPath> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

export interface PodSpecRef {
  item: LoadedObject;
  spec: Rec;
  path: FieldPath;
  namespace: string;
}

export interface ContainerRef {
  pod: PodSpecRef;
  container: Rec;
  name: string;
  /** Path of the container inside the object, e.g. ['spec','containers',0]. */
  path: FieldPath;
}

function dig(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number') current = list(current)[key];
    else current = rec(current)[key];
  }
  return current;
}

/** Every pod spec among the objects, from Pods and from the templates of workload controllers. */
export function podSpecs(objects: readonly LoadedObject[]): PodSpecRef[] {
  const refs: PodSpecRef[] = [];
  for (const item of objects) {
    const path = SPEC_PATHS[item.object.kind];
    if (!path) continue;
    const spec = dig(item.object, path);
    if (!isRecord(spec)) continue;
    refs.push({ item, spec, path, namespace: item.object.metadata.namespace ?? '' });
  }
  return refs;
}

/** Containers, init containers and ephemeral containers of a pod spec. */
export function containers(pod: PodSpecRef): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    list(pod.spec[field]).forEach((container, index) => {
      if (!isRecord(container)) return;
      refs.push({ pod, container, name: typeof container.name === 'string' ? container.name : `#${index}`, path: [...pod.path, field, index] });
    });
  }
  return refs;
}

export function containerName(ref: ContainerRef): string {
  return `${objectName(ref.pod.item)} container ${shown(ref.name)}`;
}
