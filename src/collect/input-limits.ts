/**
 * Explicit bounds on what kubefort reads from files it did not write. Each has a message saying which bound was
 * hit; none of them is near what real input needs (a `kubectl get -A -o yaml` of a large cluster is tens of MiB,
 * the deepest real objects, CRD schemas, nest well under a hundred levels).
 */
export interface YamlLimits {
  /** Characters of one YAML/JSON text. */
  maxBytes: number;
  /** Documents in one text (`---` separated). */
  maxDocuments: number;
  /** Nesting of mappings and sequences, counted through aliases. kubectl's decoder allows more, but nothing real needs it. */
  maxDepth: number;
  /** Nodes one document may expand to through aliases, beyond its own size (alias bombs). */
  maxAliasExpansion: number;
  /** Characters of scalars one document may expand to through aliases, beyond its own. */
  maxAliasExpansionChars: number;
  /** Errors reported per text; the rest are counted ("and N more"). */
  maxErrorsPerText: number;
  /** Warnings (duplicate keys, ...) reported per text; the rest are counted. */
  maxWarningsPerText: number;
}

export interface InputLimits extends YamlLimits {
  /** Bytes of all object files of one run together. */
  maxTotalBytes: number;
  /** Files read from the paths of one run. */
  maxFiles: number;
  /** How long a pipe given as a path (`<(kubectl get ...)`) or stdin may take to deliver its input, in ms. */
  pipeTimeoutMs: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_YAML_LIMITS: Readonly<YamlLimits> = {
  maxBytes: 64 * MiB,
  maxDocuments: 100_000,
  maxDepth: 256,
  maxAliasExpansion: 1_000_000,
  maxAliasExpansionChars: 16 * MiB,
  maxErrorsPerText: 10,
  maxWarningsPerText: 10,
};

export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = {
  ...DEFAULT_YAML_LIMITS,
  maxTotalBytes: 512 * MiB,
  maxFiles: 100_000,
  pipeTimeoutMs: 60_000,
};

export function formatBytes(n: number): string {
  return n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}
