import { lstatSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';

/** Linux gives up after 40 symbolic links in one lookup (ELOOP). */
const MAX_LINKS = 40;

export interface ResolvedPath {
  /** The node path reached; with an error, the path reached so far followed by the parts not resolved. */
  path: string;
  /** Why resolution stopped (ENOENT, ENOTDIR, EACCES, ELOOP): reading `path` must not be attempted then. */
  error?: NodeJS.ErrnoException;
}

/**
 * Resolves a node path inside the node's filesystem mounted at `root`, one component at a time, as the kernel
 * does under chroot: an absolute symlink target (every /proc/<pid>/exe, and many /etc links) restarts at the
 * root, `..` never climbs above it. Handing a joined path with an intermediate symlink to the OS instead would
 * follow that link on the machine kubefort runs on — in a container with the host at /host, the wrong file.
 */
export function resolveInRoot(root: string, nodePath: string): ResolvedPath {
  const pending = nodePath.split('/').filter((part) => part !== '' && part !== '.');
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '..') {
      done.pop();
      continue;
    }
    const hostPath = posix.join(root, ...done, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(hostPath).isSymbolicLink();
    } catch (error) {
      return { path: `/${[...done, part, ...pending].join('/')}`, error: error as NodeJS.ErrnoException };
    }
    if (!isLink) {
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) {
      const error = Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
      return { path: `/${[...done, part, ...pending].join('/')}`, error };
    }
    const target = readlinkSync(hostPath);
    if (target.startsWith('/')) done.length = 0;
    pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return { path: `/${done.join('/')}` };
}

/** The resolved node path; the error that stopped resolution (ENOENT, ELOOP, ...) is thrown. */
export function resolvePathInRoot(root: string, nodePath: string): string {
  const resolved = resolveInRoot(root, nodePath);
  if (resolved.error) throw resolved.error;
  return resolved.path;
}
