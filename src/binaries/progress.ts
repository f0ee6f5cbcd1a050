/** A one-line progress bar for hashing large files on a terminal (stderr only). Pure rendering + throttling. */

const MiB = 1024 * 1024;
/** Files smaller than this hash in well under a second: no bar. */
export const PROGRESS_MIN_BYTES = 64 * MiB;

export function renderProgress(name: string, done: number, total: number, width = 30): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const percent = String(Math.floor(fraction * 100)).padStart(3);
  return `\r${name} [${bar}] ${percent}% ${Math.round(done / MiB)}/${Math.round(total / MiB)} MiB`;
}

/** Erases the bar's line. */
export const CLEAR_LINE = '\r\u001b[K';

/** Returns an onProgress callback that writes at most every `intervalMs` (clock injected) and a clear at the end. */
export function progressWriter(name: string, write: (s: string) => void, now: () => number, intervalMs = 100): {
  onProgress: (done: number, total: number) => void;
  finish: () => void;
} {
  let last = -Infinity;
  let shown = false;
  return {
    onProgress(done, total) {
      if (total < PROGRESS_MIN_BYTES) return;
      const t = now();
      if (t - last < intervalMs && done < total) return;
      last = t;
      shown = true;
      write(renderProgress(name, done, total));
    },
    finish() {
      if (shown) write(CLEAR_LINE);
    },
  };
}
