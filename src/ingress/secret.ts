/**
 * Reads tls.crt and tls.key out of a Secret without ever putting their content in a message:
 * every problem is named by Secret and key only.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { LoadedObject } from '../collect/objects.js';
import type { Finding } from '../domain/finding.js';
import { isRecord } from '../domain/guards.js';
import { parseCertificate, type CertInfo } from './cert.js';
import { finding } from './finding.js';
import { decodeBase64, MAX_SECRET_VALUE_BYTES, parsePem, toPem } from './pem.js';

export const TLS_SECRET_TYPE = 'kubernetes.io/tls';

export interface SecretMaterial {
  /** tls.crt certificates in the order written; undefined when unusable. */
  chain?: CertInfo[];
  key?: KeyObject;
  findings: Finding[];
}

type Parsed<T> = { value: T } | { reason: string };

type Raw = { ok: true; bytes: Buffer } | { ok: false; missing: boolean; reason: string };

/** The bytes of one key, from `data` (base64, as the API returns it) or `stringData` (a manifest not yet applied). */
function rawValue(object: LoadedObject['object'], name: string): { raw: Raw; field: string } {
  const data = isRecord(object.data) ? object.data : {};
  const stringData = isRecord(object.stringData) ? object.stringData : {};
  if (name in stringData) {
    const v = stringData[name];
    if (typeof v !== 'string') return { field: 'stringData', raw: { ok: false, missing: false, reason: 'is not a string' } };
    if (v === '') return { field: 'stringData', raw: { ok: false, missing: true, reason: 'is empty' } };
    if (Buffer.byteLength(v) > MAX_SECRET_VALUE_BYTES) return { field: 'stringData', raw: { ok: false, missing: false, reason: 'is larger than 1 MiB, the Secret size limit' } };
    return { field: 'stringData', raw: { ok: true, bytes: Buffer.from(v) } };
  }
  const v = data[name];
  if (v === undefined || v === null) return { field: 'data', raw: { ok: false, missing: true, reason: 'is missing' } };
  if (typeof v !== 'string') return { field: 'data', raw: { ok: false, missing: false, reason: 'is not a base64 string' } };
  if (v.trim() === '') return { field: 'data', raw: { ok: false, missing: true, reason: 'is empty' } };
  // Checked before decoding: base64 is 4/3 of the bytes.
  if (Math.floor((v.length * 3) / 4) > MAX_SECRET_VALUE_BYTES + 3) return { field: 'data', raw: { ok: false, missing: false, reason: 'is larger than 1 MiB, the Secret size limit' } };
  const bytes = decodeBase64(v);
  if (bytes === undefined) return { field: 'data', raw: { ok: false, missing: false, reason: 'is not valid base64' } };
  if (bytes.length === 0) return { field: 'data', raw: { ok: false, missing: true, reason: 'is empty' } };
  return { field: 'data', raw: { ok: true, bytes } };
}

function problem(secret: LoadedObject, subject: string, dataKey: 'tls.crt' | 'tls.key', field: string, reason: string, missing: boolean): Finding {
  const ruleId = missing ? 'ING013' : dataKey === 'tls.crt' ? 'ING014' : 'ING015';
  const location = secret.locate([field, dataKey]) ?? secret.locate([field]) ?? secret.location;
  // The evidence names the Secret key judged (never its value), so callers can tell tls.crt from tls.key findings.
  return finding(ruleId, `Secret ${subject.replace(/\[Secret\]$/, '')} ${field}.${dataKey} ${reason}`, {
    subject,
    location,
    evidence: [{ subject: `${field}.${dataKey}`, source: 'object', location }],
  });
}

function readChain(bytes: Buffer): Parsed<CertInfo[]> {
  const pem = parsePem(bytes.toString('latin1'));
  if (!pem.ok) return { reason: `is ${pem.reason.startsWith('not PEM') ? pem.reason : `not usable PEM: ${pem.reason}`}` };
  const certs = pem.blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certs.length === 0) return { reason: `holds PEM of the wrong kind (${[...new Set(pem.blocks.map((b) => b.label))].join(', ')}), no CERTIFICATE` };
  const chain: CertInfo[] = [];
  for (const [i, block] of certs.entries()) {
    const parsed = parseCertificate(block.der);
    if (!parsed.ok) return { reason: `certificate ${i + 1} is ${parsed.reason}` };
    chain.push(parsed.cert);
  }
  return { value: chain };
}

const DER_TYPES: Readonly<Record<string, 'pkcs8' | 'sec1' | 'pkcs1'>> = { 'PRIVATE KEY': 'pkcs8', 'EC PRIVATE KEY': 'sec1', 'RSA PRIVATE KEY': 'pkcs1' };

function readKey(bytes: Buffer): Parsed<KeyObject> {
  const pem = parsePem(bytes.toString('latin1'));
  if (!pem.ok) return { reason: `is ${pem.reason.startsWith('not PEM') ? pem.reason : `not usable PEM: ${pem.reason}`}` };
  const block = pem.blocks.find((b) => b.label.endsWith('PRIVATE KEY'));
  if (!block) return { reason: `holds PEM of the wrong kind (${[...new Set(pem.blocks.map((b) => b.label))].join(', ')}), no PRIVATE KEY` };
  if (block.label === 'ENCRYPTED PRIVATE KEY') return { reason: 'is an encrypted private key (controllers cannot use a passphrase)' };
  // DER with its known type skips OpenSSL's decoder probing; other labels go through the PEM decoder.
  const type = DER_TYPES[block.label];
  try {
    return { value: type ? createPrivateKey({ key: block.der, format: 'der', type }) : createPrivateKey({ key: toPem(block.label, block.der), format: 'pem' }) };
  } catch (error) {
    // OpenSSL's reason codes name the decoder step, never the key bytes.
    const code = error instanceof Error && 'code' in error ? String((error as { code: unknown }).code) : 'unreadable';
    return { reason: `is not a usable ${block.label} (${code})` };
  }
}

/** Reads one Secret key and parses it; a missing, undecodable or unparsable value is a finding. */
function readValue<T>(secret: LoadedObject, subject: string, dataKey: 'tls.crt' | 'tls.key', parse: (bytes: Buffer) => Parsed<T>, findings: Finding[]): T | undefined {
  const value = rawValue(secret.object, dataKey);
  if (!value.raw.ok) {
    findings.push(problem(secret, subject, dataKey, value.field, value.raw.reason, value.raw.missing));
    return undefined;
  }
  const read = parse(value.raw.bytes);
  if ('reason' in read) {
    findings.push(problem(secret, subject, dataKey, value.field, read.reason, false));
    return undefined;
  }
  return read.value;
}

/** Extracts and parses tls.crt and tls.key; any problem is a finding naming the Secret and the key. */
export function readSecretMaterial(secret: LoadedObject, subject: string): SecretMaterial {
  const findings: Finding[] = [];
  const chain = readValue(secret, subject, 'tls.crt', readChain, findings);
  const key = readValue(secret, subject, 'tls.key', readKey, findings);
  return { findings, ...(chain ? { chain } : {}), ...(key ? { key } : {}) };
}
