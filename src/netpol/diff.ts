import { printable, printableJson } from '../domain/printable.js';
import type { Connection, Endpoint } from './list.js';
import { compareConnections, externalEndpoint } from './list.js';
import { connsToJson, equals, formatConns, isEmpty, NO_CONNS, type ConnSet } from './ports.js';
import type { ReadingInfo } from './reading.js';
import type { IpRange } from './ip.js';

export interface ConnectionDiff {
  added: Connection[];
  removed: Connection[];
  changed: { before: Connection; after: Connection }[];
  workloadsAdded: string[];
  workloadsRemoved: string[];
}

type Side = 'before' | 'after';
/** One workload's connections towards (or from) external addresses of one family, as sorted disjoint ranges. */
interface ExternalRow { workload: Endpoint; outgoing: boolean; runs: { range: IpRange; conns: ConnSet }[] }

function split(conns: readonly Connection[]): { pods: Map<string, Connection>; externals: Map<string, ExternalRow> } {
  const pods = new Map<string, Connection>();
  const externals = new Map<string, ExternalRow>();
  for (const c of conns) {
    const ext = c.src.type === 'external' ? c.src : c.dst.type === 'external' ? c.dst : undefined;
    if (!ext || ext.type !== 'external') {
      pods.set(`${c.src.id}\u0000${c.dst.id}`, c);
      continue;
    }
    const outgoing = c.dst === ext;
    const workload = outgoing ? c.src : c.dst;
    const key = `${outgoing ? '>' : '<'}${workload.id}\u0000${ext.range.family}`;
    let row = externals.get(key);
    if (!row) externals.set(key, (row = { workload, outgoing, runs: [] }));
    row.runs.push({ range: ext.range, conns: c.conns });
  }
  for (const row of externals.values()) row.runs.sort((x, y) => (x.range.first < y.range.first ? -1 : 1));
  return { pods, externals };
}

/**
 * The two sides' ranges cut at every boundary of either (a common partition), each piece with its connections
 * before and after; pieces equal on both sides drop out and adjacent pieces with the same change merge.
 */
function rangeChanges(a: ExternalRow | undefined, b: ExternalRow | undefined): { range: IpRange; before: ConnSet; after: ConnSet }[] {
  const runs = { before: a?.runs ?? [], after: b?.runs ?? [] };
  const family = ((a ?? b) as ExternalRow).runs[0]?.range.family ?? 4;
  const cuts = [...new Set([...runs.before, ...runs.after].flatMap((r) => [r.range.first, r.range.last + 1n]))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const at = { before: 0, after: 0 };
  const connsAt = (side: Side, address: bigint): ConnSet => {
    const list = runs[side];
    while (at[side] < list.length && (list[at[side]] as { range: IpRange }).range.last < address) at[side]++;
    const run = list[at[side]];
    return run && run.range.first <= address ? run.conns : NO_CONNS;
  };
  const out: { range: IpRange; before: ConnSet; after: ConnSet }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const first = cuts[i] as bigint;
    const last = (cuts[i + 1] as bigint) - 1n;
    const before = connsAt('before', first);
    const after = connsAt('after', first);
    if (equals(before, after)) continue;
    const prev = out[out.length - 1];
    if (prev && prev.range.last + 1n === first && equals(prev.before, before) && equals(prev.after, after)) prev.range = { ...prev.range, last };
    else out.push({ range: { family, first, last }, before, after });
  }
  return out;
}

/**
 * Connections of B not in A (added), of A not in B (removed), pairs whose connections differ (changed), and the
 * workloads only one side has. External ranges are compared over a common partition of both sides' ranges, so a
 * range cut differently in A and B shows only the addresses whose connections really changed.
 */
