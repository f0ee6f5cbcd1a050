import { closeSync, fstatSync, lstatSync, openSync, readFileSync, readSync, readdirSync, type Stats } from 'node:fs';
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

  readText(nodePath: string): ReadResult<string> {
    try {
      return { ok: true, value: readFileSync(this.real(nodePath), 'utf8') };
    } catch (error) {
      return failure(error);
    }
  }

  /** Reads at most `limit` bytes from the start of a file (used to look for a version string in a binary). */
  readBytes(nodePath: string, limit: number): ReadResult<Buffer> {
    let fd: number | undefined;
    try {
      fd = openSync(this.real(nodePath), 'r');
      const size = Math.min(fstatSync(fd).size, limit);
      const buffer = Buffer.alloc(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, buffer, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      return { ok: true, value: buffer.subarray(0, read) };
    } catch (error) {
      return failure(error);
    } finally {
      if (fd !== undefined) closeSync(fd);
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
      const dir = resolveInRoot(this.root, posix.dirname(posix.normalize(nodePath)));
      if (dir.error) throw dir.error;
      return { ok: true, value: lstatSync(this.hostPath(posix.join(dir.path, posix.basename(nodePath)))) };
    } catch (error) {
      return failure(error);
    }
  }

  /** The node path a path leads to after every symlink, resolved inside the root (see resolveInRoot). */
  resolve(nodePath: string): string {
    return resolveInRoot(this.root, nodePath).path;
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
