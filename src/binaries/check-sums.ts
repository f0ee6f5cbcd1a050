import { resolve } from 'node:path';
import { parseChecksumText } from './checksum-format.js';
import { digestFile, type StreamOptions } from './file-stream.js';
import { errnoCode, strerror } from '../domain/fs-errors.js';
import { CheckOutcome, checkSummary, malformedWarning, outcomeLine, type CheckCounts, type CheckFlags } from './check-report.js';

/** Where `--check` writes; the CLI passes its context's streams. */
export interface CheckOutput {
  stdout(text: string): void;
  /** One diagnostic line without the `kubefort: ` prefix. */
  warn(line: string): void;
}

/**
 * `sha256sum --check` semantics: names relative to `cwd`, one hash pass per listed file, lines in file order,
 * output as each file is done. Returns the exit code (0 or 1).
 */
export async function checkSums(sumsName: string, sumsText: string, cwd: string, flags: CheckFlags, out: CheckOutput,
  streamFor: (name: string) => StreamOptions & { finish(): void }): Promise<0 | 1> {
  const parsed = parseChecksumText(sumsText);
  const named = parsed.entries.flatMap((e) => (e.name === undefined ? [] : [{ ...e, name: e.name }]));
  // A bare digest names no file: inside a list of files it is as malformed as any other unusable line.
  const bareLines = parsed.entries.filter((e) => e.name === undefined).map((e) => e.line);
  const malformedLines = [...parsed.malformed.map((m) => m.line), ...bareLines];
  const counts: CheckCounts = { malformed: malformedLines.length, unreadable: 0, mismatched: 0, wellFormed: named.length, checked: 0 };
  const steps = [...malformedLines.map((line) => ({ line, entry: undefined })), ...named.map((entry) => ({ line: entry.line, entry }))]
    .sort((a, b) => a.line - b.line);
  for (const { line, entry } of steps) {
    if (entry === undefined) {
      if (flags.warn) out.warn(malformedWarning(sumsName, line));
      continue;
    }
    let computed: string | undefined;
    const stream = streamFor(entry.name);
    try {
      computed = (await digestFile(resolve(cwd, entry.name), [entry.algorithm], stream)).get(entry.algorithm);
    } catch (error) {
      stream.finish();
      if (flags.ignoreMissing && errnoCode(error) === 'ENOENT') continue;
      counts.unreadable++;
      if (!flags.status) out.warn(`${entry.name}: ${strerror(error)}`);
      const text = outcomeLine(entry.name, CheckOutcome.UNREADABLE, flags);
      if (text !== undefined) out.stdout(text);
      continue;
    }
    stream.finish();
    counts.checked++;
    const ok = computed === entry.digest;
    if (!ok) counts.mismatched++;
    const text = outcomeLine(entry.name, ok ? CheckOutcome.OK : CheckOutcome.FAILED, flags);
    if (text !== undefined) out.stdout(text);
  }
  const summary = checkSummary(sumsName, counts, flags);
  for (const line of summary.stderr) out.warn(line);
  return summary.exitCode;
}
