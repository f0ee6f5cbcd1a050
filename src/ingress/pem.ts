/** PEM blocks (RFC 7468) and the base64 of Secret data, validated before any X.509 parsing. */

/** The API server refuses a Secret over 1 MiB, so a larger value cannot be what a controller serves. */
export const MAX_SECRET_VALUE_BYTES = 1024 * 1024;

export interface PemBlock {
  /** The label after BEGIN, e.g. `CERTIFICATE`, `PRIVATE KEY`, `EC PRIVATE KEY`. */
  label: string;
  der: Buffer;
}

export type PemResult = { ok: true; blocks: PemBlock[] } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Secret `data` values are standard base64 (kubectl and the API server write it unwrapped; whitespace is tolerated). */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const END = /^-----END ([A-Z0-9 ]+)-----$/;

/**
 * Splits text into PEM blocks. Text between blocks is ignored, as OpenSSL and Go's pem.Decode do; a block whose
 * END is missing, whose END label differs or whose body is not base64 makes the whole value unusable.
 */
export function parsePem(text: string): PemResult {
  const blocks: PemBlock[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const begin = BEGIN.exec(lines[i]?.trim() ?? '');
    if (!begin) continue;
    const label = begin[1] as string;
    const body: string[] = [];
    let closed = false;
    for (i++; i < lines.length; i++) {
      const line = lines[i]?.trim() ?? '';
      const end = END.exec(line);
      if (end) {
        if (end[1] !== label) return { ok: false, reason: `PEM block BEGIN ${label} ends with END ${end[1]}` };
        closed = true;
        break;
      }
      // RFC 1421 headers (Proc-Type, DEK-Info) appear in encrypted legacy keys.
      if (line.includes(':')) continue;
      body.push(line);
    }
    if (!closed) return { ok: false, reason: `PEM block ${label} is truncated (no END line)` };
    const der = decodeBase64(body.join(''));
    if (der === undefined || der.length === 0) return { ok: false, reason: `PEM block ${label} does not hold base64` };
    blocks.push({ label, der });
  }
  if (blocks.length === 0) return { ok: false, reason: 'not PEM (no -----BEGIN line)' };
  return { ok: true, blocks };
}

export function toPem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}
