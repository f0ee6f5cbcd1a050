import type { Connection, Endpoint } from './list.js';
import { connsToJson, formatConns } from './ports.js';
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

function row(c: Connection): object {
  return { src: c.src.id, dst: c.dst.id, conn: formatConns(c.conns), ports: connsToJson(c.conns) };
}

/** JSON.stringify(value, null, 2) of an element nested `depth` levels deep, as it would appear in a whole document. */
function nested(value: unknown, depth: number): string {
  return printableJson(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** `<ns>/<name>[<Kind>] => <ns>/<name>[<Kind>] : <conns>`, one line per connection (netpol-analyzer's txt). */
function writeRows(out: ReturnType<typeof chunked>, conns: readonly Connection[], format: 'text' | 'csv' | 'md' | 'json' | 'json-compat', info?: ReadingInfo): void {
  switch (format) {
    case 'text':
      out.push(readingComment(info, '# '));
      for (const c of conns) out.push(`${printable(c.src.id)} => ${printable(c.dst.id)} : ${formatConns(c.conns)}\n`);
      return;
    case 'csv':
      out.push(readingComment(info, '# '));
      out.push('src,dst,conn\n');
      for (const c of conns) out.push(`${csvField(c.src.id)},${csvField(c.dst.id)},${csvField(formatConns(c.conns))}\n`);
      return;
    case 'md': {
      const reading = readingComment(info, '> ');
      if (reading !== '') out.push(`${reading}\n`);
      out.push('| src | dst | conn |\n|-----|-----|------|\n');
      for (const c of conns) out.push(`| ${mdEsc(c.src.id)} | ${mdEsc(c.dst.id)} | ${mdEsc(formatConns(c.conns))} |\n`);
      return;
    }
    case 'json':
      // The same text as JSON.stringify({hostNetwork, connections}, null, 2), written row by row.
      out.push('{\n');
      if (info) out.push(`  "hostNetwork": ${nested(info, 1)},\n`);
      if (conns.length === 0) out.push('  "connections": []\n}\n');
      else {
        out.push('  "connections": [\n');
        conns.forEach((c, i) => out.push(`${i === 0 ? '' : ',\n'}    ${nested(row(c), 2)}`));
        out.push('\n  ]\n}\n');
      }
      return;
    case 'json-compat':
      // netpol-analyzer's `-o json`: a top-level array of {src, dst, conn}.
      if (conns.length === 0) out.push('[]\n');
      else {
        out.push('[\n');
        conns.forEach((c, i) => out.push(`${i === 0 ? '' : ',\n'}  ${nested({ src: c.src.id, dst: c.dst.id, conn: formatConns(c.conns) }, 1)}`));
        out.push('\n]\n');
      }
  }
}

/** Endpoints grouped by namespace ('' for external ranges) in namespace order, each with a stable node id. */
function groupEndpoints(conns: readonly Connection[], nodes: readonly Endpoint[]): { ids: Map<string, string>; groups: [string, Endpoint[]][] } {
  const all = new Map<string, Endpoint>();
  // Every workload is drawn, connected or not (an isolated workload is the interesting one).
  for (const n of nodes) all.set(n.key, n);
  for (const c of conns) {
    all.set(c.src.key, c.src);
    all.set(c.dst.key, c.dst);
  }
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

function writeDot(out: ReturnType<typeof chunked>, conns: readonly Connection[], info: ReadingInfo | undefined, nodes: readonly Endpoint[]): void {
  const { ids, groups } = groupEndpoints(conns, nodes);
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
  for (const c of conns) out.push(`\t${ids.get(c.src.key)} -> ${ids.get(c.dst.key)} [label=${q(formatConns(c.conns))}]\n`);
  out.push('}\n');
}

function writeMermaid(out: ReturnType<typeof chunked>, conns: readonly Connection[], info: ReadingInfo | undefined, nodes: readonly Endpoint[]): void {
  const { ids, groups } = groupEndpoints(conns, nodes);
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
  for (const c of conns) out.push(`  ${ids.get(c.src.key)} -->|${q(formatConns(c.conns))}| ${ids.get(c.dst.key)}\n`);
}

/** Writes the connections in a format, in chunks, as they are formatted. `nodes`: workloads DOT/mermaid also draw. */
export function writeList(write: Write | { stdout: Write }, conns: readonly Connection[], format: ListWriteFormat, info?: ReadingInfo, nodes: readonly Endpoint[] = []): void {
  const out = chunked(typeof write === 'function' ? write : (s) => write.stdout(s));
  if (format === 'dot') writeDot(out, conns, info, nodes);
  else if (format === 'mermaid') writeMermaid(out, conns, info, nodes);
  else writeRows(out, conns, format, info);
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
