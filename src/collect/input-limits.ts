import { getHeapStatistics } from 'node:v8';
import { InputError } from '../domain/errors.js';

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
  /**
   * Bytes of YAML input the heap can hold once parsed (heap ÷ HEAP_BYTES_PER_INPUT_BYTE); raised only with the heap.
   * JSON on the fast path counts HEAP_BYTES_PER_JSON_INPUT_BYTE ÷ HEAP_BYTES_PER_INPUT_BYTE of a byte towards it.
   */
  maxHeapInputBytes: number;
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

/**
 * `kubectl get -o json` input of 1 MiB or more takes the JSON fast path (src/collect/json-source.ts: JSON.parse,
 * positions only when printed), which needs far less: measured 2.2–2.3 bytes of heap per input byte retained for
 * kubectl's 4-space-indented JSON and 4.5–4.8 for the same objects without whitespace (58.5 / 16.6 MiB, 30,003
 * workloads, docs/input.md). 8 leaves room for that densest form and for the analysis on top (a whole `netpol
 * list` of the indented 58.5 MiB ends at 5.8 bytes of heap per input byte).
 */
export const HEAP_BYTES_PER_JSON_INPUT_BYTE = 8;

/** How a text is read: `json` when the JSON fast path takes it, `yaml` (with positions) otherwise. */
export type InputFormat = 'json' | 'yaml';

export function heapBytesPerInputByte(format: InputFormat): number {
  return format === 'json' ? HEAP_BYTES_PER_JSON_INPUT_BYTE : HEAP_BYTES_PER_INPUT_BYTE;
}

export function heapSizeLimit(): number {
  return getHeapStatistics().heap_size_limit;
}

/** The run total of input when no size is given; an explicit --max-input-size above it raises it to that size. */
export const DEFAULT_MAX_TOTAL_BYTES = 512 * MiB;

export const DEFAULT_INPUT_LIMITS: Readonly<InputLimits> = {
  ...DEFAULT_YAML_LIMITS,
  maxTotalBytes: DEFAULT_MAX_TOTAL_BYTES,
  maxHeapInputBytes: Math.floor(heapSizeLimit() / HEAP_BYTES_PER_INPUT_BYTE),
  maxFiles: 100_000,
  pipeTimeoutMs: 60_000,
};

export function formatBytes(n: number): string {
  if (n >= 1024 * MiB) return `${(n / (1024 * MiB)).toFixed(1).replace(/\.0$/, '')} GiB`;
  if (n >= MiB) return n % MiB === 0 ? `${n / MiB} MiB` : `${(n / MiB).toFixed(1)} MiB`;
  return `${n} bytes`;
}

/**
 * The limits for an explicit largest input (`--max-input-size`): one file or stdin may be that large, and the
 * run total is raised with it (never below its default). The heap bound stays: it is what keeps a run from
 * ending in "JavaScript heap out of memory", and only a larger heap raises it.
 */
export function limitsForMaxInputSize(bytes: number): Partial<InputLimits> {
  return { maxBytes: bytes, maxTotalBytes: Math.max(bytes, DEFAULT_MAX_TOTAL_BYTES) };
}

/** A file or stdin over the size limit for one text (typed, so that callers can say how to raise it). */
export class InputTooLargeError extends InputError {}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: MiB, Gi: 1024 * MiB, Ti: 1024 * 1024 * MiB };

/**
 * A size as Kubernetes quantities spell bytes (`64Mi`, `1Gi`, `500M`, `1048576`): binary suffixes Ki/Mi/Gi/Ti,
 * decimal k/M/G/T, or a plain number of bytes. Undefined for anything else, zero, or sizes past 2^53.
 */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(|k|M|G|T|Ki|Mi|Gi|Ti)$/.exec(text.trim());
  if (m === null) return undefined;
  const bytes = Math.floor(Number(m[1]) * (UNITS[m[2] ?? ''] ?? Number.NaN));
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
