import { isAscii } from 'node:buffer';
import { JSON_FAST_PATH_MIN, jsonStart } from './json-source.js';
import type { InputFormat } from './input-limits.js';

/**
 * What the loader needs to know of a file's bytes before it parses them: its length in characters (what the
 * limits count, as for text from standard input) and whether the JSON fast path would take it (jsonStart).
 * `text` is the decoded text when finding those out needed it.
 */
export interface SourceShape {
  ascii: boolean;
  length: number;
  format: InputFormat;
  text?: string;
}

/**
 * A file's text, or the text of its bytes [from, to): UTF-8, invalid sequences becoming U+FFFD. Cut at ASCII bytes
 * (as the JSON index cuts), a piece decodes as it does inside the whole text. (A Latin-1 copy of ASCII text is no
 * faster and, past 1 MiB, Node makes it an external string: 200 MB more at the peak of `netpol list` on a 195 MiB export.)
 */
export function decodeText(bytes: Buffer, from = 0, to = bytes.length): string {
  return bytes.toString('utf8', from, to);
}

// The ASCII characters of a regular expression's \s, which jsonStart skips.
const SPACE = new Uint8Array(256);
for (const c of '\t\n\v\f\r ') SPACE[c.charCodeAt(0)] = 1;

/** jsonStart of ASCII bytes, without decoding them. */
function asciiJsonStart(bytes: Buffer): boolean {
  if (bytes.length < JSON_FAST_PATH_MIN) return false;
  let i = 0;
  while (i < bytes.length && SPACE[bytes[i] as number] === 1) i++;
  return bytes[i] === 0x7b || bytes[i] === 0x5b;
}

export function sourceShape(bytes: Buffer): SourceShape {
  if (isAscii(bytes)) return { ascii: true, length: bytes.length, format: asciiJsonStart(bytes) ? 'json' : 'yaml' };
  const text = decodeText(bytes);
  return { ascii: false, length: text.length, format: jsonStart(text) >= 0 ? 'json' : 'yaml', text };
}
