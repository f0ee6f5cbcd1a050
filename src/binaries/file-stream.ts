import { openRegular } from '../collect/node/bounded-read.js';
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

/** Feeds every byte of `path` to every sink once; returns the byte count. Throws the fs error if unreadable. */
export async function streamFile(path: string, sinks: readonly ChunkSink[], options: StreamOptions = {}): Promise<number> {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  // Only a regular file: a FIFO would block the open, a character device (/dev/zero) would never end.
  const handle = await openRegular(path);
  try {
    const stat = await handle.stat();
    let current = Buffer.allocUnsafe(size);
    let spare = Buffer.allocUnsafe(size);
    let position = 0;
    let result = await handle.read(current, 0, size, position);
    while (result.bytesRead > 0) {
      const n = result.bytesRead;
      const next = handle.read(spare, 0, size, position + n);
      const chunk = current.subarray(0, n);
      for (const sink of sinks) sink.update(chunk, position);
      position += n;
      options.onProgress?.(position, stat.size);
      result = await next;
      [current, spare] = [spare, current];
    }
    return position;
  } finally {
    await handle.close();
  }
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

