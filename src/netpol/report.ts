import type { Connection, Endpoint } from './list.js';
import { connsToJson, formatConns } from './ports.js';
import { pushTo } from './multimap.js';
import { readingComment, type ReadingInfo } from './reading.js';

export const LIST_FORMATS = ['text', 'json', 'csv', 'md', 'dot', 'mermaid'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** `<ns>/<name>[<Kind>] => <ns>/<name>[<Kind>] : <conns>`, one line per connection (netpol-analyzer's txt). */
export function listText(conns: readonly Connection[], info?: ReadingInfo): string {
  return readingComment(info, '# ') + conns.map((c) => `${c.src.id} => ${c.dst.id} : ${formatConns(c.conns)}\n`).join('');
}

export function listJson(conns: readonly Connection[], info?: ReadingInfo): string {
  const rows = conns.map((c) => ({ src: c.src.id, dst: c.dst.id, conn: formatConns(c.conns), ports: connsToJson(c.conns) }));
  return `${JSON.stringify({ ...(info ? { hostNetwork: info } : {}), connections: rows }, null, 2)}\n`;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function listCsv(conns: readonly Connection[], info?: ReadingInfo): string {
  return [readingComment(info, '# '), 'src,dst,conn\n', ...conns.map((c) => `${csvField(c.src.id)},${csvField(c.dst.id)},${csvField(formatConns(c.conns))}\n`)].join('');
}

export function listMarkdown(conns: readonly Connection[], info?: ReadingInfo): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const reading = readingComment(info, '> ');
  return [...(reading === '' ? [] : [reading, '\n']), '| src | dst | conn |\n', '|-----|-----|------|\n', ...conns.map((c) => `| ${esc(c.src.id)} | ${esc(c.dst.id)} | ${esc(formatConns(c.conns))} |\n`)].join('');
}

/** Endpoints grouped by namespace ('' for external ranges) in namespace order, each with a stable node id. */
function groupEndpoints(conns: readonly Connection[]): { ids: Map<string, string>; groups: [string, Endpoint[]][] } {
  const all = new Map<string, Endpoint>();
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

export function listDot(conns: readonly Connection[], info?: ReadingInfo): string {
  const { ids, groups } = groupEndpoints(conns);
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = [...readingLines(info, '// '), 'digraph {'];
  let cluster = 0;
  for (const [ns, endpoints] of groups) {
    const indent = ns === '' ? '\t' : '\t\t';
    if (ns !== '') lines.push(`\tsubgraph cluster_${cluster++} {`, `\t\tlabel=${q(ns)}`);
    for (const e of endpoints) lines.push(`${indent}${ids.get(e.key)} [label=${q(label(e))}${e.type === 'external' ? ' shape=box' : ''}]`);
    if (ns !== '') lines.push('\t}');
  }
  for (const c of conns) lines.push(`\t${ids.get(c.src.key)} -> ${ids.get(c.dst.key)} [label=${q(formatConns(c.conns))}]`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function listMermaid(conns: readonly Connection[], info?: ReadingInfo): string {
  const { ids, groups } = groupEndpoints(conns);
  const q = (s: string): string => `"${s.replace(/"/g, '#quot;')}"`;
  const lines = [...readingLines(info, '%% '), 'graph LR'];
  let sub = 0;
  for (const [ns, endpoints] of groups) {
    const indent = ns === '' ? '  ' : '    ';
    if (ns !== '') lines.push(`  subgraph ns${sub++}[${q(ns)}]`);
    for (const e of endpoints) lines.push(`${indent}${ids.get(e.key)}${e.type === 'external' ? `[${q(label(e))}]` : `(${q(label(e))})`}`);
    if (ns !== '') lines.push('  end');
  }
  for (const c of conns) lines.push(`  ${ids.get(c.src.key)} -->|${q(formatConns(c.conns))}| ${ids.get(c.dst.key)}`);
  return `${lines.join('\n')}\n`;
}

function readingLines(info: ReadingInfo | undefined, prefix: string): string[] {
  const c = readingComment(info, prefix);
  return c === '' ? [] : [c.trimEnd()];
}

export function renderList(conns: readonly Connection[], format: ListFormat, info?: ReadingInfo): string {
  switch (format) {
    case 'json':
      return listJson(conns, info);
    case 'csv':
      return listCsv(conns, info);
    case 'md':
      return listMarkdown(conns, info);
    case 'dot':
      return listDot(conns, info);
    case 'mermaid':
      return listMermaid(conns, info);
    default:
      return listText(conns, info);
  }
}
