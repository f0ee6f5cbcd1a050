import { isRecord } from '../../domain/guards.js';

/**
 * Trees built from user data (kubelet config files and drop-ins, kube-proxy config, manifests), merged and read
 * structurally: a path is a list of keys, never a dotted string split again, so a literal key
 * `authentication.anonymous.enabled` stays one (unknown, ignored) key, as it is for the kubelet's decoder.
 * Trees have no prototype and keys are own properties only, so a `__proto__` key can neither write onto
 * Object.prototype nor be inherited by a lookup.
 */
export type Tree = Record<string, unknown>;

export function newTree(): Tree {
  return Object.create(null) as Tree;
}

/** Keys Go's decoders do not know but JavaScript objects treat specially; they are dropped (with a warning). */
export function isForbiddenKey(key: string): boolean {
  return key === '__proto__';
}

/** The value at `path`, through own properties only. */
export function getPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
      continue;
    }
    if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

function defineOwn(target: Tree, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Sets `value` at `path`, creating (null-prototype) maps on the way; a scalar in the way is replaced by a map. */
export function setPath(target: Tree, path: readonly string[], value: unknown): void {
  let current = target;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(current, key) ? current[key] : undefined;
    if (isRecord(next)) {
      current = next;
    } else {
      const created = newTree();
      defineOwn(current, key, created);
      current = created;
    }
  }
  const last = path[path.length - 1];
  if (last !== undefined) defineOwn(current, last, value);
}

export function deletePath(target: Tree, path: readonly string[]): void {
  const parent = getPath(target, path.slice(0, -1));
  const last = path[path.length - 1];
  if (isRecord(parent) && last !== undefined && Object.hasOwn(parent, last)) delete parent[last];
}

/**
 * The key under which facts record a field (`authentication.anonymous.enabled`, as the CIS catalogue names
 * fields). A key that itself holds a dot is quoted (`evictionHard["memory.available"]`), so it can never be
 * taken for a nested field.
 */
export function pathKey(path: readonly string[]): string {
  return path.map((key, i) => (/[.[\]"]/.test(key) ? `[${JSON.stringify(key)}]` : i === 0 ? key : `.${key}`)).join('');
}

/** A deep copy of user data into null-prototype maps, without forbidden keys (lists keep their order). */
export function copyTree(value: unknown, dropped: (path: (string | number)[]) => void, path: (string | number)[] = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => copyTree(v, dropped, [...path, i]));
  if (!isRecord(value)) return value;
  const out = newTree();
  for (const [key, child] of Object.entries(value)) {
    if (isForbiddenKey(key)) {
      dropped([...path, key]);
      continue;
    }
    defineOwn(out, key, copyTree(child, dropped, [...path, key]));
  }
  return out;
}
