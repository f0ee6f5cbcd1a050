import { formatLocation, type SourceLocation } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { printable } from '../domain/printable.js';
import { jsonStart, parseJsonText } from './json-source.js';
import { isRecord } from '../domain/guards.js';
import { DEFAULT_INPUT_LIMITS, formatBytes, HEAP_BYTES_PER_INPUT_BYTE, heapBytesPerInputByte, InputTooLargeError, type InputFormat, type InputLimits } from './input-limits.js';
import { expandPath, readBounded, readObjectBytes, readObjectFile } from './object-files.js';
import { decodeText, sourceShape, type SourceShape } from './object-text.js';
import { effectiveNamespace } from './object-scope.js';
import { checkObjectShape } from './object-shape.js';
import { parseYamlText, type FieldPath, type ParsedText } from './yaml-source.js';

/** The metadata fields kubefort reads, spelled as the API spells them; the loader guarantees these types. */
export interface ObjectMeta {
  name?: string;
  /** Set for every namespaced kind (defaulted as the API server does), absent for cluster-scoped kinds. */
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
  /** Files, documents or objects that could not be read, parsed or accepted; everything else was loaded. */
  errors: InputError[];
  /**
   * Loaded, but worth saying: duplicate keys, fields of the wrong type that were dropped. Always set by the
   * loader; optional so that sets built by hand (tests, the GUI's empty set) need not spell it.
   */
  warnings?: InputError[];
  /** Files read, in the order read. */
  files: string[];
}

/** What the loader returns: an ObjectSet whose warnings are always there. */
export type LoadedObjectSet = ObjectSet & { warnings: InputError[] };

export interface LoadOptions {
  /**
   * Text of standard input, used for the path `-`, read within `maxBytes` (throwing an InputTooLargeError past
   * it); by default fd 0 is read within the limits.
   */
  readStdin?: (maxBytes: number) => string;
  /** How to raise the size limits, added to a refusal for size (the CLI names --max-input-size). */
  sizeHint?: string;
  /** Namespace of namespaced objects written without one (kubectl's --namespace); `default` otherwise. */
  defaultNamespace?: string;
  limits?: Partial<InputLimits>;
  /**
   * Offered the bytes of every text before they are decoded and parsed, with what the loader knows of them
   * (object-text.ts: ASCII or not, the length in characters) and the number of objects loaded so far; a text it takes (returns true) is counted as read but not parsed here: the
   * caller reads it itself (netpol eval parses only the items of a large JSON List that can affect the pair it is
   * asked about) and adds its objects at that position.
   */
  deferBytes?: (bytes: Buffer, shape: SourceShape, file: string, position: number) => boolean;
}

export function emptyObjectSet(): LoadedObjectSet {
  return { objects: [], errors: [], warnings: [], files: [] };
}

/**
 * Loads Kubernetes objects from files, folders (recursive, sorted) and `-` (stdin).
 * Understands multi-document YAML, JSON, `kind: List` and every `*List` kind as `kubectl get -o yaml` writes them.
 * Every read is bounded (InputLimits); every problem is an InputError in the set, never an exception.
 */
