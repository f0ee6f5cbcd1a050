/**
 * Checksum line formats, pure parsing (no I/O).
 *
 * Accepted, per line and mixed freely in one file:
 * - a bare digest, as Kubernetes publishes `kubectl.sha256` (only valid where the file is named elsewhere);
 * - GNU coreutils `sha256sum`/`sha512sum`: `HEX  name` (text mode), `HEX *name` (binary mode), and the single-space
 *   form `HEX name` that `echo "$(cat kubectl.sha256) kubectl"` produces; a leading `\` marks an escaped name;
 * - BSD / `shasum --tag` / `sha256sum --tag`: `SHA256 (name) = HEX`, and OpenSSL's `SHA2-256(name)= HEX`.
 * The algorithm is inferred from the digest length (64 hex = SHA-256, 128 hex = SHA-512) unless the tag names it;
 * hex is case-insensitive and normalised to lower case.
 */

export const Algorithm = {
  sha256: 'sha256',
  sha512: 'sha512',
} as const;
export type Algorithm = (typeof Algorithm)[keyof typeof Algorithm];

const HEX_LENGTH: Record<Algorithm, number> = { sha256: 64, sha512: 128 };

export interface ChecksumEntry {
  algorithm: Algorithm;
  /** Lower-case hex. */
  digest: string;
  /** The file name as written in the line; undefined for a bare digest. */
  name?: string;
  /** 1-based line number in the checksum file. */
  line: number;
}

export interface MalformedLine {
  line: number;
  text: string;
  reason: string;
}

export interface ParsedChecksums {
  entries: ChecksumEntry[];
  malformed: MalformedLine[];
}

/** The algorithm a hex digest of this length belongs to, or undefined. */
function algorithmForHex(hex: string): Algorithm | undefined {
  if (!/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  if (hex.length === HEX_LENGTH.sha256) return Algorithm.sha256;
  if (hex.length === HEX_LENGTH.sha512) return Algorithm.sha512;
  return undefined;
}

const TAG_ALGORITHMS: Record<string, Algorithm> = {
  SHA256: Algorithm.sha256,
  'SHA2-256': Algorithm.sha256,
  SHA512: Algorithm.sha512,
  'SHA2-512': Algorithm.sha512,
};

const TAGGED = /^(SHA256|SHA2-256|SHA512|SHA2-512) ?\((.*)\) ?= ?([0-9A-Fa-f]+)$/;
const GNU = /^([0-9A-Fa-f]+)[ \t]([ *]?)(.+)$/;
const BARE = /^([0-9A-Fa-f]+)$/;

/** coreutils escapes `\` and newline in names and marks such lines with a leading backslash. */
function unescapeName(name: string): string | undefined {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    if (ch !== '\\') { out += ch; continue; }
    const next = name[i + 1];
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else return undefined;
    i++;
  }
  return out;
}

/** Parses one line (without its newline). `undefined` = blank line. */
export function parseChecksumLine(raw: string, line: number): ChecksumEntry | MalformedLine | undefined {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.trim() === '') return undefined;
  const escaped = text.startsWith('\\');
  const body = escaped ? text.slice(1) : text;
  const withName = (algorithm: Algorithm | undefined, hex: string, name: string | undefined): ChecksumEntry | MalformedLine => {
    if (algorithm === undefined || hex.length !== HEX_LENGTH[algorithm]) {
      return { line, text, reason: `digest of ${hex.length} hex digits is neither SHA-256 (64) nor SHA-512 (128)` };
    }
    if (name === undefined) return { algorithm, digest: hex.toLowerCase(), line };
    const unescaped = escaped ? unescapeName(name) : name;
    if (unescaped === undefined || unescaped === '') return { line, text, reason: 'bad file name' };
    return { algorithm, digest: hex.toLowerCase(), name: unescaped, line };
  };
  const tagged = TAGGED.exec(body);
  if (tagged) {
    const [, tag = '', name = '', hex = ''] = tagged;
    return withName(TAG_ALGORITHMS[tag], hex, name);
  }
  const gnu = GNU.exec(body);
  if (gnu) {
    const [, hex = '', , name = ''] = gnu;
    return withName(algorithmForHex(hex), hex, name);
  }
  const bare = BARE.exec(body.trim());
  if (bare && !escaped) {
    const hex = bare[1] ?? '';
    return withName(algorithmForHex(hex), hex, undefined);
  }
  return { line, text, reason: 'not a checksum line' };
}

export function isEntry(value: ChecksumEntry | MalformedLine): value is ChecksumEntry {
  return 'digest' in value;
}

export function parseChecksumText(text: string): ParsedChecksums {
  const entries: ChecksumEntry[] = [];
  const malformed: MalformedLine[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((raw, index) => {
    const parsed = parseChecksumLine(raw, index + 1);
    if (parsed === undefined) return;
    if (isEntry(parsed)) entries.push(parsed);
    else malformed.push(parsed);
  });
  return { entries, malformed };
}

/**
 * The expected digest for one file from a `--checksum` file: a bare digest, a single entry whatever its name
 * (Kubernetes' `.sha256` holds no name), or among several named entries the one whose name's last path segment
 * equals the file's base name. Returns a reason string when none fits.
 */
export function selectExpected(parsed: ParsedChecksums, baseName: string): ChecksumEntry | string {
  const { entries } = parsed;
  if (entries.length === 0) return 'no checksum line found';
  if (entries.length === 1 && entries[0] !== undefined) return entries[0];
  const matching = entries.filter((e) => e.name !== undefined && lastSegment(e.name) === baseName);
  const first = matching[0];
  if (first === undefined) return `no line names ${baseName}`;
  const conflicting = matching.some((e) => e.digest !== first.digest && e.algorithm === first.algorithm);
  if (conflicting) return `conflicting lines for ${baseName}`;
  return first;
}

function lastSegment(name: string): string {
  const parts = name.split('/');
  return parts[parts.length - 1] ?? name;
}

/** Validates a digest given on the command line, for `--sha256`/`--sha512`. */
export function parseDigestArgument(hex: string, algorithm: Algorithm): string | undefined {
  const trimmed = hex.trim();
  if (trimmed.length !== HEX_LENGTH[algorithm] || algorithmForHex(trimmed) !== algorithm) return undefined;
  return trimmed.toLowerCase();
}
