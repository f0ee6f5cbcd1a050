import { DigestSink, streamFile, type ChunkSink, type StreamOptions } from './file-stream.js';
import { strerror } from '../domain/fs-errors.js';
import { printable } from '../domain/printable.js';
import type { Algorithm } from './checksum-format.js';

/** One expected digest for the file and where the expectation came from (flag or checksum file:line). */
export interface Expectation {
  algorithm: Algorithm;
  digest: string;
  source: string;
}

export interface DigestResult extends Expectation {
  computed: string;
  ok: boolean;
}

export type FileVerification =
  | { kind: 'hashed'; results: DigestResult[] }
  | { kind: 'unreadable'; reason: string };

/** Hashes the file once for all expected algorithms (and feeds any extra sink, e.g. a signature) and compares. Never executes or loads the file whole. */
export async function verifyFileDigests(path: string, expectations: readonly Expectation[], stream: StreamOptions,
  extraSinks: readonly ChunkSink[]): Promise<FileVerification> {
  const sinks = [...new Set(expectations.map((e) => e.algorithm))].map((a) => new DigestSink(a));
  let digests: Map<Algorithm, string>;
  try {
    await streamFile(path, [...sinks, ...extraSinks], stream);
    digests = new Map(sinks.map((sink) => [sink.algorithm, sink.hex()]));
  } catch (error) {
    return { kind: 'unreadable', reason: strerror(error) };
  }
  return {
    kind: 'hashed',
    results: expectations.map((e) => {
      const computed = digests.get(e.algorithm) ?? '';
      return { ...e, computed, ok: computed === e.digest };
    }),
  };
}

/** Text report: `name: OK (sha256 from --sha256)` per expectation; mismatches show both digests. */
export function formatFileVerification(file: string, verification: FileVerification): string {
  const name = printable(file);
  if (verification.kind === 'unreadable') return `${name}: FAILED open or read (${verification.reason})\n`;
  return verification.results.map((r) => r.ok
    ? `${name}: OK (${r.algorithm} ${r.computed}, expected from ${r.source})\n`
    : `${name}: FAILED (${r.algorithm} mismatch: expected ${r.digest} from ${r.source}, computed ${r.computed})\n`).join('');
}
