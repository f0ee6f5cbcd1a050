import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { materializeCase, removeMaterialized } from '../../scripts/materialize-fixture.mjs';

/** True when fixture owners (uid:gid from MODES) are applied: chown needs root. */
export const ownersApplied = process.getuid?.() === 0;

/**
 * Copies test/fixtures/cis/<caseName> to a fresh temp directory with the modes (and, as root, the owners)
 * of its MODES file, and returns that directory: a --root for the collector.
 */
export function materializeNodeFixture(caseName: string): string {
  const dest = mkdtempSync(join(tmpdir(), `kubefort-${caseName}-`));
  materializeCase(caseName, dest);
  return dest;
}

export function removeNodeFixture(root: string): void {
  removeMaterialized(root);
}

/**
 * A fresh temp directory holding the given files (node path -> content), for a test that writes its small node
 * inline instead of keeping a fixture directory. Remove it with removeNodeFixture.
 */
export function writeNodeRoot(files: Readonly<Record<string, string>>, label = 'node'): string {
  const root = mkdtempSync(join(tmpdir(), `kubefort-${label}-`));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
