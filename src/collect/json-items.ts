import type { Document } from 'yaml';
import type { SourceLocation } from '../domain/evidence.js';
import type { FieldPath, ParsedText } from './yaml-source.js';
import type { IndexedItem, JsonListIndex } from './json-index.js';
import { decodeText } from './object-text.js';
import { offsetInItem } from './json-source.js';

/** Parsing the items of an indexed List (json-index.ts) that a caller chose, with positions for each. */

type Columns = (lineStart: number, offset: number) => number;

/**
 * Column (in characters, as the loader counts them) of byte `offset` on the line starting at byte `lineStart`.
 * Text that is not ASCII is decoded from the last offset asked about on the same line, so the items of a
 * one-line (minified) List, asked about in order, are decoded once in all.
 */
export function columnsOf(index: JsonListIndex): Columns {
  let line = -1;
  let at = 0;
  let chars = 0;
  return (lineStart, offset) => {
    if (index.ascii) return offset - lineStart + 1;
    if (line !== lineStart || offset < at) {
      line = lineStart;
      at = lineStart;
      chars = 0;
    }
    chars += decodeText(index.bytes, at, offset).length;
    at = offset;
    return chars + 1;
  };
}

/** Position of character `offset` of the item's text (the text of bytes [item.start, item.end)). */
function positionIn(index: JsonListIndex, columns: Columns, item: IndexedItem, itemText: string, offset: number): SourceLocation {
  let line = item.line;
  let lastNewline = -1;
  for (let k = itemText.indexOf('\n'); k >= 0 && k < offset; k = itemText.indexOf('\n', k + 1)) {
    line++;
    lastNewline = k;
  }
  const column = lastNewline < 0 ? columns(item.lineStart, item.start) + offset : offset - lastNewline;
  return { file: index.file, line, column };
}

/**
 * The List with only the chosen items parsed (JSON.parse of each item's text); the others are holes of a sparse
 * `items` array, so every parsed item keeps its index (and `items[i]` paths their meaning). Positions as
 * json-source.ts gives them: an item's start, a field inside it by parsing that item alone. Undefined when the
 * List's own fields or a chosen item are not valid JSON: the caller then reads the text the ordinary way.
 */
export function parseIndexedItems(index: JsonListIndex, chosen: (i: number) => boolean): ParsedText | undefined {
  const { bytes } = index;
  let list: unknown;
  const items: unknown[] = [];
  const texts = new Map<number, string>();
  items.length = index.items.length;
  try {
    list = JSON.parse(listShell(index));
    index.items.forEach((item, i) => {
      if (!chosen(i)) return;
      const text = decodeText(bytes, item.start, item.end);
      texts.set(i, text);
      items[i] = JSON.parse(text);
    });
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof RangeError) return undefined;
    throw error;
  }
  if (typeof list !== 'object' || list === null || Array.isArray(list)) return undefined;
  (list as { items: unknown[] }).items = items;
  const docs = new Map<number, Document.Parsed>();
  const columns = columnsOf(index);
  const rootLocation: SourceLocation = { file: index.file, line: index.rootLine, column: columns(index.rootLineStart, index.root) };
  const locate = (path: FieldPath): SourceLocation | undefined => {
    if (path.length === 0) return rootLocation;
    const [head, i, ...rest] = path;
    const item = head === 'items' && typeof i === 'number' ? index.items[i] : undefined;
    const text = typeof i === 'number' ? texts.get(i) : undefined;
    if (!item || typeof i !== 'number' || text === undefined) return undefined;
    if (rest.length === 0) return { file: index.file, line: item.line, column: columns(item.lineStart, item.start) };
    const offset = offsetInItem(docs, text, i, 0, text.length, rest);
    return offset === undefined ? undefined : positionIn(index, columns, item, text, offset);
  };
  return { documents: [{ value: list, location: rootLocation, locate }], errors: [], warnings: [] };
}

/** The List without its items: the text before `[` and after `]` of `items`, decoded. */
export function listShell(index: JsonListIndex): string {
  return decodeText(index.bytes, 0, index.itemsOpen + 1) + decodeText(index.bytes, index.itemsClose);
}
