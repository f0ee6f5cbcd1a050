/**
 * Object names come from the cluster or from files anyone can write: terminal control sequences (ANSI escapes,
 * carriage returns) in them must not reach a terminal. Control characters except newline and tab are shown as \xNN.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Text for HTML element content and attribute values. */
export function html(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Text for XML (JUnit): escapes markup and drops characters XML 1.0 cannot hold. */
export function xml(text: string): string {
  return html(text);
}
