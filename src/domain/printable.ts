/**
 * Text that came from input (file names, object names, bytes of a malformed file) made safe for a terminal:
 * control characters (C0, DEL, C1 — ESC starts ANSI/OSC sequences that recolour or retitle the terminal),
 * line and paragraph separators and bidirectional overrides are written as escapes (`\n`, `\x1b`, `\u202e`).
 * Everything else, including non-ASCII letters, is kept.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
