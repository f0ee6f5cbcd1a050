/** The parts of JSON's grammar (RFC 8259) that indexJsonList (json-index.ts) checks outside its one pass. */

/** Offsets of every backslash of the text, in order. */
export function backslashesOf(text: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf('\\'); at >= 0; at = text.indexOf('\\', at + 1)) out.push(at);
  return out;
}

function count(text: string, c: string): number {
  let k = 0;
  for (let at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + 1)) k++;
  return k;
}

// Control characters other than the three whitespace ones: never JSON, inside or outside strings.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/;
const ESCAPED = new Set([34, 92, 47, 98, 102, 110, 114, 116]);

/**
 * The contents of the strings the pass skipped are JSON too (RFC 8259 section 7): no control character (every
 * newline, tab and carriage return of the text is one the pass met outside strings), and every backslash begins
 * a valid escape (backslashes outside strings already failed the pass).
 */
export function stringsAreJson(text: string, backslashes: readonly number[], newlines: number, tabs: number, returns: number): boolean {
  if (CONTROL.test(text) || count(text, '\n') !== newlines) return false;
  if ((tabs > 0 || text.includes('\t')) && count(text, '\t') !== tabs) return false;
  if ((returns > 0 || text.includes('\r')) && count(text, '\r') !== returns) return false;
  for (let k = 0; k < backslashes.length; k++) {
    const b = backslashes[k] as number;
    const e = text.charCodeAt(b + 1);
    if (e === 92) k++; // `\\\\`: the second backslash is the escaped one
    else if (e === 117) {
      if (!/^[0-9a-fA-F]{4}$/.test(text.slice(b + 2, b + 6))) return false;
    } else if (!ESCAPED.has(e)) return false;
  }
  return true;
}

/** End (exclusive) of the JSON number starting at i, or -1 when it is not one (RFC 8259 section 6). */
export function numberEnd(text: string, i: number): number {
  let k = i;
  if (text.charCodeAt(k) === 45) k++;
  const d0 = text.charCodeAt(k);
  if (d0 === 48) k++;
  else if (d0 >= 49 && d0 <= 57) while (text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  else return -1;
  if (text.charCodeAt(k) === 46) {
    k++;
    if (!(text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57)) return -1;
    while (text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  }
  const e = text.charCodeAt(k);
  if (e === 101 || e === 69) {
    k++;
    if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === 45) k++;
    if (!(text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57)) return -1;
    while (text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  }
  return k;
}
