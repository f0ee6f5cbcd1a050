import type { StaticPodComponent } from '../../collect/node/manifests.js';

/** How the component's flag parser treats a flag (pflag / Go flag). */
export const FlagKind = {
  /** A boolean: bare means true; pflag never takes the next argument as its value. */
  bool: 'bool',
  /** One value; given twice, the last one wins. */
  value: 'value',
  /** A string slice: given twice, pflag APPENDS the values (`--authorization-mode=Node --authorization-mode=RBAC`). */
  list: 'list',
  /** A map or a flag meant to be repeated (`--feature-gates`, `--tls-sni-cert-key`). */
  repeatable: 'repeatable',
  /** Single values pflag parses strictly: Go strconv.ParseInt (base 0), ParseFloat, time.ParseDuration. */
  int: 'int',
  float: 'float',
  duration: 'duration',
} as const;
export type FlagKind = (typeof FlagKind)[keyof typeof FlagKind];

/**
 * A change between minors: flags known only `since` a minor, or only `until` a minor (inclusive). Kubernetes
 * minors (1.N) for the Kubernetes components, etcd's own minors (3.N) for etcd.
 */
export interface FlagDelta {
  /** Space-separated names with the same `:b`/`:l`/`:m` suffixes as the base list. */
  readonly flags: string;
  readonly since?: number;
  readonly until?: number;
  /** Where the change is documented. */
  readonly why: string;
}

export interface ComponentFlagData {
  readonly component: StaticPodComponent;
  /** Where the list comes from: the component's own flag definitions. */
  readonly provenance: string;
  /** The minor the base list describes (Kubernetes 1.N; etcd 3.N). */
  readonly baseMinor: number;
  readonly base: string;
  readonly deltas: readonly FlagDelta[];
  readonly admissionPlugins?: { readonly base: string; readonly deltas: readonly FlagDelta[] };
  readonly authorizationModes?: readonly string[];
  /** Flags naming files the component reads at start-up (they must exist and be mounted into the pod). */
  readonly inputFiles: string;
  /** Flags naming files or directories the component writes (they must be mounted; `-` means stdout). */
  readonly outputFiles: string;
}
