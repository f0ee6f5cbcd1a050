/**
 * The tokens of JSON's grammar (RFC 8259) that indexJsonList (json-index.ts) reads off the bytes of a UTF-8 text.
 * Every byte of a multi-byte UTF-8 sequence is 0x80 or above, so the ASCII bytes JSON's grammar is made of are
 * read the same in any valid or invalid UTF-8 text, and a byte below 0x20 is always a control character.
 */

// Bytes that end the plain run of a string: `"`, `\` and the control characters (never raw in a JSON string).
const STRING_STOP = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) STRING_STOP[b] = 1;
STRING_STOP[0x22] = 1;
STRING_STOP[0x5c] = 1;

// `\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t`; `\u` is followed by four hex digits.
const SHORT_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SHORT_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** Bits of stringEnd's answer below the offset: the string has an escape sequence; it has a `\\u` one. */
export const STRING_ESCAPED = 1;
export const STRING_UNICODE_ESCAPED = 2;

/**
 * The string whose opening quote is at `open`: 4 × the offset of its closing quote, plus STRING_ESCAPED and
 * STRING_UNICODE_ESCAPED; -1 when it is not a JSON string (a raw control character, an invalid escape, no end).
 */
export function stringEnd(bytes: Uint8Array, view: DataView, open: number): number {
  const n = bytes.length;
  let escaped = 0;
  let j = open + 1;
  for (;;) {
    for (; j + 4 <= n; j += 4) {
      const v = view.getInt32(j, true);
      const q = v ^ 0x22222222;
      const b = v ^ 0x5c5c5c5c;
      if ((((v - 0x20202020) & ~v) | ((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b)) & 0x80808080) break;
    }
    while (j < n && STRING_STOP[bytes[j] as number] === 0) j++;
    if (j >= n) return -1;
    const b = bytes[j] as number;
    if (b === 0x22) return 4 * j + escaped;
    if (b !== 0x5c) return -1;
    const e = bytes[j + 1] as number;
    if (e === 0x75) {
      if (j + 5 >= n || HEX[bytes[j + 2] as number] === 0 || HEX[bytes[j + 3] as number] === 0 || HEX[bytes[j + 4] as number] === 0 || HEX[bytes[j + 5] as number] === 0) return -1;
      j += 6;
      escaped = STRING_ESCAPED | STRING_UNICODE_ESCAPED;
    } else if (j + 1 < n && SHORT_ESCAPE[e] === 1) {
      j += 2;
      escaped |= STRING_ESCAPED;
    } else return -1;
  }
}

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;

/** End (exclusive) of the JSON number starting at i, or -1 when it is not one (RFC 8259 section 6). */
export function numberEnd(bytes: Uint8Array, i: number): number {
  let k = i;
  if (bytes[k] === 0x2d) k++;
  const d0 = bytes[k];
  if (d0 === 0x30) k++;
  else if (isDigit(d0) && d0 !== 0x30) while (isDigit(bytes[k])) k++;
  else return -1;
  if (bytes[k] === 0x2e) {
    k++;
    if (!isDigit(bytes[k])) return -1;
    while (isDigit(bytes[k])) k++;
  }
  if (bytes[k] === 0x65 || bytes[k] === 0x45) {
    k++;
    if (bytes[k] === 0x2b || bytes[k] === 0x2d) k++;
    if (!isDigit(bytes[k])) return -1;
    while (isDigit(bytes[k])) k++;
  }
  return k;
}

/** Are the bytes at `at` the ASCII `word`? */
export function bytesAre(bytes: Uint8Array, at: number, word: string): boolean {
  if (at + word.length > bytes.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** Are the bytes [from, to) exactly the ASCII `word`? */
export function bytesEqual(bytes: Uint8Array, from: number, to: number, word: string): boolean {
  return to - from === word.length && bytesAre(bytes, from, word);
}

const EIGHT_SPACES = new DataView(new Uint8Array(8).fill(0x20).buffer).getFloat64(0, true);

/**
 * End of the run of spaces starting at `i`: the indentation that is most of a pretty-printed text, compared eight
 * bytes at a time (as one float64: eight 0x20 bytes are a normal number, equal only to itself).
 */
export function spacesEnd(bytes: Uint8Array, view: DataView, i: number): number {
  const n = bytes.length;
  let j = i;
  while (j + 8 <= n && view.getFloat64(j, true) === EIGHT_SPACES) j += 8;
  while (j < n && bytes[j] === 0x20) j++;
  return j;
}
