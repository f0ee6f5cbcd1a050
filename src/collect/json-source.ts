import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { SourceLocation } from '../domain/evidence.js';
import { parseYamlText, type FieldPath, type ParsedText, type SourceDocument } from './yaml-source.js';
import { DEFAULT_YAML_LIMITS, type YamlLimits } from './input-limits.js';

/**
 * Below this size a JSON text goes through the YAML path like any other (positions of every node, duplicate-key
 * warnings); above it, `kubectl get -o json` output takes the fast path.
 */
export const JSON_FAST_PATH_MIN = 1024 * 1024;

/**
 * Would the fast path take this text: offset of its first non-space character when the text is large enough and
 * starts as a JSON object or array; -1 otherwise.
 */
export function jsonStart(text: string): number {
  if (text.length < JSON_FAST_PATH_MIN) return -1;
  const first = text.search(/\S/);
  return first >= 0 && (text[first] === '{' || text[first] === '[') ? first : -1;
}

/** Offset of the quote closing the JSON string whose opening quote is at `open`, or -1 when it is not closed. */
export function stringEnd(text: string, open: number): number {
  let j = open + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return j;
    j++;
  }
}

/** Offsets of each element of the top-level `items` array of a JSON object text: [start, end) per element. */
function itemSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let lastKey = '';
  let inItems = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const j = stringEnd(text, i);
      if (j < 0) return spans;
      if (depth === 1 && j - i < 64) lastKey = text.slice(i + 1, j);
      i = j;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 1 && c === 91 && lastKey === 'items') inItems = true;
      else if (inItems && depth === 2) start = i;
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (inItems && depth === 2 && start >= 0) {
        spans.push([start, i + 1]);
        start = -1;
      } else if (inItems && depth === 1) inItems = false;
    }
  }
  return spans;
}

/**
 * Offset in `text` of the field `path` of item `index`, whose text is [start, end): found by parsing that item
 * alone (once; `docs` keeps it). Undefined when the item has no such field.
 */
export function offsetInItem(docs: Map<number, Document.Parsed>, text: string, index: number, start: number, end: number, path: FieldPath): number | undefined {
  let doc = docs.get(index);
  if (!doc) docs.set(index, (doc = parseDocument(text.slice(start, end), { lineCounter: new LineCounter(), uniqueKeys: false })));
  const node = doc.getIn(path, true);
  return isNode(node) && node.range ? start + node.range[0] : undefined;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * `kubectl get -o json` output without paying for the position of every node: the values come from JSON.parse;
 * positions are computed when asked — an item's start from one scan of the text, a field inside an item by parsing
 * that item alone. Undefined when the text is small, not JSON, or not valid JSON (the YAML path then reports the
 * error with its file:line:column).
 */
export function parseJsonText(text: string, file: string, limits: Partial<YamlLimits> = {}): ParsedText | undefined {
  // Beyond the loader's bounds the YAML path refuses the text with its message.
  if (text.length > (limits.maxBytes ?? DEFAULT_YAML_LIMITS.maxBytes)) return undefined;
  const first = jsonStart(text);
  if (first < 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Invalid JSON, or nesting deeper than JSON.parse can take: the YAML path reports it with its position or bound.
    if (error instanceof SyntaxError || error instanceof RangeError) return undefined;
    throw error;
  }
  let starts: number[] | undefined;
  const at = (offset: number): SourceLocation => {
    starts ??= lineStarts(text);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
  let spans: [number, number][] | undefined;
  const items = new Map<number, Document.Parsed>();
  let whole: SourceDocument | undefined;
  const locate = (path: FieldPath): SourceLocation | undefined => {
    if (path.length === 0) return at(first);
    const [head, index, ...rest] = path;
    if (head === 'items' && typeof index === 'number') {
      spans ??= itemSpans(text);
      const span = spans[index];
      if (!span) return undefined;
      if (rest.length === 0) return at(span[0]);
      const offset = offsetInItem(items, text, index, span[0], span[1], rest);
      return offset === undefined ? undefined : at(offset);
    }
    // Anything else (a single object, not a List): the positions of the whole text, once.
    whole ??= parseYamlText(text, file, limits).documents[0];
    return whole?.locate(path);
  };
  return { documents: [{ value, location: at(first), locate }], errors: [], warnings: [] };
}
