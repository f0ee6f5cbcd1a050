import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

/**
 * Reading files that may be anything: a node file replaced by a FIFO (opening it for reading blocks until a
 * writer appears), a character device (/dev/zero never ends), a sparse file of gigabytes. Only regular files are
 * read: the type is checked with lstat before opening and with fstat on the descriptor, which is opened
 * non-blocking (a FIFO swapped in between the two checks then opens at once and is refused by fstat) and
 * without following a last symlink. Whatever is read is bounded by a limit chosen for what the file is.
 */

const MiB = 1024 * 1024;

/** Limits per kind of file, in bytes: each is far above what real files of that kind hold. */
export const READ_LIMITS = {
  /** KubeletConfiguration, KubeProxyConfiguration, a static pod manifest: kilobytes in practice. */
  config: 4 * MiB,
  /** systemd units, their drop-ins and EnvironmentFiles. */
  unit: 4 * MiB,
  /** /proc/<pid>/cmdline and environ: Linux caps argv+envp far below this (ARG_MAX, a quarter of the stack limit). */
  proc: 1 * MiB,
  /** /etc/passwd, /etc/group. */
  accounts: 4 * MiB,
  /** /etc/hostname. */
  small: 64 * 1024,
  /** Files named on kubefort's command line: checksum files, certificates, signatures, bundles, trusted roots, facts. */
  input: 16 * MiB,
  /** `bench --facts`: what `collect` writes, at most a few MiB even for a node with thousands of pki files. */
  facts: 64 * MiB,
} as const;

/** Why a file was not read; `code` is stable (the errno, or ENOTREG / EFBIG as below), `message` is the wording. */
export class UnreadableFileError extends Error {
  constructor(readonly code: 'ENOTREG' | 'EFBIG', message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/** `is a FIFO`, `is a character device`, ...: how a file that is not a regular file is reported. */
export function fileTypeWords(stats: Stats): string {
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isFIFO()) return 'is a FIFO';
  if (stats.isCharacterDevice()) return 'is a character device';
  if (stats.isBlockDevice()) return 'is a block device';
  if (stats.isSocket()) return 'is a socket';
  if (stats.isSymbolicLink()) return 'is a symbolic link';
  return 'is not a regular file';
}

/** Throws unless `stats` is a regular file. A directory keeps EISDIR, as every reader words it already. */
export function requireRegular(stats: Stats): void {
  if (stats.isFile()) return;
  if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  throw new UnreadableFileError('ENOTREG', fileTypeWords(stats));
}

export function limitWords(limit: number): string {
  return limit % MiB === 0 ? `${limit / MiB} MiB` : `${Math.round(limit / 1024)} KiB`;
}

export function tooLarge(limit: number, what: string): UnreadableFileError {
  return new UnreadableFileError('EFBIG', `larger than ${limitWords(limit)}, the limit for ${what}`);
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW | constants.O_NOCTTY;

/**
 * Opens a regular file non-blocking (see above) and returns its descriptor and fstat; the caller closes it.
 * Node paths are opened without following a last symlink (NodeFs resolved it inside the root already); a file
 * named on the command line (`follow`) may be a symlink, and the file it reaches must be regular.
 */
export function openRegularSync(hostPath: string, options: { follow?: boolean } = {}): { fd: number; stats: Stats } {
  const follow = options.follow === true;
  requireRegular(follow ? statSync(hostPath) : lstatSync(hostPath));
  const fd = openSync(hostPath, follow ? OPEN_FLAGS & ~constants.O_NOFOLLOW : OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    requireRegular(stats);
    return { fd, stats };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * The whole content of a regular file of at most `limit` bytes; a larger one throws EFBIG without being read
 * further (the size is checked as bytes arrive: /proc files report size 0, sparse files report what they claim).
 * With `truncate`, the first `limit` bytes are returned instead of an error.
 */
export function readRegularSync(hostPath: string, limit: number, what: string, truncate = false): Buffer {
  const { fd } = openRegularSync(hostPath);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunkSize = 64 * 1024;
    for (;;) {
      const want = Math.min(chunkSize, limit + 1 - total);
      if (want <= 0) break;
      const chunk = Buffer.allocUnsafe(want);
      const n = readSync(fd, chunk, 0, want, null);
      if (n === 0) break;
      chunks.push(n === want ? chunk : chunk.subarray(0, n));
      total += n;
    }
    const data = Buffer.concat(chunks, total);
    if (total > limit) {
      if (truncate) return data.subarray(0, limit);
      throw tooLarge(limit, what);
    }
    return data;
  } finally {
    closeSync(fd);
  }
}

/**
 * Async open of a regular file named on the command line (a binary to hash, a checksum list), for streaming.
 * A symlink there is the user's choice and is followed; the file it reaches must be regular.
 */
export async function openRegular(hostPath: string): Promise<FileHandle> {
  requireRegular(await stat(hostPath));
  const handle = await open(hostPath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    requireRegular(await handle.stat());
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** The whole content of a regular file named on the command line, at most `limit` bytes. */
export async function readRegular(hostPath: string, limit: number, what: string): Promise<Buffer> {
  const handle = await openRegular(hostPath);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(1024 * 1024, limit + 1 - total);
      if (want <= 0) break;
      const chunk = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(chunk, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > limit) throw tooLarge(limit, what);
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
