import type { Connection, Endpoint } from './list.js';
import { connsToJson, formatConns, type ConnSet } from './ports.js';
import { pushTo } from './multimap.js';
import { readingComment, type ReadingInfo } from './reading.js';
import { printable, printableJson } from '../domain/printable.js';

export const LIST_FORMATS = ['text', 'json', 'csv', 'md', 'dot', 'mermaid'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
/** `json-compat`: netpol-analyzer's top-level JSON array (`--json-compat`). */
export type ListWriteFormat = ListFormat | 'json-compat';

/** Where output goes, chunk by chunk: the report is never held as one string. */
export type Write = (chunk: string) => void;

const CHUNK = 64 * 1024;

/** Collects small pieces into chunks of about 64 KiB before handing them on (one write per chunk, not per line). */
export function chunked(write: Write): { push: (s: string) => void; flush: () => void } {
  let buffer: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (buffer.length > 0) write(buffer.join(''));
    buffer = [];
    size = 0;
  };
  return {
    push: (s) => {
      buffer.push(s);
      size += s.length;
      if (size >= CHUNK) flush();
    },
    flush,
  };
}

function csvField(raw: string): string {
  const s = printable(raw);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const mdEsc = (s: string): string => printable(s).replace(/\|/g, '\\|');

/** JSON.stringify(value, null, 2) of an element nested `depth` levels deep, as it would appear in a whole document. */
function nested(value: unknown, depth: number): string {
  return printableJson(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** One connection as a row source hands it on: `text` is formatConns(conns). */
export type Row = (src: Endpoint, dst: Endpoint, conns: ConnSet, text: string) => void;
/** The connections in output order; called a second time for DOT and mermaid, which draw every endpoint first. */
export type Rows = (row: Row) => void;

export function rowsOf(conns: readonly Connection[]): Rows {
  return (row) => {
    for (const c of conns) row(c.src, c.dst, c.conns, formatConns(c.conns));
  };
}

/** Memoises a string form per endpoint object (a source's rows come together, so the last one is kept at hand). */
function perEndpoint(format: (e: Endpoint) => string): (e: Endpoint) => string {
  const cache = new Map<Endpoint, string>();
  let last: Endpoint | undefined;
  let lastText = '';
  return (e) => {
    if (e === last) return lastText;
    let t = cache.get(e);
    if (t === undefined) cache.set(e, (t = format(e)));
    last = e;
    lastText = t;
    return t;
  };
}

/** Memoises a string form per connection text (a cluster has few distinct connection sets). */
function perConns(format: (conns: ConnSet, text: string) => string): (conns: ConnSet, text: string) => string {
  const cache = new Map<string, string>();
  return (conns, text) => {
    let t = cache.get(text);
    if (t === undefined) cache.set(text, (t = format(conns, text)));
    return t;
  };
}

/** The JSON of one element from its `"conn"` member on: the part that depends on the connections only. */
function jsonTail(value: { src: ''; dst: ''; conn: string }, depth: number): string {
  const whole = nested(value, depth);
  return whole.slice(whole.indexOf('"conn"'));
}

/** `<ns>/<name>[<Kind>] => <ns>/<name>[<Kind>] : <conns>`, one line per connection (netpol-analyzer's txt). */
function writeRows(out: ReturnType<typeof chunked>, rows: Rows, format: 'text' | 'csv' | 'md' | 'json' | 'json-compat', info?: ReadingInfo): void {
  switch (format) {
    case 'text': {
      out.push(readingComment(info, '# '));
      const id = perEndpoint((e) => printable(e.id));
      rows((src, dst, _conns, text) => out.push(`${id(src)} => ${id(dst)} : ${text}\n`));
      return;
    }
    case 'csv': {
      out.push(readingComment(info, '# '));
      out.push('src,dst,conn\n');
      const id = perEndpoint((e) => csvField(e.id));
      const conn = perConns((_c, text) => csvField(text));
      rows((src, dst, conns, text) => out.push(`${id(src)},${id(dst)},${conn(conns, text)}\n`));
      return;
    }
    case 'md': {
      const reading = readingComment(info, '> ');
      if (reading !== '') out.push(`${reading}\n`);
      out.push('| src | dst | conn |\n|-----|-----|------|\n');
      const id = perEndpoint((e) => mdEsc(e.id));
      const conn = perConns((_c, text) => mdEsc(text));
      rows((src, dst, conns, text) => out.push(`| ${id(src)} | ${id(dst)} | ${conn(conns, text)} |\n`));
      return;
    }
    case 'json': {
      // The same text as JSON.stringify({hostNetwork, connections}, null, 2), written row by row: each element
      // {src, dst, conn, ports} at depth 2, its src and dst put in front of the (shared) text of its connections.
      out.push('{\n');
      if (info) out.push(`  "hostNetwork": ${nested(info, 1)},\n`);
      const id = perEndpoint((e) => printableJson(JSON.stringify(e.id)));
      const tail = perConns((conns, text) => jsonTail({ src: '', dst: '', conn: text, ports: connsToJson(conns) } as { src: ''; dst: ''; conn: string }, 2));
      let first = true;
      rows((src, dst, conns, text) => {
        out.push(`${first ? '  "connections": [\n' : ',\n'}    {\n      "src": ${id(src)},\n      "dst": ${id(dst)},\n      ${tail(conns, text)}`);
        first = false;
      });
      out.push(first ? '  "connections": []\n}\n' : '\n  ]\n}\n');
      return;
    }
    case 'json-compat': {
      // netpol-analyzer's `-o json`: a top-level array of {src, dst, conn}.
      const id = perEndpoint((e) => printableJson(JSON.stringify(e.id)));
      const tail = perConns((_c, text) => jsonTail({ src: '', dst: '', conn: text }, 1));
      let first = true;
      rows((src, dst, conns, text) => {
        out.push(`${first ? '[\n' : ',\n'}  {\n    "src": ${id(src)},\n    "dst": ${id(dst)},\n    ${tail(conns, text)}`);
        first = false;
      });
      out.push(first ? '[]\n' : '\n]\n');
    }
  }
}

/** Endpoints grouped by namespace ('' for external ranges) in namespace order, each with a stable node id. */
function groupEndpoints(rows: Rows, nodes: readonly Endpoint[]): { ids: Map<string, string>; groups: [string, Endpoint[]][] } {
  const all = new Map<string, Endpoint>();
  // Every workload is drawn, connected or not (an isolated workload is the interesting one).
  for (const n of nodes) all.set(n.key, n);
  let last: Endpoint | undefined;
  rows((src, dst) => {
    if (src !== last) all.set(src.key, (last = src));
    all.set(dst.key, dst);
  });
  const sorted = [...all.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  const ids = new Map<string, string>();
  const groups = new Map<string, Endpoint[]>();
  sorted.forEach((e, i) => {
    ids.set(e.key, `n${i}`);
    const ns = e.type === 'workload' ? e.workload.namespace : '';
    pushTo(groups, ns, e);
  });
  return { ids, groups: [...groups].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

function label(e: Endpoint): string {
  return e.type === 'workload' && e.workload.namespace !== '' ? e.id.slice(e.workload.namespace.length + 1) : e.id;
}

function writeDot(out: ReturnType<typeof chunked>, rows: Rows, info: ReadingInfo | undefined, nodes: readonly Endpoint[]): void {
  const { ids, groups } = groupEndpoints(rows, nodes);
  const q = (s: string): string => `"${printable(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  out.push(readingComment(info, '// '));
  out.push('digraph {\n');
  let cluster = 0;
  for (const [ns, endpoints] of groups) {
    const indent = ns === '' ? '\t' : '\t\t';
    if (ns !== '') out.push(`\tsubgraph cluster_${cluster++} {\n\t\tlabel=${q(ns)}\n`);
    for (const e of endpoints) out.push(`${indent}${ids.get(e.key)} [label=${q(label(e))}${e.type === 'external' ? ' shape=box' : ''}]\n`);
    if (ns !== '') out.push('\t}\n');
  }
  const connLabel = perConns((_c, text) => q(text));
  rows((src, dst, conns, text) => out.push(`\t${ids.get(src.key)} -> ${ids.get(dst.key)} [label=${connLabel(conns, text)}]\n`));
  out.push('}\n');
}

function writeMermaid(out: ReturnType<typeof chunked>, rows: Rows, info: ReadingInfo | undefined, nodes: readonly Endpoint[]): void {
  const { ids, groups } = groupEndpoints(rows, nodes);
  const q = (s: string): string => `"${printable(s).replace(/"/g, '#quot;')}"`;
  out.push(readingComment(info, '%% '));
  out.push('graph LR\n');
  let sub = 0;
  for (const [ns, endpoints] of groups) {
    const indent = ns === '' ? '  ' : '    ';
    if (ns !== '') out.push(`  subgraph ns${sub++}[${q(ns)}]\n`);
    for (const e of endpoints) out.push(`${indent}${ids.get(e.key)}${e.type === 'external' ? `[${q(label(e))}]` : `(${q(label(e))})`}\n`);
    if (ns !== '') out.push('  end\n');
  }
  const connLabel = perConns((_c, text) => q(text));
  rows((src, dst, conns, text) => out.push(`  ${ids.get(src.key)} -->|${connLabel(conns, text)}| ${ids.get(dst.key)}\n`));
}

/** Writes the connections in a format, in chunks, as they are formatted. `nodes`: workloads DOT/mermaid also draw. */
export function writeList(write: Write | { stdout: Write }, conns: readonly Connection[] | Rows, format: ListWriteFormat, info?: ReadingInfo, nodes: readonly Endpoint[] = []): void {
  const out = chunked(typeof write === 'function' ? write : (s) => write.stdout(s));
  const rows = typeof conns === 'function' ? conns : rowsOf(conns);
  if (format === 'dot') writeDot(out, rows, info, nodes);
  else if (format === 'mermaid') writeMermaid(out, rows, info, nodes);
  else writeRows(out, rows, format, info);
  out.flush();
}

/** The whole report as one string (small inputs and tests only). */
export function renderList(conns: readonly Connection[], format: ListWriteFormat, info?: ReadingInfo, nodes: readonly Endpoint[] = []): string {
  const parts: string[] = [];
  writeList((s) => void parts.push(s), conns, format, info, nodes);
  return parts.join('');
}

export const listText = (conns: readonly Connection[], info?: ReadingInfo): string => renderList(conns, 'text', info);
export const listJson = (conns: readonly Connection[], info?: ReadingInfo): string => renderList(conns, 'json', info);
export const listCsv = (conns: readonly Connection[], info?: ReadingInfo): string => renderList(conns, 'csv', info);
export const listMarkdown = (conns: readonly Connection[], info?: ReadingInfo): string => renderList(conns, 'md', info);
export const listDot = (conns: readonly Connection[], info?: ReadingInfo): string => renderList(conns, 'dot', info);
export const listMermaid = (conns: readonly Connection[], info?: ReadingInfo): string => renderList(conns, 'mermaid', info);
