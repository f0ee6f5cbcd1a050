/**
 * Certificates for the ingress tests, generated in the test set-up with @peculiar/x509 and WebCrypto keys, so
 * that validity is relative to the injected test clock and no key is committed.
 */
import type { webcrypto } from 'node:crypto';
import { x509 } from '../../src/ingress/x509.js';

export const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
export const days = (n: number): Date => new Date(NOW.getTime() + n * DAY);

export type KeyKind = 'ec256' | 'ec384' | 'rsa2048' | 'rsa1024';

export interface CertSpec {
  cn?: string;
  sans?: string[];
  ips?: string[];
  notBefore?: Date;
  notAfter?: Date;
  key?: KeyKind;
  hash?: 'SHA-256' | 'SHA-1';
  ca?: boolean;
  /** Key usage flags; null leaves the extension out; undefined: digitalSignature (+ keyEncipherment for RSA), plus keyCertSign for a CA. */
  keyUsage?: number | null;
  /** EKU OIDs; null leaves the extension out; undefined: serverAuth (none for a CA). */
  eku?: string[] | null;
  issuer?: Issued;
}

export interface Issued {
  cert: InstanceType<typeof x509.X509Certificate>;
  keys: webcrypto.CryptoKeyPair;
  certPem: string;
  keyPem: string;
  subject: string;
}

let serial = 1;

function algorithm(kind: KeyKind, hash: string): Record<string, unknown> {
  switch (kind) {
    case 'ec256': return { name: 'ECDSA', namedCurve: 'P-256', hash };
    case 'ec384': return { name: 'ECDSA', namedCurve: 'P-384', hash };
    case 'rsa2048': return { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash };
    case 'rsa1024': return { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash };
  }
}

function pem(label: string, der: ArrayBuffer): string {
  return `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

export async function makeKeys(kind: KeyKind = 'ec256', hash = 'SHA-256'): Promise<webcrypto.CryptoKeyPair> {
  return (await globalThis.crypto.subtle.generateKey(algorithm(kind, hash) as unknown as webcrypto.EcKeyGenParams, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

export async function makeCert(spec: CertSpec = {}): Promise<Issued> {
  const kind = spec.key ?? 'ec256';
  const hash = spec.hash ?? 'SHA-256';
  const keys = await makeKeys(kind, hash);
  const rsa = kind.startsWith('rsa');
  const F = x509.KeyUsageFlags;
  const ku = spec.keyUsage === undefined ? (spec.ca ? F.keyCertSign | F.cRLSign | F.digitalSignature : rsa ? F.digitalSignature | F.keyEncipherment : F.digitalSignature) : spec.keyUsage;
  const eku = spec.eku === undefined ? (spec.ca ? null : [x509.ExtendedKeyUsage.serverAuth]) : spec.eku;
  const extensions: InstanceType<typeof x509.Extension>[] = [new x509.BasicConstraintsExtension(spec.ca === true, undefined, true)];
  if (ku !== null) extensions.push(new x509.KeyUsagesExtension(ku, true));
  if (eku !== null) extensions.push(new x509.ExtendedKeyUsageExtension(eku));
  const names = [...(spec.sans ?? []).map((v) => ({ type: 'dns' as const, value: v })), ...(spec.ips ?? []).map((v) => ({ type: 'ip' as const, value: v }))];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const subject = `CN=${spec.cn ?? spec.sans?.[0] ?? 'test'}`;
  const signer = spec.issuer;
  const signingAlgorithm = signer ? { ...(signer.cert.publicKey.algorithm as object), hash } : algorithm(kind, hash);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    subject,
    issuer: signer ? signer.cert.subject : subject,
    notBefore: spec.notBefore ?? days(-3),
    notAfter: spec.notAfter ?? days(87),
    signingAlgorithm: signingAlgorithm as unknown as webcrypto.EcdsaParams,
    publicKey: keys.publicKey,
    signingKey: signer ? signer.keys.privateKey : keys.privateKey,
    extensions,
  });
  const keyPem = pem('PRIVATE KEY', await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { cert, keys, certPem: pem('CERTIFICATE', cert.rawData), keyPem, subject };
}

export interface SecretSpec {
  name: string;
  namespace: string;
  crt?: string;
  key?: string;
  type?: string;
  /** Raw data values, written as given (for undecodable base64 and the like). */
  rawData?: Record<string, string>;
}

/** A Secret as `kubectl get secret -o yaml` writes it: keys sorted, data base64, the API server's metadata. */
export function kubectlSecret(s: SecretSpec, uidSuffix = 1): string {
  const data: Record<string, string> = { ...(s.rawData ?? {}) };
  if (s.crt !== undefined) data['tls.crt'] = Buffer.from(s.crt).toString('base64');
  if (s.key !== undefined) data['tls.key'] = Buffer.from(s.key).toString('base64');
  const lines = ['apiVersion: v1', 'data:'];
  for (const k of Object.keys(data).sort()) lines.push(`  ${k}: ${data[k] === '' ? '""' : data[k]}`);
  if (Object.keys(data).length === 0) lines[1] = 'data: {}';
  lines.push('kind: Secret', 'metadata:', '  creationTimestamp: "2026-11-20T10:10:41Z"', `  name: ${s.name}`, `  namespace: ${s.namespace}`,
    `  resourceVersion: "${48100 + uidSuffix}"`, `  uid: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c${String(uidSuffix).padStart(2, '0')}`, `type: ${s.type ?? 'kubernetes.io/tls'}`);
  return `${lines.join('\n')}\n`;
}