export function loadObjects(paths: readonly string[], options: LoadOptions = {}): LoadedObjectSet {
  const limits: InputLimits = { ...DEFAULT_INPUT_LIMITS, ...options.limits };
  const set = emptyObjectSet();
  const hint = options.sizeHint === undefined ? '' : `; ${options.sizeHint}`;
  const readStdin = options.readStdin;
  let total = 0;
  let heapNeeded = 0;
  const heapBound = limits.maxHeapInputBytes * HEAP_BYTES_PER_INPUT_BYTE;
  /** Counts a text against the run's bounds; `extra`: only its heap, again (JSON that falls back to YAML). */
  const budget = (file: string, bytes: number, format: InputFormat, extra = false): boolean => {
    if (!extra) total += bytes;
    if (total > limits.maxTotalBytes) {
      set.errors.push(new InputError(printable(`${file}: the input is larger than ${formatBytes(limits.maxTotalBytes)} in all (the limit for one run); not read${hint}`), { file }));
      return false;
    }
    heapNeeded += bytes * heapBytesPerInputByte(format);
    if (heapNeeded > heapBound) {
      set.errors.push(new InputError(printable(`${file}: ${heapRefusal(limits.maxHeapInputBytes, heapNeeded, format)}`), { file }));
      return false;
    }
    return true;
  };
  // Text the JSON fast path may take is budgeted as JSON; if it turns out not to be JSON, as YAML before parsing.
  const yamlBudget = (file: string, shape: SourceShape): (() => boolean) | undefined => {
    if (shape.format !== 'json') return undefined;
    const yamlBytes = shape.length * (heapBytesPerInputByte('yaml') - heapBytesPerInputByte('json')) / heapBytesPerInputByte('yaml');
    return () => budget(file, yamlBytes, 'yaml', true);
  };
  /** A file's bytes, budgeted and offered to deferBytes: the text to parse, or undefined. */
  const admit = (bytes: Buffer, file: string): { text: string; shape: SourceShape } | undefined => {
    const shape = sourceShape(bytes);
    if (!budget(file, shape.length, shape.format)) return undefined;
    const text = deferOrDecode(set, bytes, file, options, shape);
    return text === undefined ? undefined : { text, shape };
  };
  const add = (admitted: { text: string; shape: SourceShape } | undefined, file: string): void => {
    if (admitted) addText(set, admitted.text, file, options, yamlBudget(file, admitted.shape));
  };
  const admitText = (text: string, file: string): { text: string; shape: SourceShape } | undefined => {
    const shape: SourceShape = { ascii: false, length: text.length, format: jsonStart(text) >= 0 ? 'json' : 'yaml', text };
    return budget(file, shape.length, shape.format) ? { text, shape } : undefined;
  };
  // Bytes only when a deferBytes may take them; otherwise text, decoded as the file is read.
  const readFile = (file: string): { text: string; shape: SourceShape } | undefined => {
    const read = options.deferBytes ? readObjectBytes(file, limits.maxBytes, limits.pipeTimeoutMs) : readObjectFile(file, limits.maxBytes, limits.pipeTimeoutMs);
    if (read.ok) return 'bytes' in read ? admit(read.bytes, file) : admitText(read.text, file);
    set.errors.push(new InputError(printable(`${file}: ${read.reason}${read.tooLarge === true ? hint : ''}`), { file }));
    return undefined;
  };
  // Text from a CliContext.readStdin: as bytes, when a deferBytes may take it.
  const stdin = (text: string): { text: string; shape: SourceShape } | undefined => options.deferBytes ? admit(Buffer.from(text, 'utf8'), '<stdin>') : admitText(text, '<stdin>');
  for (const path of paths) {
    if (path === '-') {
      const text = readStdin ? givenStdin(set, () => readStdin(limits.maxBytes), hint) : stdinText(set, limits, hint);
      if (text !== undefined) add(stdin(text), '<stdin>');
      continue;
    }
    for (const file of expandPath(path, set.errors)) {
      if (set.files.length >= limits.maxFiles) {
        set.errors.push(new InputError(printable(`${file}: more than ${limits.maxFiles} files; the rest are not read`), { file }));
        break;
      }
      add(readFile(file), file);
    }
  }
  return set;
}

/**
 * Parsed input needs about HEAP_BYTES_PER_INPUT_BYTE of heap per byte: past what the heap holds, the run is
 * refused here rather than ended by V8 ("JavaScript heap out of memory"). The size to ask for is rounded up to GiB.
 */
function heapRefusal(heapInput: number, heapNeeded: number, format: InputFormat): string {
  const heap = heapInput * HEAP_BYTES_PER_INPUT_BYTE;
  const neededMiB = Math.ceil(heapNeeded / 2 ** 30) * 1024;
  const what = format === 'json'
    ? `the input needs about ${formatBytes(heapNeeded)} of heap in all (about ${heapBytesPerInputByte('json')} bytes per byte of JSON, ${HEAP_BYTES_PER_INPUT_BYTE} per byte of YAML), more than Node's heap of ${formatBytes(heap)} can hold`
    : `the input is larger than ${formatBytes(heapInput)} in all, what Node's heap of ${formatBytes(heap)} can hold (about ${HEAP_BYTES_PER_INPUT_BYTE} bytes of heap per input byte)`;
  return `${what}; not read; raise the heap too: NODE_OPTIONS=--max-old-space-size=${neededMiB}`;
}

function stdinText(set: ObjectSet, limits: InputLimits, hint: string): string | undefined {
  const read = readBounded(0, limits.maxBytes, limits.pipeTimeoutMs);
  if (read.ok) return decodeText(read.bytes);
  set.errors.push(new InputError(`<stdin>: ${read.reason}${read.tooLarge === true ? hint : ''}`, { file: '<stdin>' }));
  return undefined;
}

/** A CliContext.readStdin past its limit throws an InputError: it is a problem of the set like any other. */
function givenStdin(set: ObjectSet, read: () => string, hint: string): string | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    set.errors.push(error instanceof InputTooLargeError ? new InputError(`${error.message}${hint}`, error.location) : error);
    return undefined;
  }
}

