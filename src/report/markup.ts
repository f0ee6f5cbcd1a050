/**
 * Markup on top of the one escaper, src/domain/printable.ts: every reporter first makes text printable (the same
 * characters escaped the same way as in the text report: C0 controls, DEL, C1 controls, bidi overrides), then
 * these add what HTML or XML needs. Newlines and tabs stay (a remediation manifest keeps its lines).
 */
import { printableText } from '../domain/printable.js';

/** A surrogate without its pair: no Unicode character, so not an XML 1.0 Char either. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const codePoint = (ch: string): string => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;

/** Text for HTML element content and attribute values. */
export function html(text: string): string {
  return printableText(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Text for XML attributes and content (JUnit). What XML 1.0 cannot carry (C0 controls other than TAB and LF, lone
 * surrogates, U+FFFE, U+FFFF), CR (a parser would read it as LF) and what a terminal or CI log would obey (ESC,
 * C1 controls such as CSI, bidi overrides) are written visibly (`\x1b`, `\u{9b}`): the document is valid, nothing lost.
 */
export function xml(text: string): string {
  return printableText(text)
    .replace(LONE_SURROGATE, codePoint)
    .replace(/[\uFFFE\uFFFF]/g, codePoint)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
