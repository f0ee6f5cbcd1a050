import { resolve } from 'node:path';
import { isEntry, parseChecksumLine } from './checksum-format.js';
import { digestFile, type StreamOptions } from './file-stream.js';
import { errnoCode, strerror } from '../domain/fs-errors.js';
import { CheckOutcome, checkSummary, malformedWarning, outcomeLine, quoteName, type CheckCounts, type CheckFlags } from './check-report.js';
import { splitLines } from './line-stream.js';

/** Where `--check` writes; the CLI passes its context's streams. */
export interface CheckOutput {
  stdout(text: string): void;
  /** One diagnostic line without the `kubefort: ` prefix. */
  warn(line: string): void;
}

/**
 * `sha256sum --check` semantics: names relative to `cwd`, one hash pass per listed file, lines in file order,
 * output as each file is done. The list is read as a stream, one line at a time, whatever its size.
 * Returns the exit code (0 or 1); a line too long to be a checksum line throws LineTooLongError.
 */
export async function checkSums(sumsName: string, sums: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, cwd: string,
  flags: CheckFlags, out: CheckOutput, streamFor: (name: string) => StreamOptions & { finish(): void }): Promise<0 | 1> {
  const counts: CheckCounts = { malformed: 0, unreadable: 0, mismatched: 0, wellFormed: 0, checked: 0 };
  let line = 0;
  for await (const raw of splitLines(sums)) {
    line++;
    const parsed = parseChecksumLine(raw, line);
    if (parsed === undefined) continue;
    // A bare digest names no file: inside a list of files it is as malformed as any other unusable line.
    if (!isEntry(parsed) || parsed.name === undefined) {
      counts.malformed++;
      if (flags.warn) out.warn(malformedWarning(sumsName, line));
      continue;
    }
    counts.wellFormed++;
    const name = parsed.name;
    let computed: string | undefined;
    const stream = streamFor(name);
    try {
      computed = (await digestFile(resolve(cwd, name), [parsed.algorithm], stream)).get(parsed.algorithm);
    } catch (error) {
      stream.finish();
      if (flags.ignoreMissing && errnoCode(error) === 'ENOENT') continue;
      counts.unreadable++;
      // sha256sum names the unreadable file on stderr even under --status; only the per-file line is hidden.
      out.warn(`${quoteName(name)}: ${strerror(error)}`);
      const text = outcomeLine(name, CheckOutcome.UNREADABLE, flags);
      if (text !== undefined) out.stdout(text);
      continue;
    }
    stream.finish();
    counts.checked++;
    const ok = computed === parsed.digest;
    if (!ok) counts.mismatched++;
    const text = outcomeLine(name, ok ? CheckOutcome.OK : CheckOutcome.FAILED, flags);
    if (text !== undefined) out.stdout(text);
  }
  const summary = checkSummary(sumsName, counts, flags);
  for (const text of summary.stderr) out.warn(text);
  return summary.exitCode;
}