export function diffConnections(a: readonly Connection[], b: readonly Connection[], workloadsA: readonly string[] = [], workloadsB: readonly string[] = []): ConnectionDiff {
  const before = split(a);
  const after = split(b);
  const inA = new Set(workloadsA);
  const inB = new Set(workloadsB);
  const diff: ConnectionDiff = {
    added: [], removed: [], changed: [],
    workloadsAdded: [...inB].filter((w) => !inA.has(w)).sort(),
    workloadsRemoved: [...inA].filter((w) => !inB.has(w)).sort(),
  };
  for (const [k, c] of after.pods) {
    const old = before.pods.get(k);
    if (!old) diff.added.push(c);
    else if (!equals(old.conns, c.conns)) diff.changed.push({ before: old, after: c });
  }
  for (const [k, c] of before.pods) if (!after.pods.has(k)) diff.removed.push(c);
  for (const key of new Set([...before.externals.keys(), ...after.externals.keys()])) {
    const rowA = before.externals.get(key);
    const rowB = after.externals.get(key);
    const row = (rowB ?? rowA) as ExternalRow;
    for (const change of rangeChanges(rowA, rowB)) {
      const ext = externalEndpoint(change.range);
      const conn = (conns: ConnSet): Connection => (row.outgoing ? { src: row.workload, dst: ext, conns } : { src: ext, dst: row.workload, conns });
      if (isEmpty(change.before)) diff.added.push(conn(change.after));
      else if (isEmpty(change.after)) diff.removed.push(conn(change.before));
      else diff.changed.push({ before: conn(change.before), after: conn(change.after) });
    }
  }
  diff.added.sort(compareConnections);
  diff.removed.sort(compareConnections);
  diff.changed.sort((x, y) => compareConnections(x.after, y.after));
  return diff;
}

export function isEmptyDiff(d: ConnectionDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0 && d.workloadsAdded.length === 0 && d.workloadsRemoved.length === 0;
}

export interface DiffLine {
  mark: '+' | '-' | '~';
  src: string;
  dst: string;
  /** Connections after (added, changed) or before (removed). */
  conn: string;
  before?: string;
  c: Connection;
}

/** Every connection change, sorted by source then destination. */
export function diffLines(d: ConnectionDiff): DiffLine[] {
  const line = (mark: DiffLine['mark'], c: Connection, before?: ConnSet): DiffLine =>
    ({ mark, src: c.src.id, dst: c.dst.id, conn: formatConns(c.conns), ...(before ? { before: formatConns(before) } : {}), c });
  const lines = [
    ...d.added.map((c) => line('+', c)),
    ...d.removed.map((c) => line('-', c)),
    ...d.changed.map(({ before, after }) => line('~', after, before.conns)),
  ];
  return lines.sort((x, y) => compareConnections(x.c, y.c) || (x.mark < y.mark ? -1 : 1));
}

export function diffSummary(d: ConnectionDiff): string {
  const workloads = d.workloadsAdded.length + d.workloadsRemoved.length > 0 ? `; workloads: ${d.workloadsAdded.length} added, ${d.workloadsRemoved.length} removed` : '';
  return `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed${workloads}`;
}

/** `+`/`-` workload lines, then `+` added, `-` removed, `~` changed (`before -> after`), then a count line. */
export function diffText(d: ConnectionDiff): string {
  const workloads = [...d.workloadsRemoved.map((w) => ({ w, l: `- workload ${printable(w)}` })), ...d.workloadsAdded.map((w) => ({ w, l: `+ workload ${printable(w)}` }))]
    .sort((x, y) => (x.w < y.w ? -1 : x.w > y.w ? 1 : 0)).map((x) => x.l);
  const conns = diffLines(d).map((l) => `${l.mark} ${printable(l.src)} => ${printable(l.dst)} : ${l.before !== undefined ? `${l.before} -> ` : ''}${l.conn}`);
  return `${[...workloads, ...conns, diffSummary(d)].join('\n')}\n`;
}

export function diffJson(d: ConnectionDiff, info?: ReadingInfo): string {
  const row = (c: Connection): object => ({ src: c.src.id, dst: c.dst.id, conn: formatConns(c.conns), ports: connsToJson(c.conns) });
  return `${printableJson(JSON.stringify({
    ...(info ? { hostNetwork: info } : {}),
    added: d.added.map(row),
    removed: d.removed.map(row),
    changed: d.changed.map(({ before, after }) => ({ src: after.src.id, dst: after.dst.id, before: formatConns(before.conns), after: formatConns(after.conns) })),
    workloadsAdded: d.workloadsAdded,
    workloadsRemoved: d.workloadsRemoved,
  }, null, 2))}\n`;
}
