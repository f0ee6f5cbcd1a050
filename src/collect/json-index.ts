import type { Document } from 'yaml';
import type { SourceLocation } from '../domain/evidence.js';
import type { FieldPath, ParsedText } from './yaml-source.js';
import { DEFAULT_YAML_LIMITS } from './input-limits.js';
import { backslashesOf, numberEnd, stringsAreJson } from './json-grammar.js';
import { offsetInItem, stringEnd } from './json-source.js';

/**
 * One element of the `items` array of a `kubectl get -o json` List, found without parsing it: where it is, and
 * its kind, metadata.namespace and metadata.name as JSON.parse would read them (last key wins), when that is certain.
 */
export interface IndexedItem {
  /** [start, end) of the item's text. */
  start: number;
  end: number;
  line: number;
  column: number;
  kind?: string;
  namespace?: string;
  name?: string;
  /**
   * kind or metadata could not be read without parsing the item: an escape sequence in a key or value that
   * matters, a non-string kind, name or namespace, or a metadata that is not an object.
   */
  uncertain: boolean;
  /** It has a key among the `flagKeys` of the index, or a key with an escape sequence (which may spell one). */
  flagged: boolean;
}

export interface JsonListIndex {
  text: string;
  file: string;
  /** Offset, line and column of the List object's `{`. */
  root: number;
  rootLine: number;
  rootColumn: number;
  /** Offsets of the `[` and `]` of the List's `items`. */
  itemsOpen: number;
  itemsClose: number;
  items: IndexedItem[];
}

const S_VALUE = 0; // a value is expected (top level, after `:`, after `,` in an array)
const S_ARRAY_FIRST = 1; // after `[`: a value or `]`
const S_OBJECT_FIRST = 2; // after `{`: a key or `}`
const S_KEY = 3; // after `,` in an object: a key
const S_COLON = 4;
const S_AFTER = 5; // after a value: `,`, a closing bracket, or the end

const OBJECT = 1;
const ARRAY = 2;

interface Escapes {
  /** Offsets of every backslash of the text, in order (all inside strings, in valid JSON). */
  at: number[];
  /** The first of them not before the string last asked about. */
  next: number;
}

/** Has the string [from, to) a backslash? Strings must be asked about in order. */
function escaped(e: Escapes, from: number, to: number): boolean {
  while (e.next < e.at.length && (e.at[e.next] as number) < from) e.next++;
  return e.next < e.at.length && (e.at[e.next] as number) < to;
}

/** The string's raw text when it has no escape sequence; otherwise undefined: not certain. */
function plain(text: string, e: Escapes, from: number, to: number): string | undefined {
  return escaped(e, from, to) ? undefined : text.slice(from, to);
}

/** Is the key [from, to) one of `keys`? */
function isKey(text: string, keys: readonly string[], from: number, to: number): boolean {
  for (const k of keys) if (k.length === to - from && text.startsWith(k, from)) return true;
  return false;
}

/**
 * One pass over a JSON text that checks its grammar and finds the elements of
 * the top-level object's `items` array, each with its kind/namespace/name. Undefined when the text is not
 * such an object, is not valid JSON as far as the pass checks, nests deeper than `maxDepth`, or its top-level keys
 * use escapes: the caller then reads the text the ordinary way, which reports the error with its position.
 * Strings are skipped by searching for their closing quote; their contents are checked after the pass, over the
 * whole text at once (stringsAreJson).
 */
