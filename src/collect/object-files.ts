import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../domain/errors.js';
import { fsErrorReason } from '../domain/fs-errors.js';
import { printable } from '../domain/printable.js';
import { formatBytes } from './input-limits.js';
import { fileTypeWords } from './node/bounded-read.js';

const OBJECT_FILE = /\.(ya?ml|json)$/i;

/** The bytes as read (object-text.ts decodes them). `tooLarge`: refused for its size alone, so a caller can say how to raise the limit. */
export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; reason: string; tooLarge?: true };

function tooLarge(maxBytes: number): ReadResult {
  return { ok: false, reason: `larger than ${formatBytes(maxBytes)} (the limit for one file); not read`, tooLarge: true };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Reads at most `maxBytes` from an open descriptor. A pipe with nothing to read yet (EAGAIN, the descriptor is
 * non-blocking) is polled until its writer closes it or `timeoutMs` passes; a device that never ends
 * (/dev/zero, /dev/urandom) stops at the limit. Nothing here can block the process for ever.
 */
export function readBounded(fd: number, maxBytes: number, timeoutMs: number, first?: Buffer): ReadResult {
  const chunks: Buffer[] = first === undefined ? [] : [first];
  let total = first?.length ?? 0;
  if (total > maxBytes) return tooLarge(maxBytes);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EAGAIN') return { ok: false, reason: `cannot read: ${fsErrorReason(error)}` };
      if (Date.now() > deadline) return { ok: false, reason: `no end of input after ${Math.round(timeoutMs / 1000)} s` };
      Atomics.wait(sleeper, 0, 0, 10);
      continue;
    }
    if (n === 0) break;
    chunks.push(buffer.subarray(0, n));
    total += n;
    if (total > maxBytes) return tooLarge(maxBytes);
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}

/**
 * A regular file of `size` bytes (fstat) is read into one buffer of that size, without a copy per chunk; one
 * that grew since the fstat goes on in chunks up to the bound.
 */
function readRegular(fd: number, size: number, maxBytes: number, timeoutMs: number): ReadResult {
  const buffer = Buffer.allocUnsafe(size + 1);
  let total = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
      if (total === buffer.length) return readBounded(fd, maxBytes, timeoutMs, buffer);
    }
  } catch (error) {
    return { ok: false, reason: `cannot read: ${fsErrorReason(error)}` };
  }
  return { ok: true, bytes: buffer.subarray(0, total) };
}

/**
 * Reads one object file. Regular files and pipes (`<(kubectl get ...)`) are read; devices and sockets are not
 * files of objects and are refused by their type. The open is non-blocking, so a FIFO without a writer does
 * not hang, and the type is taken from the open descriptor (fstat), so it cannot change between check and read.
 */
export function readObjectFile(path: string, maxBytes: number, timeoutMs: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, reason: `cannot read: ${fsErrorReason(error)}` };
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isFile()) {
      if (stats.size > maxBytes) return tooLarge(maxBytes);
      return readRegular(fd, stats.size, maxBytes, timeoutMs);
    }
    if (stats.isFIFO()) return readBounded(fd, maxBytes, timeoutMs);
    return { ok: false, reason: `${fileTypeWords(stats)}, not a file of objects; not read` };
  } finally {
    closeSync(fd);
  }
}

function pathError(path: string, reason: string): InputError {
  return new InputError(printable(`${path}: ${reason}`), { file: path });
}

/**
 * The object files a path names: the path itself, or for a folder every *.yaml, *.yml and *.json below it,
 * sorted. Like `kubectl apply -R -f`, symbolic links to files are read and links to folders are not followed
 * (no loops). A folder that cannot be listed is an error for that folder; the rest is still found.
 */
export function expandPath(path: string, errors: InputError[]): string[] {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    errors.push(pathError(path, `cannot read: ${fsErrorReason(error)}`));
    return [];
  }
  if (!stats.isDirectory()) return [path];
  const files: string[] = [];
  const pending = [path];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push(pathError(dir, `cannot read folder: ${fsErrorReason(error)}`));
      continue;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (OBJECT_FILE.test(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && !linksToFolder(full)))) files.push(full);
    }
  }
  return files.sort();
}

/** A link to a folder is not followed; a dangling link is kept, so that reading it reports the error. */
function linksToFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // dangling or unreadable: reading the file says why
  }
}
