import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubefort } from '../helpers/cli.js';
import { goldenIn } from '../helpers/golden.js';

/** Runs `kubefort verify ARGS` in `cwd` with captured output. */
export async function runVerify(args: string[], cwd: string, stdin = ''): Promise<{ code: number; out: string; err: string }> {
  return kubefort(['verify', ...args], { cwd, readStdin: () => stdin });
}

/** Compares with test/golden/binaries/<name>; `UPDATE_GOLDEN=1` rewrites the file (then review the diff). */
export const assertGolden = goldenIn('binaries');

/** Runs `body` with a fresh temporary directory, removed afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
