import type { StaticPodComponent } from '../../collect/node/manifests.js';
import { APISERVER_FLAGS } from './apiserver.js';
import { CONTROLLER_MANAGER_FLAGS } from './controller-manager.js';
import { ETCD_FLAGS, ETCD_MINORS, kubeadmEtcdMinor } from './etcd.js';
import { FlagKind, type ComponentFlagData, type FlagDelta } from './model.js';
import { SCHEDULER_FLAGS } from './scheduler.js';

export { FlagKind } from './model.js';

/** The minors the bundled benchmarks cover (cis-1.12: 1.32–1.33, cis-2.0: 1.34–1.35) and the three before them. */
export const SUPPORTED_MINORS = { low: 29, high: 35 } as const;

const DATA: Readonly<Record<StaticPodComponent, ComponentFlagData>> = {
  'kube-apiserver': APISERVER_FLAGS,
  'kube-controller-manager': CONTROLLER_MANAGER_FLAGS,
  'kube-scheduler': SCHEDULER_FLAGS,
  etcd: ETCD_FLAGS,
};

const SUFFIX: Readonly<Record<string, FlagKind>> = { b: FlagKind.bool, l: FlagKind.list, m: FlagKind.repeatable, i: FlagKind.int, f: FlagKind.float, d: FlagKind.duration };

function parseList(text: string): Map<string, FlagKind> {
  const out = new Map<string, FlagKind>();
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const [name = word, suffix] = word.split(':');
    out.set(name, suffix === undefined ? FlagKind.value : (SUFFIX[suffix] ?? FlagKind.value));
  }
  return out;
}

function applies(delta: FlagDelta, minor: number): boolean {
  return (delta.since === undefined || minor >= delta.since) && (delta.until === undefined || minor <= delta.until);
}

function resolve(base: string, deltas: readonly FlagDelta[], minor: number): Map<string, FlagKind> {
  const known = parseList(base);
  for (const delta of deltas) {
    const names = parseList(delta.flags);
    for (const [name, kind] of names) {
      if (applies(delta, minor)) known.set(name, kind);
      else if (delta.since !== undefined) known.delete(name);
    }
  }
  return known;
}

const cache = new Map<string, KnownFlags>();

export interface KnownFlags {
  readonly component: StaticPodComponent;
  /** The Kubernetes minor (1.N); for etcd, etcd's own minor (3.N). */
  readonly minor: number;
  /** `kube-apiserver 1.32`, `etcd 3.5`: the component and the version the data is for, for messages. */
  readonly shown: string;
  readonly provenance: string;
  readonly flags: ReadonlyMap<string, FlagKind>;
  readonly admissionPlugins: ReadonlySet<string>;
  readonly authorizationModes: ReadonlySet<string>;
  readonly inputFiles: ReadonlySet<string>;
  readonly outputFiles: ReadonlySet<string>;
}

/** Minors outside the data are clamped to its range (the caller says so in its finding). */
export function clampMinor(minor: number): number {
  return Math.min(SUPPORTED_MINORS.high, Math.max(SUPPORTED_MINORS.low, minor));
}

/**
 * The flags a component accepts at a Kubernetes minor (1.N). Names without leading dashes. etcd gets the etcd
 * kubeadm installs for that minor; knownEtcdFlags takes etcd's own version when it is known (its image tag).
 */
export function knownFlags(component: StaticPodComponent, minor: number): KnownFlags {
  if (component === 'etcd') return knownEtcdFlags(kubeadmEtcdMinor(clampMinor(minor)));
  return resolved(component, clampMinor(minor), `${component} 1.${clampMinor(minor)}`);
}

/** Minors outside etcd's flag data (3.4–3.6) are clamped to it (the caller says so in its finding). */
export function clampEtcdMinor(minor: number): number {
  return Math.min(ETCD_MINORS.high, Math.max(ETCD_MINORS.low, minor));
}

/** The flags etcd 3.N accepts. */
export function knownEtcdFlags(etcdMinor: number): KnownFlags {
  const clamped = clampEtcdMinor(etcdMinor);
  return resolved('etcd', clamped, `etcd 3.${clamped}`);
}

function resolved(component: StaticPodComponent, clamped: number, shown: string): KnownFlags {
  const key = `${component}@${clamped}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const data = DATA[component];
  const known: KnownFlags = {
    component,
    minor: clamped,
    shown,
    provenance: data.provenance,
    flags: resolve(data.base, data.deltas, clamped),
    admissionPlugins: new Set(data.admissionPlugins ? resolve(data.admissionPlugins.base, data.admissionPlugins.deltas, clamped).keys() : []),
    authorizationModes: new Set(data.authorizationModes ?? []),
    inputFiles: new Set(parseList(data.inputFiles).keys()),
    outputFiles: new Set(parseList(data.outputFiles).keys()),
  };
  cache.set(key, known);
  return known;
}

/** The closest known flag by edit distance (at most 2), for "did you mean". */
export function closestFlag(name: string, known: KnownFlags): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known.flags.keys()) {
    if (Math.abs(candidate.length - name.length) > 2) continue;
    const distance = editDistance(name, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance || (distance === best.distance && candidate < best.name))) {
      best = { name: candidate, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
