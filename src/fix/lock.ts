import { readFileSync, rmSync } from 'node:fs';
import { posix } from 'node:path';
import { errnoCode, fsErrorReason } from '../domain/fs-errors.js';
import { KubefortError } from '../domain/errors.js';
import { LOCK_FILE, makeDirs, writeDurable } from './backup.js';

/** True when a process with this pid runs on this machine (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/**
 * Runs `work` holding `<root>/var/lib/kubefort/fix.lock` (created with O_EXCL): two fixes never interleave their
 * writes. A lock whose process is gone is stale and taken over.
 */
export function withLock<T>(root: string, now: Date, work: () => T): T {
  const path = posix.join(root, LOCK_FILE);
  try {
    makeDirs(posix.dirname(path));
  } catch (error) {
    throw new KubefortError(`cannot create ${posix.dirname(path)}: ${fsErrorReason(error)}; nothing was changed`);
  }
  take(path, now, true);
  try {
    return work();
  } finally {
    rmSync(path, { force: true });
  }
}

function take(path: string, now: Date, retry: boolean): void {
  try {
    writeDurable(path, `${process.pid} ${now.toISOString()}\n`, 0o600);
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw new KubefortError(`cannot create the lock ${path}: ${fsErrorReason(error)}; nothing was changed`);
    const holder = Number.parseInt(readLock(path), 10);
    if (retry && Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      rmSync(path, { force: true });
      take(path, now, false);
      return;
    }
    throw new KubefortError(`another kubefort fix is running (lock ${path}, pid ${Number.isNaN(holder) ? '?' : holder}); nothing was changed`);
  }
}

function readLock(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return fsErrorReason(error);
  }
}
