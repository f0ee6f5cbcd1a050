/**
 * What the audit needs to know about one X.509 certificate. node:crypto's X509Certificate gives validity, SANs,
 * the key and issuance checks; @peculiar/x509 gives what Node 20 does not expose: the signature algorithm,
 * key usage, extended key usage and basic constraints.
 */
import { X509Certificate as NodeCertificate, type KeyObject } from 'node:crypto';
import { x509 } from './x509.js';

export interface CertInfo {
  subject: string;
  issuer: string;
  commonName?: string;
  dnsNames: string[];
  ipAddresses: string[];
  notBefore: Date;
  notAfter: Date;
  /** `RSA 2048`, `EC P-256`, `Ed25519`. */
  keyType: string;
  keyAlgorithm: string;
  keyBits?: number;
  curve?: string;
  /** Hash of the signature, e.g. `SHA-256`, `SHA-1`, `MD5`; `Ed25519` for EdDSA. */
  signatureHash: string;
  /** basicConstraints cA. */
  isCA: boolean;
  /** Key usage names, undefined when the extension is absent. */
  keyUsage?: string[];
  /** Extended key usage OIDs, undefined when the extension is absent. */
  extKeyUsage?: string[];
  selfIssued: boolean;
  node: NodeCertificate;
}

export type CertResult = { ok: true; cert: CertInfo } | { ok: false; reason: string };

/** Signature algorithm OIDs WebCrypto has no name for (and so @peculiar/x509 returns as OIDs). */
const LEGACY_SIGNATURES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.2': 'MD2',
  '1.2.840.113549.1.1.3': 'MD4',
  '1.2.840.113549.1.1.4': 'MD5',
  '1.2.840.10040.4.3': 'SHA-1', // dsa-with-sha1
};

const KEY_USAGE_NAMES: readonly (readonly [number, string])[] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_ANY = '2.5.29.37.0';

const CURVES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp224r1: 'P-224', secp192r1: 'P-192', prime192v1: 'P-192' };

function signatureHash(alg: { name: string; hash?: unknown }): string {
  const legacy = LEGACY_SIGNATURES[alg.name];
  if (legacy) return legacy;
  const hash = alg.hash as { name?: string } | string | undefined;
  if (typeof hash === 'string') return hash;
  if (hash?.name) return hash.name;
  return alg.name; // Ed25519 / Ed448 sign without a separate hash
}

function keyDescription(key: KeyObject): Pick<CertInfo, 'keyType' | 'keyAlgorithm' | 'keyBits' | 'curve'> {
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss') return { keyAlgorithm: 'RSA', keyBits: details.modulusLength, keyType: `RSA ${details.modulusLength ?? '?'}` };
  if (type === 'ec') {
    const curve = CURVES[details.namedCurve ?? ''] ?? details.namedCurve ?? '?';
    return { keyAlgorithm: 'EC', curve, keyType: `EC ${curve}` };
  }
  if (type === 'ed25519') return { keyAlgorithm: 'Ed25519', keyType: 'Ed25519' };
  if (type === 'ed448') return { keyAlgorithm: 'Ed448', keyType: 'Ed448' };
  return { keyAlgorithm: type.toUpperCase(), keyType: type.toUpperCase() };
}

/** `DNS:a.example.com, IP Address:10.0.0.1` as Node prints subjectAltName; quoted entries keep commas. */
function splitSan(text: string | undefined): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const entry of (text ?? '').match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? []) {
    const trimmed = entry.trim();
    const colon = trimmed.indexOf(':');
    const kind = trimmed.slice(0, colon);
    let value = trimmed.slice(colon + 1);
    if (value.startsWith('"')) value = JSON.parse(value) as string;
    if (kind === 'DNS') dns.push(value.toLowerCase());
    else if (kind === 'IP Address') ip.push(value);
  }
  return { dns, ip };
}

function commonName(subject: string): string | undefined {
  for (const line of subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return undefined;
}

/** Parses one DER certificate; anything that is not X.509 is a reason, never an exception. */
export function parseCertificate(der: Buffer): CertResult {
  let node: NodeCertificate;
  let peculiar: InstanceType<typeof x509.X509Certificate>;
  try {
    node = new NodeCertificate(der);
    peculiar = new x509.X509Certificate(der);
  } catch (error) {
    return { ok: false, reason: `not an X.509 certificate (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
  const san = splitSan(node.subjectAltName);
  const ku = peculiar.getExtension(x509.KeyUsagesExtension);
  const eku = peculiar.getExtension(x509.ExtendedKeyUsageExtension);
  const bc = peculiar.getExtension(x509.BasicConstraintsExtension);
  const cn = commonName(node.subject);
  return {
    ok: true,
    cert: {
      subject: node.subject.split('\n').join(', '),
      issuer: node.issuer.split('\n').join(', '),
      ...(cn !== undefined ? { commonName: cn } : {}),
      dnsNames: san.dns,
      ipAddresses: san.ip,
      notBefore: peculiar.notBefore,
      notAfter: peculiar.notAfter,
      ...keyDescription(node.publicKey),
      signatureHash: signatureHash(peculiar.signatureAlgorithm as { name: string; hash?: unknown }),
      isCA: bc?.ca === true,
      ...(ku ? { keyUsage: KEY_USAGE_NAMES.filter(([flag]) => (ku.usages & flag) !== 0).map(([, name]) => name) } : {}),
      ...(eku ? { extKeyUsage: eku.usages.map(String) } : {}),
      selfIssued: node.subject === node.issuer,
      node,
    },
  };
}

/** Did `issuer` sign `cert`? Subject/issuer names match and the signature verifies. */
export function issuedBy(cert: CertInfo, issuer: CertInfo): boolean {
  if (!cert.node.checkIssued(issuer.node)) return false;
  try {
    return cert.node.verify(issuer.node.publicKey);
  } catch {
    // An unsupported key or signature algorithm cannot verify: treated as not issued by it.
    return false;
  }
}