export function indexJsonList(text: string, file: string, maxDepth: number = DEFAULT_YAML_LIMITS.maxDepth, flagKeys: readonly string[] = []): JsonListIndex | undefined {
  const flagLengths = new Set(flagKeys.map((k) => k.length));
  // An escape takes at least 2 characters (`\\n`) and at most 6 (`\\u006b`) for one.
  const shortestEscaped = Math.min(...flagKeys.map((k) => k.length)) + 1;
  const longestEscaped = 6 * Math.max(0, ...flagKeys.map((k) => k.length));
  const n = text.length;
  const stack = new Uint8Array(maxDepth + 1);
  const items: IndexedItem[] = [];
  let depth = 0;
  let state = S_VALUE;
  let line = 1;
  let lineStart = 0;
  let root = -1;
  let rootLine = 1;
  let rootColumn = 1;
  let itemsOpen = -1;
  let itemsClose = -1;
  let inItems = false;
  let rootKeyItems = false;
  let cur: IndexedItem | undefined;
  // The last key of the item object (depth 3) and of its metadata object (depth 4).
  let itemKey = '';
  let inMeta = false;
  let metaKey = '';
  // Tabs and carriage returns outside strings (whitespace); inside strings they are not JSON.
  let tabs = 0;
  let returns = 0;
  // Strings are visited in order, so one cursor over the backslashes tells whether a string has an escape.
  const escapes: Escapes = { at: backslashesOf(text), next: 0 };
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c === 10) {
      // Indentation: most of a pretty-printed text.
      line++;
      lineStart = i + 1;
      do c = text.charCodeAt(++i);
      while (c === 32);
      if (i >= n) break;
      if (c === 10) {
        i--;
        continue;
      }
    }
    if (c === 32) continue;
    if (c === 9 || c === 13) {
      if (c === 9) tabs++;
      else returns++;
      continue;
    }
    const valueState = state === S_VALUE || state === S_ARRAY_FIRST;
    if (valueState && depth <= 4) {
      // A value starts: the hooks of the depths that matter.
      if (depth === 0) {
        if (c !== 123 || root >= 0) return undefined;
        root = i;
        rootLine = line;
        rootColumn = i - lineStart + 1;
      } else if (depth === 2 && inItems) {
        if (c !== 123) return undefined; // an item that is not an object: the ordinary path reports it
        cur = { start: i, end: -1, line, column: i - lineStart + 1, uncertain: false, flagged: false };
      } else if (depth === 3 && cur) {
        if ((itemKey === 'kind' && c !== 34) || (itemKey === 'metadata' && c !== 123)) cur.uncertain = true;
      } else if (depth === 4 && inMeta && cur && (metaKey === 'name' || metaKey === 'namespace') && c !== 34) {
        cur.uncertain = true;
      }
    }
    if (c === 34) {
      const j = stringEnd(text, i);
      if (j < 0) return undefined;
      if (state === S_OBJECT_FIRST || state === S_KEY) {
        if (cur && !cur.flagged && depth >= 3) {
          // A flagged key, spelled plainly or (at most 6 characters per character) with escapes.
          const length = j - i - 1;
          if (flagLengths.has(length) && isKey(text, flagKeys, i + 1, j)) cur.flagged = true;
          else if (length >= shortestEscaped && length <= longestEscaped && escaped(escapes, i + 1, j)) cur.flagged = true;
        }
        if (depth === 1) {
          const key = plain(text, escapes, i + 1, j);
          if (key === undefined) return undefined;
          if (key === 'items' && itemsOpen >= 0) return undefined; // a second `items`: JSON.parse keeps the last one
          rootKeyItems = key === 'items';
        } else if (depth === 3 && cur) {
          const key = plain(text, escapes, i + 1, j);
          if (key === undefined) cur.uncertain = true;
          itemKey = key ?? '';
        } else if (depth === 4 && inMeta && cur) {
          const key = plain(text, escapes, i + 1, j);
          if (key === undefined) cur.uncertain = true;
          metaKey = key ?? '';
        }
        state = S_COLON;
      } else if (valueState) {
        if (depth === 3 && cur && itemKey === 'kind') {
          const v = plain(text, escapes, i + 1, j);
          if (v === undefined) cur.uncertain = true;
          else cur.kind = v;
        } else if (depth === 4 && inMeta && cur && (metaKey === 'name' || metaKey === 'namespace')) {
          const v = plain(text, escapes, i + 1, j);
          if (v === undefined) cur.uncertain = true;
          else if (metaKey === 'name') cur.name = v;
          else cur.namespace = v;
        }
        state = S_AFTER;
      } else return undefined;
      i = j;
      continue;
    }
    if (c === 123 || c === 91) {
      if (!valueState || depth >= maxDepth) return undefined;
      if (depth === 1 && c === 91 && rootKeyItems) {
        inItems = true;
        itemsOpen = i;
      }
      if (depth === 3 && cur && itemKey === 'metadata' && c === 123) {
        // A later `metadata` replaces an earlier one as a whole (JSON.parse keeps the last key).
        inMeta = true;
        metaKey = '';
        delete cur.name;
        delete cur.namespace;
      }
      if (depth === 2 && inItems) itemKey = '';
      stack[depth++] = c === 123 ? OBJECT : ARRAY;
      state = c === 123 ? S_OBJECT_FIRST : S_ARRAY_FIRST;
      continue;
    }
    if (c === 125 || c === 93) {
      const want = c === 125 ? OBJECT : ARRAY;
      if (depth === 0 || stack[depth - 1] !== want) return undefined;
      if (!(state === S_AFTER || (c === 125 && state === S_OBJECT_FIRST) || (c === 93 && state === S_ARRAY_FIRST))) return undefined;
      depth--;
      state = S_AFTER;
      if (depth === 3 && inMeta) inMeta = false;
      else if (depth === 2 && cur) {
        cur.end = i + 1;
        items.push(cur);
        cur = undefined;
      } else if (depth === 1 && inItems) {
        inItems = false;
        itemsClose = i;
      }
      continue;
    }
    if (c === 58) {
      if (state !== S_COLON) return undefined;
      state = S_VALUE;
      continue;
    }
    if (c === 44) {
      if (state !== S_AFTER || depth === 0) return undefined;
      state = stack[depth - 1] === OBJECT ? S_KEY : S_VALUE;
      continue;
    }
    if (!valueState) return undefined;
    let end = -1;
    if (c === 116 && text.startsWith('true', i)) end = i + 4;
    else if (c === 102 && text.startsWith('false', i)) end = i + 5;
    else if (c === 110 && text.startsWith('null', i)) end = i + 4;
    else if (c === 45 || (c >= 48 && c <= 57)) end = numberEnd(text, i);
    if (end < 0) return undefined;
    // A literal or number runs up to a delimiter: `truex`, `01` are not JSON.
    const next = text.charCodeAt(end);
    if (end < n && !(next === 32 || next === 10 || next === 13 || next === 9 || next === 44 || next === 93 || next === 125)) return undefined;
    state = S_AFTER;
    i = end - 1;
  }
  if (depth !== 0 || state !== S_AFTER || root < 0 || itemsOpen < 0 || itemsClose < 0) return undefined;
  if (!stringsAreJson(text, escapes.at, line - 1, tabs, returns)) return undefined;
  return { text, file, root, rootLine, rootColumn, itemsOpen, itemsClose, items };
}

