import { closeSync, read, readSync } from 'node:fs';
import { openRegularSync } from '../collect/node/bounded-read.js';
import { createHash, type Hash } from 'node:crypto';
import type { Algorithm } from './checksum-format.js';

/**
 * Streaming reads of a file that is never executed and never held in memory whole: two fixed buffers, the next
 * read in flight on the thread pool while the current chunk is hashed/scanned on the main thread.
 */

/** Anything that consumes a file chunk by chunk (hashes, the version scanner). `chunk` is reused after return. */
export interface ChunkSink {
  update(chunk: Buffer, offset: number): void;
}

export interface StreamOptions {
  /** Bytes per read; 4 MiB measured best on the project machine (docs/performance.md). */
  chunkSize?: number;
  /** Called after each chunk with bytes done and the file size at open time. */
  onProgress?: (done: number, total: number) => void;
}

const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
const MIN_CHUNK_SIZE = 16 * 1024;

/** Below this size a file is read with synchronous calls: a thread-pool round trip per call cost more than the read. */
const SMALL_FILE = 1024 * 1024;

/** Feeds every byte of `path` to every sink once; returns the byte count. Throws the fs error if unreadable. */
export async function streamFile(path: string, sinks: readonly ChunkSink[], options: StreamOptions = {}): Promise<number> {
  // Only a regular file: a FIFO would block the open, a character device (/dev/zero) would never end.
  const { fd, stats } = openRegularSync(path, { follow: true });
  try {
    // Buffers no larger than the file needs: two fresh 4 MiB buffers for each of 60,000 small files listed by
    // `--check` made the garbage collector the whole cost (docs/performance.md). The size is only a hint: reading
    // goes on to the end of the file whatever stat said.
    const size = Math.min(options.chunkSize ?? DEFAULT_CHUNK_SIZE, Math.max(MIN_CHUNK_SIZE, stats.size + 1));
    let current = Buffer.allocUnsafe(size);
    if (stats.size < SMALL_FILE) {
      let position = 0;
      for (let n = readSync(fd, current, 0, size, position); n > 0; n = readSync(fd, current, 0, size, position)) {
        for (const sink of sinks) sink.update(current.subarray(0, n), position);
        position += n;
        options.onProgress?.(position, stats.size);
      }
      return position;
    }
    let spare = Buffer.allocUnsafe(size);
    let position = 0;
    let bytesRead = await readAsync(fd, current, 0, size, position);
    while (bytesRead > 0) {
      const n = bytesRead;
      const next = readAsync(fd, spare, 0, size, position + n);
      const chunk = current.subarray(0, n);
      for (const sink of sinks) sink.update(chunk, position);
      position += n;
      options.onProgress?.(position, stats.size);
      bytesRead = await next;
      [current, spare] = [spare, current];
    }
    return position;
  } finally {
    closeSync(fd);
  }
}

function readAsync(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buffer, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead)));
  });
}

/** A hash sink that yields lower-case hex at the end. */
export class DigestSink implements ChunkSink {
  private readonly hash: Hash;
  constructor(readonly algorithm: Algorithm) {
    this.hash = createHash(algorithm);
  }
  update(chunk: Buffer): void {
    this.hash.update(chunk);
  }
  hex(): string {
    return this.hash.digest('hex');
  }
}

/** Hashes `path` with every requested algorithm in a single pass. */
export async function digestFile(path: string, algorithms: readonly Algorithm[], options: StreamOptions = {}): Promise<Map<Algorithm, string>> {
  const sinks = [...new Set(algorithms)].map((a) => new DigestSink(a));
  await streamFile(path, sinks, options);
  return new Map(sinks.map((s) => [s.algorithm, s.hex()]));
}

