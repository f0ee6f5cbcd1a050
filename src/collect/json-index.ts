import { DEFAULT_YAML_LIMITS } from './input-limits.js';
import { decodeText } from './object-text.js';
import { bytesAre, bytesEqual, numberEnd, spacesEnd, stringEnd, STRING_ESCAPED, STRING_UNICODE_ESCAPED } from './json-grammar.js';

/**
 * One element of the `items` array of a `kubectl get -o json` List, found without parsing it: where it is, and
 * its kind, metadata.namespace and metadata.name as JSON.parse would read them (last key wins), when that is certain.
 */
export interface IndexedItem {
  /** [start, end) of the item's bytes. */
  start: number;
  end: number;
  line: number;
  /** Offset of the first byte of the item's line (its column is counted from there, in characters). */
  lineStart: number;
  // Undefined when the item has none (or it is uncertain); always present, so that every item has one shape.
  kind: string | undefined;
  namespace: string | undefined;
  name: string | undefined;
  /**
   * kind or metadata could not be read without parsing the item: an escape sequence in a key or value that
   * matters, a non-string kind, name or namespace, or a metadata that is not an object.
   */
  uncertain: boolean;
  /** It has a key among the `flagKeys` of the index, or a key with an escape sequence (which may spell one). */
  flagged: boolean;
  /** A string of it has a `\u` escape: it may spell any text (bytes searched for a string cannot tell). */
  unicodeEscaped: boolean;
}

