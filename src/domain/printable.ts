/**
 * Text that is safe to write to a terminal. Object names, label values, file names and YAML content reach
 * the output from files a user did not write: an ESC or CSI sequence in a ClusterRole name would recolour the
 * terminal, an OSC would retitle it or write a hyperlink, a bidi override would show a name reversed, and a
 * newline would forge a report line. Every one of those characters is shown as an escape instead.
 */

/** C0 controls and DEL: ESC, BEL, BS, CR, NUL, ... (and TAB, LF where a value must stay on one line). */
// eslint-disable-next-line no-control-regex
const C0_AND_DEL = /[\u0000-\u001f\u007f]/;
/** C1 controls (U+0080-U+009F: CSI, OSC, ST, NEL), which some terminals obey in UTF-8. */
const C1 = /[\u0080-\u009f]/;
/** Bidi embeddings, overrides, isolates and marks (Trojan Source), and the Unicode line/paragraph separators. */
const BIDI_AND_SEPARATORS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

// eslint-disable-next-line no-control-regex
const ANY_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (C0_AND_DEL.test(ch)) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (C1.test(ch) || BIDI_AND_SEPARATORS.test(ch)) return `\\u{${code.toString(16)}}`;
  return ch;
}

/** One value on one line: every control character, including TAB and LF, is escaped (`\x1b`, `\u{9b}`). */
export function printable(value: string): string {
  return value.replace(ANY_UNSAFE, escapeChar);
}

/** A whole report: lines and tabs stay, every other control character is escaped. */
export function printableText(text: string): string {
  return text.replace(UNSAFE_KEEP_LINES, escapeChar);
}

/**
 * Serialised JSON that shows the same on a terminal: JSON.stringify escapes C0 controls but leaves C1
 * controls, DEL and bidi characters raw. They can only occur inside strings, where `\uXXXX` is the same value.
 */
export function printableJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
