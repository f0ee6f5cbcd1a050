import type { SourceLocation } from '../../domain/evidence.js';
import type { CollectWarning } from '../../domain/node-facts.js';
import { READ_LIMITS } from './bounded-read.js';
import { isAbsent, type NodeFs } from './node-fs.js';

/**
 * k3s's install script writes its unit to /etc/systemd/system/k3s.service (server) or k3s-agent.service, with the
 * options given at install time on ExecStart, one per continued line and single-quoted:
 *   ExecStart=/usr/local/bin/k3s \
 *       server \
 *       '--secrets-encryption' \
 * k3s rewrites its process title to "k3s server", so on a running node /proc/<pid>/cmdline no longer shows these
 * options and the unit is where they are read. Variables ($VAR) are not expanded: the install script does not use them.
 */
const UNITS = { server: ['/etc/systemd/system/k3s.service'], agent: ['/etc/systemd/system/k3s-agent.service'] } as const;

export interface K3sUnit {
  file: string;
  /** ExecStart's words after the executable and the subcommand. */
  words: { text: string; location: SourceLocation }[];
}

export function readK3sUnit(fs: NodeFs, role: 'server' | 'agent', warnings: CollectWarning[]): K3sUnit | undefined {
  for (const file of UNITS[role]) {
    const read = fs.readText(file, READ_LIMITS.unit, 'a systemd unit');
    if (!read.ok) {
      if (!isAbsent(read)) warnings.push({ message: `cannot read ${file}: ${read.reason}`, location: { file } });
      continue;
    }
    let exec: { text: string; line: number }[] | undefined;
    for (const logical of logicalLines(read.value)) {
      const m = /^(\s*ExecStart\s*=\s*)(.*)$/.exec(logical.text);
      if (m === null) continue;
      const skip = (m[1] ?? '').length;
      exec = words(m[2] ?? '', (offset) => logical.lineOf(offset + skip));
    }
    if (exec === undefined) continue;
    const rest = exec.slice(1);
    if (rest[0]?.text === 'server' || rest[0]?.text === 'agent') rest.shift();
    return { file, words: rest.map((w) => ({ text: w.text, location: { file, line: w.line } })) };
  }
  return undefined;
}

interface Logical { text: string; line: number; lineOf: (offset: number) => number }

/** systemd joins a line ending in `\` with the next one; comments start with # or ;. */
function logicalLines(text: string): Logical[] {
  const out: Logical[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    const starts: number[] = [0];
    let joined = (lines[i] ?? '').replace(/\r$/, '');
    if (/^\s*[#;]/.test(joined)) continue;
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      joined = `${joined.slice(0, -1)} `;
      starts.push(joined.length);
      i++;
      joined += (lines[i] ?? '').replace(/\r$/, '');
    }
    out.push({ text: joined, line: first, lineOf: (offset) => first + starts.filter((s) => s <= offset).length - 1 });
  }
  return out;
}

/** Words split on whitespace, with '…' and "…" quoting (systemd's rules for ExecStart without specifiers). */
function words(text: string, lineOf: (offset: number) => number): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const start = i;
    let word = '';
    while (i < text.length && !/\s/.test(text[i] ?? '')) {
      const c = text[i] ?? '';
      if (c === '\'' || c === '"') {
        const close = text.indexOf(c, i + 1);
        const end = close === -1 ? text.length : close;
        word += text.slice(i + 1, end);
        i = end + 1;
      } else {
        word += c;
        i++;
      }
    }
    out.push({ text: word, line: lineOf(start) });
  }
  return out;
}
