import { isRecord } from '../domain/guards.js';
import type { FieldPath } from './yaml-source.js';

/**
 * The loader/model boundary: metadata fields every area reads are checked here, once, so that no check, model
 * or renderer ever meets a number where the API has a string. The API server rejects such objects
 * (`cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string`); a manifest that
 * has one is reported with its location and either left out (name, namespace: the object's identity is
 * unknown) or loaded without the bad field (labels, annotations, ownerReferences, ...).
 */
export interface ShapeProblem {
  path: FieldPath;
  message: string;
}

export interface ShapeResult {
  /** Set when the object cannot be loaded. */
  reject?: ShapeProblem;
  /** Fields dropped or fixed; the object is loaded. */
  warnings: ShapeProblem[];
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `${typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : typeof value} (${String(value).slice(0, 40)})`;
}

/** labels and annotations: a map of strings to strings; other entries are dropped. */
function stringMap(meta: Record<string, unknown>, field: 'labels' | 'annotations', warnings: ShapeProblem[]): void {
  const value = meta[field];
  if (value === undefined || value === null) {
    delete meta[field];
    return;
  }
  if (!isRecord(value)) {
    warnings.push({ path: ['metadata', field], message: `metadata.${field} must be a mapping of strings, got ${typeName(value)}; ignored` });
    delete meta[field];
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') continue;
    warnings.push({ path: ['metadata', field, key], message: `metadata.${field}.${key} must be a string, got ${typeName(v)} (quote it); ignored` });
    delete value[key];
  }
}

function ownerReferences(meta: Record<string, unknown>, warnings: ShapeProblem[]): void {
  const value = meta.ownerReferences;
  if (value === undefined || value === null) {
    delete meta.ownerReferences;
    return;
  }
  if (!Array.isArray(value)) {
    warnings.push({ path: ['metadata', 'ownerReferences'], message: `metadata.ownerReferences must be a list, got ${typeName(value)}; ignored` });
    delete meta.ownerReferences;
    return;
  }
  const kept: Record<string, unknown>[] = [];
  value.forEach((ref: unknown, index) => {
    if (!isRecord(ref) || typeof ref.kind !== 'string' || ref.kind === '' || typeof ref.name !== 'string' || ref.name === '') {
      warnings.push({ path: ['metadata', 'ownerReferences', index], message: `metadata.ownerReferences[${index}] needs a kind and a name (strings); this owner is ignored` });
      return;
    }
    for (const field of ['apiVersion', 'uid'] as const) if (ref[field] !== undefined && typeof ref[field] !== 'string') delete ref[field];
    if (ref.controller !== undefined && typeof ref.controller !== 'boolean') delete ref.controller;
    kept.push(ref);
  });
  meta.ownerReferences = kept;
}

/** Checks and repairs, in place, the fields of `object` that every area relies on. */
export function checkObjectShape(object: Record<string, unknown>): ShapeResult {
  const warnings: ShapeProblem[] = [];
  if (object.apiVersion !== undefined && typeof object.apiVersion !== 'string') {
    warnings.push({ path: ['apiVersion'], message: `apiVersion must be a string, got ${typeName(object.apiVersion)}; ignored` });
    delete object.apiVersion;
  }
  if (object.metadata === undefined || object.metadata === null) object.metadata = {};
  if (!isRecord(object.metadata)) {
    warnings.push({ path: ['metadata'], message: `metadata must be a mapping, got ${typeName(object.metadata)}; ignored` });
    object.metadata = {};
  }
  const meta = object.metadata as Record<string, unknown>;
  for (const field of ['name', 'namespace'] as const) {
    const value = meta[field];
    if (value === null) delete meta[field];
    else if (value !== undefined && typeof value !== 'string') {
      return { reject: { path: ['metadata', field], message: `metadata.${field} must be a string, got ${typeName(value)} (the API server rejects this object); left out` }, warnings };
    }
  }
  for (const field of ['uid', 'generateName'] as const) {
    if (meta[field] !== undefined && typeof meta[field] !== 'string') {
      warnings.push({ path: ['metadata', field], message: `metadata.${field} must be a string, got ${typeName(meta[field])}; ignored` });
      delete meta[field];
    }
  }
  stringMap(meta, 'labels', warnings);
  stringMap(meta, 'annotations', warnings);
  ownerReferences(meta, warnings);
  return { warnings };
}
