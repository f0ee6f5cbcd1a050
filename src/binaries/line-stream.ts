/**
 * Splits a stream of chunks into lines without ever holding more than one line: a checksum list of gigabytes is
 * checked line by line. A line longer than `maxLine` bytes cannot be a checksum line (a digest, a separator and a
 * path of at most PATH_MAX); it ends the stream with LineTooLongError, so endless input without a newline
 * (`/dev/zero` piped in) stops at once instead of growing one string until memory runs out.
 */

export class LineTooLongError extends Error {
  constructor(readonly line: number, readonly limit: number) {
    super(`line ${line} is longer than ${limit} bytes: not a checksum list`);
    this.name = 'LineTooLongError';
  }
}

/** 64 KiB: a 128-digit SHA-512, a tag, and a 4096-byte path fit many times over. */
export const MAX_CHECKSUM_LINE = 64 * 1024;

/** Lines without their `\n` (a final line without one is still a line; an empty tail is not). UTF-8 decoded. */
export async function* splitLines(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxLine = MAX_CHECKSUM_LINE): AsyncGenerator<string> {
  let parts: Buffer[] = [];
  let pending = 0;
  let lineNo = 0;
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (pending + nl - start > maxLine) throw new LineTooLongError(lineNo + 1, maxLine);
      parts.push(chunk.subarray(start, nl));
      lineNo++;
      yield Buffer.concat(parts).toString('utf8');
      parts = [];
      pending = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      pending += chunk.length - start;
      if (pending > maxLine) throw new LineTooLongError(lineNo + 1, maxLine);
      // Copied: a stream may reuse its buffer for the next chunk.
      parts.push(Buffer.from(chunk.subarray(start)));
    }
  }
  if (pending > 0) yield Buffer.concat(parts).toString('utf8');
}
