import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Finding } from '../domain/finding.js';
import { InputError } from '../domain/errors.js';
import { fsErrorReason } from '../domain/fs-errors.js';
import { isRecord } from '../domain/guards.js';
import { Severity } from '../domain/status.js';

/** One entry of a .kubefortignore: a rule on an object, accepted for a stated reason, optionally until a date. */
export interface IgnoreEntry {
  rule: string;
  /** The finding's subject (`g04/frontend[Pod]`), or `*` for every object. */
  object: string;
  reason: string;
  /** YYYY-MM-DD; from the day after, the entry no longer applies and is itself reported. */
  expires?: string;
  line: number;
  file: string;
}

/**
 * Reads a .kubefortignore: a YAML list of `{ rule, object, reason, expires? }`. A missing reason is an error:
 * an exception nobody can explain later is not accepted.
 */
export function readIgnoreFile(file: string): IgnoreEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${fsErrorReason(error)}`, { file }, { cause: error });
  }
  const doc = parseDocument(text, { prettyErrors: false });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : text.slice(0, offset).split('\n').length);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new InputError(`${file}:${lineOf(e?.pos[0])}: not valid YAML`, { file, line: lineOf(e?.pos[0]) });
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new InputError(`${file}:1: expected a list of { rule, object, reason, expires }`, { file, line: 1 });
  const items = (doc.contents as { items?: { range?: [number, number, number] }[] } | null)?.items ?? [];
  return value.map((entry, index) => {
    const line = lineOf(items[index]?.range?.[0]);
    const at = `${file}:${line}`;
    if (!isRecord(entry)) throw new InputError(`${at}: an entry must be a mapping`, { file, line });
    const { rule, object, reason, expires } = entry;
    if (typeof rule !== 'string' || rule === '') throw new InputError(`${at}: rule is required`, { file, line });
    if (typeof object !== 'string' || object === '') throw new InputError(`${at}: object is required (the finding's object, or "*")`, { file, line });
    if (typeof reason !== 'string' || reason.trim() === '') throw new InputError(`${at}: reason is required: say why this finding is accepted`, { file, line });
    const date = expires instanceof Date ? expires.toISOString().slice(0, 10) : expires;
    if (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))) throw new InputError(`${at}: expires must be a date YYYY-MM-DD`, { file, line });
    return { rule, object, reason, ...(date === undefined ? {} : { expires: date }), line, file };
  });
}

export function matches(entry: IgnoreEntry, f: Finding): boolean {
  return entry.rule === f.ruleId && (entry.object === '*' || entry.object === f.subject);
}

export function isExpired(entry: IgnoreEntry, now: Date): boolean {
  return entry.expires !== undefined && now.toISOString().slice(0, 10) > entry.expires;
}

export function expiredFinding(entry: IgnoreEntry): Finding {
  return {
    ruleId: 'IGN001',
    severity: Severity.medium,
    subject: `${entry.rule} ${entry.object}`,
    location: { file: entry.file, line: entry.line },
    message: `ignore entry for ${entry.rule} on ${entry.object} expired on ${entry.expires ?? ''} (reason given: ${entry.reason}); the findings it covered are reported again`,
    remediation: 'Fix the finding, or renew the entry with a new expiry date and a reason that still holds.',
  };
}
