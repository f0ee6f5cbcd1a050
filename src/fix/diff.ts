/**
 * A unified diff (`diff -u` layout, 3 lines of context) between two texts. Line-based LCS: configuration files
 * are small (a kubeadm manifest is about 130 lines), and a fix changes a handful of lines.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineOps(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.op === ' ') { i++; continue; }
    let start = i;
    let end = i;
    // Extend the hunk while changes are within 2*context lines of each other.
    for (let j = i; j < ops.length; j++) {
      if (ops[j]?.op !== ' ') end = j;
      else if (j - end > 2 * context) break;
    }
    start = Math.max(0, start - context);
    const stop = Math.min(ops.length, end + context + 1);
    const slice = ops.slice(start, stop);
    const aStart = (slice[0]?.a ?? 0) + 1;
    const bStart = (slice[0]?.b ?? 0) + 1;
    const aLen = slice.filter((o) => o.op !== '+').length;
    const bLen = slice.filter((o) => o.op !== '-').length;
    hunks.push(`@@ -${aLen === 0 ? aStart - 1 : aStart},${aLen} +${bLen === 0 ? bStart - 1 : bStart},${bLen} @@`);
    for (const o of slice) hunks.push(`${o.op}${o.text}`);
    i = stop;
  }
  if (hunks.length === 0) return '';
  return [`--- ${path}`, `+++ ${path}`, ...hunks].join('\n') + '\n';
}

export interface Op { op: ' ' | '-' | '+'; text: string; a: number; b: number }

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Line operations turning `a` into `b` (longest common subsequence). */
export function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const next = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (next[j + 1] ?? 0) + 1 : Math.max(next[j] ?? 0, row[j + 1] ?? 0);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { ops.push({ op: ' ', text: a[i] ?? '', a: i, b: j }); i++; j++; }
    else if (i < n && (j === m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) { ops.push({ op: '-', text: a[i] ?? '', a: i, b: j }); i++; }
    else { ops.push({ op: '+', text: b[j] ?? '', a: i, b: j }); j++; }
  }
  return ops;
}
