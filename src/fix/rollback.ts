import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { FixWriteError } from './errors.js';
import { readBackup, sha256 } from './backup.js';
import { withLock } from './lock.js';
import { markRolledBack, restore } from './writer.js';

export interface RollbackResult {
  id: string;
  files: string[];
  perms: number;
  /** Files that were changed again after the fix (restored anyway: the backup is the state before the fix). */
  changedSince: string[];
}

/** Restores a backup (the latest when no id is given): exact bytes, mode and owner of every file, then modes and owners. */
export function rollback(root: string, id: string | undefined, now: Date): RollbackResult {
  return withLock(root, now, () => {
    const { dir, manifest } = readBackup(root, id);
    const changedSince = manifest.files.filter((f) => {
      try {
        const current = sha256(readFileSync(posix.join(root, f.path)));
        return current !== f.sha256After && current !== f.sha256;
      } catch {
        return true;
      }
    }).map((f) => f.path);
    const failed = restore(root, dir, manifest, manifest.files.map((f) => f.path), manifest.perms);
    if (failed.length > 0) throw new FixWriteError(`rollback of ${manifest.id} failed for ${failed.join(', ')}`);
    markRolledBack(dir, manifest);
    return { id: manifest.id, files: manifest.files.map((f) => f.path), perms: manifest.perms.length, changedSince };
  });
}
