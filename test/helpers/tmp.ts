import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
let hooked = false;

/**
 * A fresh `kubefort-<label>-*` directory under the temp dir, removed when the test process exits whatever
 * the tests did (node:test runs each file in its own process). scripts/test.mjs fails the run when a
 * `kubefort-*` entry is left behind, so a test that forgets this is caught.
 */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kubefort-${label}-`));
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const path of made) rmSync(path, { recursive: true, force: true });
    });
  }
  return dir;
}