/** Position of `offset` inside item `item`, counted from the item's own start. */
function positionIn(index: JsonListIndex, item: IndexedItem, offset: number): SourceLocation {
  let line = item.line;
  let lineStart = item.start - item.column + 1;
  for (let k = index.text.indexOf('\n', item.start); k >= 0 && k < offset; k = index.text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { file: index.file, line, column: offset - lineStart + 1 };
}

/**
 * The List with only the chosen items parsed (JSON.parse of each item's text); the others are holes of a sparse
 * `items` array, so every parsed item keeps its index (and `items[i]` paths their meaning). Positions as
 * json-source.ts gives them: an item's start, a field inside it by parsing that item alone. Undefined when the
 * List's own fields or a chosen item are not valid JSON: the caller then reads the text the ordinary way.
 */
export function parseIndexedItems(index: JsonListIndex, chosen: (i: number) => boolean): ParsedText | undefined {
  const { text } = index;
  let list: unknown;
  const items: unknown[] = [];
  items.length = index.items.length;
  try {
    list = JSON.parse(text.slice(0, index.itemsOpen + 1) + text.slice(index.itemsClose));
    index.items.forEach((item, i) => {
      if (chosen(i)) items[i] = JSON.parse(text.slice(item.start, item.end));
    });
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof RangeError) return undefined;
    throw error;
  }
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return undefined;
  (list as { items: unknown[] }).items = items;
  const docs = new Map<number, Document.Parsed>();
  const locate = (path: FieldPath): SourceLocation | undefined => {
    if (path.length === 0) return { file: index.file, line: index.rootLine, column: index.rootColumn };
    const [head, i, ...rest] = path;
    const item = head === 'items' && typeof i === 'number' ? index.items[i] : undefined;
    if (!item || typeof i !== 'number') return undefined;
    if (rest.length === 0) return { file: index.file, line: item.line, column: item.column };
    const offset = offsetInItem(docs, text, i, item.start, item.end, rest);
    return offset === undefined ? undefined : positionIn(index, item, offset);
  };
  return { documents: [{ value: list, location: locate([]) as SourceLocation, locate }], errors: [], warnings: [] };
}
