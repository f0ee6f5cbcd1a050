/**
 * A small DER reader: enough of X.690 to walk an X.509 certificate to its extensions. Definite lengths only
 * (DER forbids the indefinite form); every read is bounds-checked and throws DerError on malformed input.
 */

export class DerError extends Error {}

export interface Tlv {
  tag: number;
  /** Offsets into the buffer the TLV was read from. */
  start: number;
  valueStart: number;
  end: number;
}

export function readTlv(buf: Uint8Array, start: number, limit = buf.length): Tlv {
  if (start + 2 > limit) throw new DerError(`truncated DER at ${start}`);
  const tag = buf[start] ?? 0;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte tag at ${start}`);
  const first = buf[start + 1] ?? 0;
  let length: number;
  let valueStart: number;
  if (first < 0x80) {
    length = first;
    valueStart = start + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new DerError(`unsupported length form at ${start}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (buf[start + 2 + i] ?? 0);
    valueStart = start + 2 + count;
  }
  const end = valueStart + length;
  if (end > limit) throw new DerError(`DER length beyond its container at ${start}`);
  return { tag, start, valueStart, end };
}

/** The TLVs directly inside a constructed value. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let at = parent.valueStart;
  while (at < parent.end) {
    const tlv = readTlv(buf, at, parent.end);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

export function value(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.valueStart, tlv.end);
}

/** Dotted-decimal form of an OBJECT IDENTIFIER's content octets. */
export function decodeOid(bytes: Uint8Array): string {
  const parts: number[] = [];
  let acc = 0;
  for (const byte of bytes) {
    acc = acc * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) { parts.push(acc); acc = 0; }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

export const Tag = {
  BOOLEAN: 0x01,
  OCTET_STRING: 0x04,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  /** [3] EXPLICIT, the extensions field of TBSCertificate. */
  EXTENSIONS: 0xa3,
} as const;
