import { printable, printableJson } from '../domain/printable.js';
import type { Connection } from './list.js';
import { compareConnections } from './list.js';
import { connsToJson, equals, formatConns } from './ports.js';

export interface ConnectionDiff {
  added: Connection[];
  removed: Connection[];
  changed: { before: Connection; after: Connection }[];
}

function key(c: Connection): string {
  return `${c.src.id}\u0000${c.dst.id}`;
}

/**
 * Connections of B not in A (added), of A not in B (removed), and pairs whose connections differ (changed).
 * External ranges are compared as written: a range cut differently in A and B is one removed and one added.
 */
export function diffConnections(a: readonly Connection[], b: readonly Connection[]): ConnectionDiff {
  const before = new Map(a.map((c) => [key(c), c]));
  const after = new Map(b.map((c) => [key(c), c]));
  const diff: ConnectionDiff = { added: [], removed: [], changed: [] };
  for (const [k, c] of after) {
    const old = before.get(k);
    if (!old) diff.added.push(c);
    else if (!equals(old.conns, c.conns)) diff.changed.push({ before: old, after: c });
  }
  for (const [k, c] of before) if (!after.has(k)) diff.removed.push(c);
  diff.added.sort(compareConnections);
  diff.removed.sort(compareConnections);
  diff.changed.sort((x, y) => compareConnections(x.after, y.after));
  return diff;
}

export function isEmptyDiff(d: ConnectionDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}

/** `+` added, `-` removed, `~` changed (`before -> after`), all sorted by source then destination. */
export function diffText(d: ConnectionDiff): string {
  const lines: { c: Connection; line: string }[] = [
    ...d.added.map((c) => ({ c, line: `+ ${printable(c.src.id)} => ${printable(c.dst.id)} : ${formatConns(c.conns)}` })),
    ...d.removed.map((c) => ({ c, line: `- ${printable(c.src.id)} => ${printable(c.dst.id)} : ${formatConns(c.conns)}` })),
    ...d.changed.map(({ before, after }) => ({ c: after, line: `~ ${printable(after.src.id)} => ${printable(after.dst.id)} : ${formatConns(before.conns)} -> ${formatConns(after.conns)}` })),
  ];
  lines.sort((x, y) => compareConnections(x.c, y.c) || (x.line < y.line ? -1 : 1));
  const summary = `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`;
  return `${[...lines.map((l) => l.line), summary].join('\n')}\n`;
}

export function diffJson(d: ConnectionDiff): string {
  const row = (c: Connection): object => ({ src: c.src.id, dst: c.dst.id, conn: formatConns(c.conns), ports: connsToJson(c.conns) });
  return `${printableJson(JSON.stringify({
    added: d.added.map(row),
    removed: d.removed.map(row),
    changed: d.changed.map(({ before, after }) => ({ src: after.src.id, dst: after.dst.id, before: formatConns(before.conns), after: formatConns(after.conns) })),
  }, null, 2))}\n`;
}
