import { diffJson, diffLines, diffSummary, diffText, type ConnectionDiff } from './diff.js';
import { readingComment, type ReadingInfo } from './reading.js';
import { chunked, type Write } from './report.js';

export const DIFF_FORMATS = ['text', 'json', 'csv', 'md', 'dot'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

const CHANGE = { '+': 'added', '-': 'removed', '~': 'changed' } as const;

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The diff in a format: text and JSON (diff.ts), CSV and Markdown (`change,src,dst,before,after` as
 * netpol-analyzer's diff writes them), DOT (edges coloured: added green, removed red dashed, changed orange).
 */
export function writeDiff(write: Write, d: ConnectionDiff, format: DiffFormat, info?: ReadingInfo): void {
  const out = chunked(write);
  const lines = diffLines(d);
  const before = (l: (typeof lines)[number]): string => (l.mark === '+' ? '' : l.mark === '-' ? l.conn : (l.before ?? ''));
  const after = (l: (typeof lines)[number]): string => (l.mark === '-' ? '' : l.conn);
  if (format === 'text') out.push(readingComment(info, '# ') + diffText(d));
  else if (format === 'json') out.push(diffJson(d, info));
  else if (format === 'csv') {
    out.push(readingComment(info, '# '));
    out.push('change,src,dst,before,after\n');
    for (const w of d.workloadsRemoved) out.push(`workload removed,${csvField(w)},,,\n`);
    for (const w of d.workloadsAdded) out.push(`workload added,${csvField(w)},,,\n`);
    for (const l of lines) out.push(`${CHANGE[l.mark]},${csvField(l.src)},${csvField(l.dst)},${csvField(before(l))},${csvField(after(l))}\n`);
  } else if (format === 'md') {
    const esc = (s: string): string => s.replace(/\|/g, '\\|');
    const reading = readingComment(info, '> ');
    if (reading !== '') out.push(`${reading}\n`);
    out.push('| change | src | dst | before | after |\n|--------|-----|-----|--------|-------|\n');
    for (const w of d.workloadsRemoved) out.push(`| workload removed | ${esc(w)} | | | |\n`);
    for (const w of d.workloadsAdded) out.push(`| workload added | ${esc(w)} | | | |\n`);
    for (const l of lines) out.push(`| ${CHANGE[l.mark]} | ${esc(l.src)} | ${esc(l.dst)} | ${esc(before(l))} | ${esc(after(l))} |\n`);
    out.push(`\n${diffSummary(d)}\n`);
  } else {
    const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const ids = new Map<string, string>();
    const id = (name: string): string => {
      let v = ids.get(name);
      if (v === undefined) ids.set(name, (v = `n${ids.size}`));
      return v;
    };
    const edges: string[] = [];
    for (const l of lines) {
      const style = l.mark === '+' ? 'color=green' : l.mark === '-' ? 'color=red style=dashed' : 'color=orange';
      const text = l.mark === '~' ? `${l.before ?? ''} -> ${l.conn}` : l.conn;
      edges.push(`\t${id(l.src)} -> ${id(l.dst)} [label=${q(text)} ${style}]\n`);
    }
    for (const w of [...d.workloadsAdded, ...d.workloadsRemoved]) id(w);
    out.push(readingComment(info, '// '));
    out.push('digraph {\n');
    const added = new Set(d.workloadsAdded);
    const removed = new Set(d.workloadsRemoved);
    for (const [name, n] of ids) out.push(`\t${n} [label=${q(name)}${added.has(name) ? ' color=green' : removed.has(name) ? ' color=red style=dashed' : ''}${name.endsWith('[External]') ? ' shape=box' : ''}]\n`);
    for (const e of edges) out.push(e);
    out.push('}\n');
  }
  out.flush();
}
