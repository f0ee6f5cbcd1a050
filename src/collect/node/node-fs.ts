import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { readRegularSync } from './bounded-read.js';
import { posix } from 'node:path';
import { errnoCode, fsErrorReason } from '../../domain/fs-errors.js';
import { resolveInRoot, resolvePathInRoot } from '../root-path.js';

/**
 * Reads a node's filesystem mounted at `root` (`/` on the node, `/host` in a container).
 * Every path taken and returned is a node path (`/etc/kubernetes/...`); only this module joins it to the root.
 * Absolute symlink targets are resolved inside the root, never on the machine kubefort runs on.
 */
export class NodeFs {
  constructor(readonly root: string) {}

  /** The path on the machine kubefort runs on. */
  hostPath(nodePath: string): string {
    return posix.join(this.root, nodePath);
  }

  /**
   * The text of a regular file of at most `limit` bytes (READ_LIMITS); a FIFO, a device or a larger file is a
   * failure with the reason (`is a FIFO`, `larger than 4 MiB, the limit for ...`), never a blocking or endless read.
   */
  readText(nodePath: string, limit: number, what = 'this file'): ReadResult<string> {
    try {
      return { ok: true, value: readRegularSync(this.real(nodePath), limit, what).toString('utf8') };
    } catch (error) {
      return failure(error);
    }
  }

  /** Reads at most `limit` bytes from the start of a regular file (used to look for a version string in a binary). */
  readBytes(nodePath: string, limit: number): ReadResult<Buffer> {
    try {
      return { ok: true, value: readRegularSync(this.real(nodePath), limit, 'this file', true) };
    } catch (error) {
      return failure(error);
    }
  }

  /**
   * The text of a symlink (as /proc/<pid>/exe holds the path of the running binary), the directories above it
   * resolved inside the root. The link is read, never followed on the host.
   */
  readLink(nodePath: string): ReadResult<string> {
    try {
      return { ok: true, value: readlinkSync(this.unfollowed(nodePath)) };
    } catch (error) {
      return failure(error);
    }
  }

  /** Directory entry names, sorted by code unit (Go's sort.Strings order). */
  list(nodePath: string): ReadResult<string[]> {
    try {
      return { ok: true, value: readdirSync(this.real(nodePath)).sort(byCodeUnit) };
    } catch (error) {
      return failure(error);
    }
  }

  /** lstat of the last component; the directories above it are resolved inside the root. */
  lstat(nodePath: string): ReadResult<Stats> {
    try {
      return { ok: true, value: lstatSync(this.unfollowed(nodePath)) };
    } catch (error) {
      return failure(error);
    }
  }

  /** The node path a path leads to after every symlink, resolved inside the root (see resolveInRoot). */
  resolve(nodePath: string): string {
    return resolveInRoot(this.root, nodePath).path;
  }

  /** The host path of the last component itself, the directories above it resolved inside the root; throws when that failed. */
  private unfollowed(nodePath: string): string {
    const dir = resolveInRoot(this.root, posix.dirname(posix.normalize(nodePath)));
    if (dir.error) throw dir.error;
    return this.hostPath(posix.join(dir.path, posix.basename(nodePath)));
  }

  /** The host path to open for a node path; throws when resolution failed, so the read reports why. */
  private real(nodePath: string): string {
    return this.hostPath(resolvePathInRoot(this.root, nodePath));
  }

  exists(nodePath: string): boolean {
    return this.lstat(nodePath).ok;
  }
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; code: string; reason: string };

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function failure(error: unknown): { ok: false; code: string; reason: string } {
  // Short, stable reasons: never the host path, which would leak the --root prefix into the facts.
  return { ok: false, code: errnoCode(error) ?? 'UNKNOWN', reason: fsErrorReason(error) };
}

/** True when a read failed because the file is not there (as opposed to unreadable). */
export function isAbsent(result: { ok: false; code: string }): boolean {
  return result.code === 'ENOENT' || result.code === 'ENOTDIR';
}
