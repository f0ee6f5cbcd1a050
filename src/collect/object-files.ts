import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../domain/errors.js';
import { fsErrorReason } from '../domain/fs-errors.js';
import { printable } from '../domain/printable.js';
import { formatBytes } from './input-limits.js';
import { fileTypeWords } from './node/bounded-read.js';
import { decodeText } from './object-text.js';

const OBJECT_FILE = /\.(ya?ml|json)$/i;

/** `tooLarge`: refused for its size alone, so a caller can say how to raise the limit. */
export type ReadRefusal = { ok: false; reason: string; tooLarge?: true };
export type BytesResult = { ok: true; bytes: Buffer } | ReadRefusal;
export type ReadResult = { ok: true; text: string } | ReadRefusal;

function tooLarge(maxBytes: number): ReadRefusal {
  return { ok: false, reason: `larger than ${formatBytes(maxBytes)} (the limit for one file); not read`, tooLarge: true };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Reads at most `maxBytes` from an open descriptor. A pipe with nothing to read yet (EAGAIN, the descriptor is
 * non-blocking) is polled until its writer closes it or `timeoutMs` passes; a device that never ends
 * (/dev/zero, /dev/urandom) stops at the limit. Nothing here can block the process for ever.
 */
export function readBounded(fd: number, maxBytes: number, timeoutMs: number, first?: Buffer): BytesResult {
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

/** What a read ends with: the bytes, or their text (decoded where they were read, see readObjectFile). */
type Finish<R> = (buffer: Buffer, length: number) => R;
const asBytes: Finish<BytesResult> = (buffer, length) => ({ ok: true, bytes: length === buffer.length ? buffer : buffer.subarray(0, length) });
const asText: Finish<ReadResult> = (buffer, length) => ({ ok: true, text: decodeText(buffer, 0, length) });

/**
 * A regular file of `size` bytes (fstat) is read into one buffer of that size, without a copy per chunk; one
 * that grew since the fstat goes on in chunks up to the bound.
 */
function readRegular<R>(fd: number, size: number, maxBytes: number, timeoutMs: number, finish: Finish<R>): R | ReadRefusal {
  const buffer = Buffer.allocUnsafe(size + 1);
  let total = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
      if (total === buffer.length) {
        const read = readBounded(fd, maxBytes, timeoutMs, buffer);
        return read.ok ? finish(read.bytes, read.bytes.length) : read;
      }
    }
  } catch (error) {
    return { ok: false, reason: `cannot read: ${fsErrorReason(error)}` };
  }
  return finish(buffer, total);
}

/**
 * Reads one object file. Regular files and pipes (`<(kubectl get ...)`) are read; devices and sockets are not
 * files of objects and are refused by their type. The open is non-blocking, so a FIFO without a writer does
 * not hang, and the type is taken from the open descriptor (fstat), so it cannot change between check and read.
 */
function readFile<R>(path: string, maxBytes: number, timeoutMs: number, finish: Finish<R>): R | ReadRefusal {
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
      return readRegular(fd, stats.size, maxBytes, timeoutMs, finish);
    }
    if (stats.isFIFO()) {
      const read = readBounded(fd, maxBytes, timeoutMs);
      return read.ok ? finish(read.bytes, read.bytes.length) : read;
    }
    return { ok: false, reason: `${fileTypeWords(stats)}, not a file of objects; not read` };
  } finally {
    closeSync(fd);
  }
}

/** One object file's bytes (readFile), for a caller that reads them before they are decoded. */
export function readObjectBytes(path: string, maxBytes: number, timeoutMs: number): BytesResult {
  return readFile(path, maxBytes, timeoutMs, asBytes);
}

/**
 * One object file's text (readFile), decoded where it was read: a large file's buffer, passed on (or a view of
 * it) while the loader allocates, was measured to stay in memory until a full collection, well after its last
 * use (150 MB more at the peak of `netpol list` on a 195 MiB export).
 */
export function readObjectFile(path: string, maxBytes: number, timeoutMs: number): ReadResult {
  return readFile(path, maxBytes, timeoutMs, asText);
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
