import { getHeapStatistics } from 'node:v8';

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

/**
 * Parsed YAML with positions costs about 40 bytes of heap per byte of input (measured on `kubectl get -o yaml`
 * style input, docs/performance.md), so the input of one run is limited to what the heap can hold: a larger
 * input is refused with a message instead of ending the process with "JavaScript heap out of memory".
 * `NODE_OPTIONS=--max-old-space-size=MiB` raises the heap, and with it this limit.
 */
export const HEAP_BYTES_PER_INPUT_BYTE = 40;

function heapBoundInput(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / HEAP_BYTES_PER_INPUT_BYTE);
}

export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = {
  ...DEFAULT_YAML_LIMITS,
  maxTotalBytes: Math.min(512 * MiB, heapBoundInput()),
  maxFiles: 100_000,
  pipeTimeoutMs: 60_000,
};

export function formatBytes(n: number): string {
  if (n >= MiB) return n % MiB === 0 ? `${n / MiB} MiB` : `${(n / MiB).toFixed(1)} MiB`;
  return `${n} bytes`;
}
