import type { CollectWarning } from '../../domain/node-facts.js';

/** Warnings kept per file; the rest are counted in one "and N more" line, so a hostile file cannot flood the report. */
export const MAX_WARNINGS_PER_FILE = 20;

/** Keeps the first `limit` warnings of each file in order, and after the last kept one a line saying how many were left out. */
export function capWarnings(warnings: readonly CollectWarning[], limit = MAX_WARNINGS_PER_FILE): CollectWarning[] {
  const seen = new Map<string, number>();
  for (const w of warnings) {
    const file = w.location?.file;
    if (file !== undefined) seen.set(file, (seen.get(file) ?? 0) + 1);
  }
  const kept = new Map<string, number>();
  const out: CollectWarning[] = [];
  for (const w of warnings) {
    const file = w.location?.file;
    if (file === undefined) {
      out.push(w);
      continue;
    }
    const n = (kept.get(file) ?? 0) + 1;
    kept.set(file, n);
    if (n <= limit) out.push(w);
    const total = seen.get(file) ?? 0;
    if (n === limit && total > limit) {
      const more = total - limit;
      out.push({ message: `${file}: and ${more} more warning${more === 1 ? '' : 's'}`, location: { file } });
    }
  }
  return out;
}
