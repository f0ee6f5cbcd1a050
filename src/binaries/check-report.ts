import { printable } from '../domain/printable.js';

/**
 * Wording of `kubefort verify --check`, kept identical to GNU coreutils `sha256sum --check` so scripts and
 * people reading it see what they know: per-file lines on stdout, warnings on stderr, coreutils' plurals.
 */

export const CheckOutcome = {
  OK: 'OK',
  FAILED: 'FAILED',
  UNREADABLE: 'FAILED open or read',
} as const;
export type CheckOutcome = (typeof CheckOutcome)[keyof typeof CheckOutcome];

export interface CheckCounts {
  malformed: number;
  unreadable: number;
  mismatched: number;
  /** Properly formatted lines seen (checked or skipped by --ignore-missing). */
  wellFormed: number;
  /** Files actually checked (not skipped). */
  checked: number;
}

export interface CheckFlags {
  quiet: boolean;
  status: boolean;
  strict: boolean;
  warn: boolean;
  ignoreMissing: boolean;
}

/** The stdout line for one file, or undefined when --quiet/--status hide it. */
export function outcomeLine(name: string, outcome: CheckOutcome, flags: CheckFlags): string | undefined {
  if (flags.status) return undefined;
  if (outcome === CheckOutcome.OK && flags.quiet) return undefined;
  return `${printable(name)}: ${outcome}\n`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The stderr summary and the exit code once every line is processed. */
export function checkSummary(sumsName: string, counts: CheckCounts, flags: CheckFlags): { stderr: string[]; exitCode: 0 | 1 } {
  const stderr: string[] = [];
  if (counts.wellFormed === 0) {
    stderr.push(`${quoteName(sumsName)}: no properly formatted checksum lines found`);
    return { stderr, exitCode: 1 };
  }
  if (!flags.status) {
    if (counts.malformed > 0) stderr.push(`WARNING: ${plural(counts.malformed, 'line is', 'lines are')} improperly formatted`);
    if (counts.unreadable > 0) stderr.push(`WARNING: ${plural(counts.unreadable, 'listed file', 'listed files')} could not be read`);
    if (counts.mismatched > 0) stderr.push(`WARNING: ${plural(counts.mismatched, 'computed checksum', 'computed checksums')} did NOT match`);
  }
  if (flags.ignoreMissing && counts.checked === 0) stderr.push(`${quoteName(sumsName)}: no file was verified`);
  const failed = counts.mismatched > 0 || counts.unreadable > 0 || (flags.strict && counts.malformed > 0)
    || (flags.ignoreMissing && counts.checked === 0);
  return { stderr, exitCode: failed ? 1 : 0 };
}

/** The --warn line for one malformed line, as sha256sum words it (it names its own algorithm). */
export function malformedWarning(sumsName: string, line: number): string {
  return `${quoteName(sumsName)}: ${line}: improperly formatted SHA256 checksum line`;
}

/**
 * A file name in a diagnostic, quoted as coreutils does (gnulib quotef, shell-escape style): as is when it is
 * made of characters a shell leaves alone, else in single quotes (`'standard input'`), with a quote written
 * as '\''. Control characters are written as $'\NNN' pieces by coreutils; here printable() escapes them inside
 * the quotes, so a name never reaches the terminal raw.
 */
export function quoteName(name: string): string {
  if (/^[A-Za-z0-9_./+,:@%^=-]+$/.test(name) && !name.startsWith('~')) return name;
  const escaped = printable(name).replace(/'/g, "'\\''");
  return `'${escaped}'`;
}