export interface JsonListIndex {
  /** The text as read, UTF-8. */
  bytes: Buffer;
  /** Every byte is ASCII: a byte offset is a character offset. */
  ascii: boolean;
  file: string;
  /** Offset and line of the List object's `{`, and the offset its line starts at. */
  root: number;
  rootLine: number;
  rootLineStart: number;
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

// The keys whose values the index reads: an item's `kind` and `metadata`, and metadata's `name` and `namespace`.
const K_OTHER = 0;
const K_KIND = 1;
const K_METADATA = 2;
const K_NAME = 3;
const K_NAMESPACE = 4;

// What may follow a literal or a number: `truex`, `01` are not JSON.
const DELIMITER = new Uint8Array(256);
for (const c of ' \n\r\t,]}') DELIMITER[c.charCodeAt(0)] = 1;

/** The ASCII string `last` when bytes [from, to) spell it again (kinds and namespaces repeat), else their text. */
function again(bytes: Buffer, from: number, to: number, last: string | undefined, ascii: boolean): string {
  return ascii && last !== undefined && bytesEqual(bytes, from, to, last) ? last : decodeText(bytes, from, to);
}

function isFlagKey(bytes: Buffer, from: number, to: number, keys: readonly string[]): boolean {
  for (const k of keys) if (bytesEqual(bytes, from, to, k)) return true;
  return false;
}

/**
 * One pass over the bytes of a JSON text that checks its grammar, strings included, and finds the elements of
 * the top-level object's `items` array, each with its kind/namespace/name. Undefined when the text is not
 * such an object, is not valid JSON, nests deeper than `maxDepth`, or its top-level keys use escapes: the caller
 * then reads the text the ordinary way, which reports the error with its position.
 */
export function indexJsonList(bytes: Buffer, file: string, maxDepth: number = DEFAULT_YAML_LIMITS.maxDepth, flagKeys: readonly string[] = [], ascii = false): JsonListIndex | undefined {
  const flagLengths = new Uint8Array(Math.max(0, ...flagKeys.map((k) => k.length)) + 1);
  for (const k of flagKeys) flagLengths[k.length] = 1;
  // An escape takes at least 2 bytes (`\\n`) and at most 6 (`\\u006b`) for one character.
  const shortestEscaped = Math.min(...flagKeys.map((k) => k.length)) + 1;
  const longestEscaped = 6 * Math.max(0, ...flagKeys.map((k) => k.length));
  const n = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack = new Uint8Array(maxDepth + 1);
  const items: IndexedItem[] = [];
  let depth = 0;
  let state = S_VALUE;
  let line = 1;
  let lineStart = 0;
  let root = -1;
  let rootLine = 1;
  let rootLineStart = 0;
  let itemsOpen = -1;
  let itemsClose = -1;
  let inItems = false;
  let rootKeyItems = false;
  let cur: IndexedItem | undefined;
  // The last key read of the item object (depth 3) and of its metadata object (depth 4).
  let itemKey = K_OTHER;
  let inMeta = false;
  let metaKey = K_OTHER;
  let lastKind: string | undefined;
  let lastNamespace: string | undefined;
  for (let i = 0; i < n; i++) {
    let c = bytes[i] as number;
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
      i = spacesEnd(bytes, view, i + 1);
      if (i >= n) break;
      c = bytes[i] as number;
      if (c === 0x0a) {
        i--;
        continue;
      }
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
    const valueState = state === S_VALUE || state === S_ARRAY_FIRST;
    if (valueState && depth <= 4) {
      // A value starts: the hooks of the depths that matter.
      if (depth === 0) {
        if (c !== 0x7b || root >= 0) return undefined;
        root = i;
        rootLine = line;
        rootLineStart = lineStart;
      } else if (depth === 2 && inItems) {
        if (c !== 0x7b) return undefined; // an item that is not an object: the ordinary path reports it
        cur = { start: i, end: -1, line, lineStart, kind: undefined, namespace: undefined, name: undefined, uncertain: false, flagged: false, unicodeEscaped: false };
      } else if (depth === 3 && cur) {
        if ((itemKey === K_KIND && c !== 0x22) || (itemKey === K_METADATA && c !== 0x7b)) cur.uncertain = true;
      } else if (depth === 4 && inMeta && cur && (metaKey === K_NAME || metaKey === K_NAMESPACE) && c !== 0x22) {
        cur.uncertain = true;
      }
    }
    if (c === 0x22) {
      const s = stringEnd(bytes, view, i);
      if (s < 0) return undefined;
      const bits = s & 3;
      const plain = (bits & STRING_ESCAPED) === 0;
      const j = (s - bits) / 4;
      if (cur && (bits & STRING_UNICODE_ESCAPED) !== 0) cur.unicodeEscaped = true;
      if (state === S_OBJECT_FIRST || state === S_KEY) {
        if (cur && !cur.flagged && depth >= 3) {
          // A flagged key, spelled plainly or (at most 6 bytes per character) with escapes.
          const length = j - i - 1;
          if (plain ? flagLengths[length] === 1 && isFlagKey(bytes, i + 1, j, flagKeys) : length >= shortestEscaped && length <= longestEscaped) cur.flagged = true;
        }
        if (depth === 1) {
          if (!plain) return undefined;
          const key = bytesEqual(bytes, i + 1, j, 'items');
          if (key && itemsOpen >= 0) return undefined; // a second `items`: JSON.parse keeps the last one
          rootKeyItems = key;
        } else if (depth === 3 && cur) {
          if (!plain) cur.uncertain = true;
          itemKey = !plain ? K_OTHER : bytesEqual(bytes, i + 1, j, 'kind') ? K_KIND : bytesEqual(bytes, i + 1, j, 'metadata') ? K_METADATA : K_OTHER;
        } else if (depth === 4 && inMeta && cur) {
          if (!plain) cur.uncertain = true;
          metaKey = !plain ? K_OTHER : bytesEqual(bytes, i + 1, j, 'name') ? K_NAME : bytesEqual(bytes, i + 1, j, 'namespace') ? K_NAMESPACE : K_OTHER;
        }
        state = S_COLON;
      } else if (valueState) {
        if (depth === 3 && cur && itemKey === K_KIND) {
          if (!plain) cur.uncertain = true;
          else cur.kind = lastKind = again(bytes, i + 1, j, lastKind, ascii);
        } else if (depth === 4 && inMeta && cur && (metaKey === K_NAME || metaKey === K_NAMESPACE)) {
          if (!plain) cur.uncertain = true;
          else if (metaKey === K_NAME) cur.name = decodeText(bytes, i + 1, j);
          else cur.namespace = lastNamespace = again(bytes, i + 1, j, lastNamespace, ascii);
        }
        state = S_AFTER;
      } else return undefined;
      i = j;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (!valueState || depth >= maxDepth) return undefined;
      if (depth === 1 && c === 0x5b && rootKeyItems) {
        inItems = true;
        itemsOpen = i;
      }
      if (depth === 3 && cur && itemKey === K_METADATA && c === 0x7b) {
        // A later `metadata` replaces an earlier one as a whole (JSON.parse keeps the last key).
        inMeta = true;
        metaKey = K_OTHER;
        cur.name = undefined;
        cur.namespace = undefined;
      }
      if (depth === 2 && inItems) itemKey = K_OTHER;
      stack[depth++] = c === 0x7b ? OBJECT : ARRAY;
      state = c === 0x7b ? S_OBJECT_FIRST : S_ARRAY_FIRST;
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      const want = c === 0x7d ? OBJECT : ARRAY;
      if (depth === 0 || stack[depth - 1] !== want) return undefined;
      if (!(state === S_AFTER || (c === 0x7d && state === S_OBJECT_FIRST) || (c === 0x5d && state === S_ARRAY_FIRST))) return undefined;
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
    if (c === 0x3a) {
      if (state !== S_COLON) return undefined;
      state = S_VALUE;
      continue;
    }
    if (c === 0x2c) {
      if (state !== S_AFTER || depth === 0) return undefined;
      state = stack[depth - 1] === OBJECT ? S_KEY : S_VALUE;
      continue;
    }
    if (!valueState) return undefined;
    let end = -1;
    if (c === 0x74 && bytesAre(bytes, i, 'true')) end = i + 4;
    else if (c === 0x66 && bytesAre(bytes, i, 'false')) end = i + 5;
    else if (c === 0x6e && bytesAre(bytes, i, 'null')) end = i + 4;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) end = numberEnd(bytes, i);
    if (end < 0 || (end < n && DELIMITER[bytes[end] as number] === 0)) return undefined;
    state = S_AFTER;
    i = end - 1;
  }
  if (depth !== 0 || state !== S_AFTER || root < 0 || itemsOpen < 0 || itemsClose < 0) return undefined;
  return { bytes, ascii, file, root, rootLine, rootLineStart, itemsOpen, itemsClose, items };
}
