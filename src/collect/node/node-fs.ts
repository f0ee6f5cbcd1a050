import { closeSync, fstatSync, lstatSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';

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
      return { ok: true, value: readFileSync(this.hostPath(this.resolve(nodePath)), 'utf8') };
    } catch (error) {
      return failure(error);
    }
  }

  /** Reads at most `limit` bytes from the start of a file (used to look for a version string in a binary). */
  readBytes(nodePath: string, limit: number): ReadResult<Buffer> {
    let fd: number | undefined;
    try {
      fd = openSync(this.hostPath(this.resolve(nodePath)), 'r');
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
      return { ok: true, value: readdirSync(this.hostPath(this.resolve(nodePath))).sort(byCodeUnit) };
    } catch (error) {
      return failure(error);
    }
  }

  lstat(nodePath: string): ReadResult<Stats> {
    try {
      return { ok: true, value: lstatSync(this.hostPath(nodePath)) };
    } catch (error) {
      return failure(error);
    }
  }

  /**
   * Follows symlinks (at most 40, like Linux) with absolute targets taken inside the root.
   * Returns the final node path; a dangling or looping link returns the last path reached.
   */
  resolve(nodePath: string): string {
    let current = posix.normalize(nodePath);
    for (let hop = 0; hop < 40; hop++) {
      let target: string;
      try {
        target = readlinkSync(this.hostPath(current));
      } catch {
        // Not a symlink, or unreadable: the caller's read reports the real reason.
        return current;
      }
      current = posix.isAbsolute(target) ? posix.normalize(target) : posix.join(posix.dirname(current), target);
    }
    return current;
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
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
  return { ok: false, code, reason: describeCode(code, error) };
}

/** Short, stable reasons (no host paths, which would leak the --root prefix into the facts). */
function describeCode(code: string, error: unknown): string {
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'ENOTDIR': return 'not a directory';
    case 'EACCES': return 'permission denied';
    case 'EPERM': return 'operation not permitted';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return error instanceof Error ? error.message : String(error);
  }
}

/** True when a read failed because the file is not there (as opposed to unreadable). */
export function isAbsent(result: { ok: false; code: string }): boolean {
  return result.code === 'ENOENT' || result.code === 'ENOTDIR';
}
