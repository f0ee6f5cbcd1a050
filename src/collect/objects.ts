import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatLocation, type SourceLocation } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { parseYamlText, type FieldPath } from './yaml-source.js';
import { parseJsonText } from './json-source.js';
import { fsErrorReason } from '../domain/fs-errors.js';
import { isRecord } from '../domain/guards.js';

/** The metadata fields kubefort reads, spelled as the API spells them. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion?: string; kind: string; name: string; uid?: string; controller?: boolean }[];
}

export interface KubeObject {
  apiVersion?: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A Kubernetes object together with where it was written. */
export interface LoadedObject {
  object: KubeObject;
  location: SourceLocation;
  /** file:line:column of a field of this object, e.g. `['spec', 'ingress', 0]`. */
  locate(path: FieldPath): SourceLocation | undefined;
}

export interface ObjectSet {
  objects: LoadedObject[];
  /** Files or documents that could not be read or parsed; everything else was loaded. */
  errors: InputError[];
  /** Files read, in the order read. */
  files: string[];
}

export interface LoadOptions {
  /** Text of standard input, used for the path `-`. */
  readStdin?: () => string;
}

const OBJECT_FILE = /\.(ya?ml|json)$/i;

/**
 * Loads Kubernetes objects from files, folders (recursive, sorted) and `-` (stdin).
 * Understands multi-document YAML, JSON, `kind: List` and every `*List` kind as `kubectl get -o yaml` writes them.
 */
export function loadObjects(paths: readonly string[], options: LoadOptions = {}): ObjectSet {
  const set: ObjectSet = { objects: [], errors: [], files: [] };
  for (const path of paths) {
    if (path === '-') {
      const text = options.readStdin ? options.readStdin() : readFileSync(0, 'utf8');
      addText(set, text, '<stdin>');
      continue;
    }
    for (const file of expand(path, set)) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        set.errors.push(new InputError(`${file}: cannot read: ${fsErrorReason(error)}`, { file }, { cause: error }));
        continue;
      }
      addText(set, text, file);
    }
  }
  return set;
}

/** Adds the objects of one YAML/JSON text to the set. */
export function addText(set: ObjectSet, text: string, file: string): void {
  set.files.push(file);
  const parsed = parseJsonText(text, file) ?? parseYamlText(text, file);
  set.errors.push(...parsed.errors);
  for (const doc of parsed.documents) {
    addValue(set, doc.value, [], doc.location, (path) => doc.locate(path));
  }
}

function addValue(
  set: ObjectSet,
  value: unknown,
  prefix: FieldPath,
  location: SourceLocation,
  locateInDoc: (path: FieldPath) => SourceLocation | undefined,
): void {
  if (value === null || value === undefined) return;
  if (!isRecord(value) || typeof value.kind !== 'string') {
    set.errors.push(new InputError(`${formatLocation(location)}: not a Kubernetes object (no kind)`, location));
    return;
  }
  // `kind: List` and typed lists (`PodList`, `NetworkPolicyList`, ...) hold their objects in `items`.
  if (value.kind === 'List' || (value.kind.endsWith('List') && Array.isArray(value.items))) {
    const items = Array.isArray(value.items) ? value.items : [];
    items.forEach((item, index) => {
      const itemPath = [...prefix, 'items', index];
      const itemLocation = locateInDoc(itemPath) ?? location;
      // Items of a typed list omit kind and apiVersion; they are implied by the list kind.
      const implied = value.kind === 'List' ? item : withImpliedKind(item, value.kind as string, value.apiVersion);
      addValue(set, implied, itemPath, itemLocation, locateInDoc);
    });
    return;
  }
  const object = value as KubeObject;
  if (!isRecord(object.metadata)) object.metadata = {};
  set.objects.push({
    object,
    location,
    locate: (path) => locateInDoc([...prefix, ...path]),
  });
}

function withImpliedKind(item: unknown, listKind: string, apiVersion: unknown): unknown {
  if (!isRecord(item) || typeof item.kind === 'string') return item;
  return { apiVersion, kind: listKind.slice(0, -'List'.length), ...item };
}

function expand(path: string, set: ObjectSet): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    set.errors.push(new InputError(`${path}: cannot read: ${fsErrorReason(error)}`, { file: path }, { cause: error }));
    return [];
  }
  if (!stats.isDirectory()) return [path];
  const files: string[] = [];
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && OBJECT_FILE.test(entry.name)) files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}