/**
 * Standard input as text within the object limits, for a CliContext.readStdin: a pipe or a file is read to
 * its end, `< /dev/zero` stops at the limit with an InputError instead of growing until the process dies.
 */
export function readStdinBounded(limits: Partial<InputLimits> = {}): string {
  const all: InputLimits = { ...DEFAULT_INPUT_LIMITS, ...limits };
  const read = readBounded(0, all.maxBytes, all.pipeTimeoutMs);
  if (!read.ok) {
    const message = `<stdin>: ${read.reason}`;
    throw read.tooLarge === true ? new InputTooLargeError(message, { file: '<stdin>' }) : new InputError(message, { file: '<stdin>' });
  }
  return decodeText(read.bytes);
}

/** A file's bytes offered to `deferBytes`: undefined when it takes them (the file counts as read), else their text. */
function deferOrDecode(set: ObjectSet, bytes: Buffer, file: string, options: Pick<LoadOptions, 'deferBytes'>, shape: SourceShape): string | undefined {
  if (options.deferBytes?.(bytes, shape, file, set.objects.length) !== true) return shape.text ?? decodeText(bytes);
  set.files.push(file);
  return undefined;
}

/** Adds the objects of one file's bytes to the set (without the loader's bounds): offered to `deferBytes` first. */
export function addBytes(set: ObjectSet, bytes: Buffer, file: string, options: Pick<LoadOptions, 'defaultNamespace' | 'limits' | 'deferBytes'> = {}): void {
  const text = deferOrDecode(set, bytes, file, options, sourceShape(bytes));
  if (text !== undefined) addText(set, text, file, options);
}

/** Adds the objects of one YAML/JSON text to the set. */
export function addText(set: ObjectSet, text: string, file: string, options: Pick<LoadOptions, 'defaultNamespace' | 'limits'> = {}, yamlBudget?: () => boolean): void {
  const json = parseJsonText(text, file, options.limits);
  // Not taken by the JSON fast path after all: parsed with positions, if the heap bound still holds it.
  if (!json && yamlBudget && !yamlBudget()) return;
  set.files.push(file);
  addParsed(set, json ?? parseYamlText(text, file, options.limits), options);
}

/** Adds the objects of parsed documents (of one text) to the set. */
export function addParsed(set: ObjectSet, parsed: ParsedText, options: Pick<LoadOptions, 'defaultNamespace'> = {}): void {
  set.errors.push(...parsed.errors);
  (set.warnings ??= []).push(...parsed.warnings);
  const namespace = options.defaultNamespace ?? 'default';
  for (const doc of parsed.documents) {
    addValue(set, doc.value, [], doc.location, (path) => doc.locate(path), namespace);
  }
}

function addValue(
  set: ObjectSet,
  value: unknown,
  prefix: FieldPath,
  location: SourceLocation,
  locateInDoc: (path: FieldPath) => SourceLocation | undefined,
  defaultNamespace: string,
): void {
  if (value === null || value === undefined) return;
  if (!isRecord(value) || typeof value.kind !== 'string' || value.kind === '') {
    set.errors.push(new InputError(`${printable(formatLocation(location))}: not a Kubernetes object (no kind)`, location));
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
      addValue(set, implied, itemPath, itemLocation, locateInDoc, defaultNamespace);
    });
    return;
  }
  const locate = (path: FieldPath): SourceLocation | undefined => locateInDoc([...prefix, ...path]);
  const where = (path: FieldPath): string => printable(formatLocation(locate(path) ?? location));
  const shape = checkObjectShape(value);
  for (const w of shape.warnings) (set.warnings ??= []).push(new InputError(`${where(w.path)}: ${value.kind}: ${printable(w.message)}`, locate(w.path) ?? location));
  if (shape.reject) {
    set.errors.push(new InputError(`${where(shape.reject.path)}: ${value.kind}: ${printable(shape.reject.message)}`, locate(shape.reject.path) ?? location));
    return;
  }
  const object = value as KubeObject;
  const namespace = effectiveNamespace(object.kind, object.metadata.namespace, defaultNamespace);
  if (namespace === undefined) delete object.metadata.namespace;
  else object.metadata.namespace = namespace;
  set.objects.push({ object, location, locate });
}

function withImpliedKind(item: unknown, listKind: string, apiVersion: unknown): unknown {
  if (!isRecord(item) || typeof item.kind === 'string') return item;
  return { apiVersion, kind: listKind.slice(0, -'List'.length), ...item };
}
