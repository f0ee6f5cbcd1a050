/** Checks on the certificate chain of a TLS Secret: hosts, validity, key, algorithms, chain order, usages. */
import { rootCertificates } from 'node:tls';
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { Finding } from '../domain/finding.js';
import type { SourceLocation } from '../domain/evidence.js';
import { EKU_ANY, EKU_SERVER_AUTH, issuedBy, type CertInfo } from './cert.js';
import { coverage } from './hosts.js';
import { finding } from './finding.js';

export interface CertContext {
  /** `ns/name` of the Secret, for messages. */
  secret: string;
  subject: string;
  location: SourceLocation | undefined;
  now: Date;
  expiryWarnMs: number;
}

const WEAK_HASHES = new Set(['MD2', 'MD4', 'MD5', 'SHA-1']);
const STRONG_CURVES = new Set(['P-256', 'P-384', 'P-521']);
const DAY = 86_400_000;

/**
 * Subject equals issuer and the certificate's own key verifies its signature. Not X509_check_issued: that also
 * wants keyCertSign in the issuer's keyUsage, which a self-signed server certificate rightly lacks.
 */
export function isSelfSigned(cert: CertInfo): boolean {
  if (!cert.selfIssued) return false;
  const known = selfSigned.get(cert);
  if (known !== undefined) return known;
  let verified: boolean;
  try {
    verified = cert.node.verify(cert.node.publicKey);
  } catch {
    // A key type OpenSSL cannot verify with: not provably self-signed.
    verified = false;
  }
  selfSigned.set(cert, verified);
  return verified;
}

/** A signature verification per certificate, not one per question asked about it. */
const selfSigned = new WeakMap<CertInfo, boolean>();

let roots: X509Certificate[] | undefined;
/** Node's bundled Mozilla root store: a leaf issued by one of them needs no intermediate in tls.crt. */
function issuedByKnownRoot(cert: CertInfo): boolean {
  roots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  return roots.some((root) => {
    if (!cert.node.checkIssued(root)) return false;
    try {
      return cert.node.verify(root.publicKey);
    } catch {
      // A root whose key type cannot verify this signature did not issue it.
      return false;
    }
  });
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Leaf-first order built by following issuers through the bundle; the certificates it does not reach are left out. */
function walk(chain: readonly CertInfo[]): CertInfo[] {
  const [leaf] = chain;
  if (!leaf) return [];
  const path = [leaf];
  let current = leaf;
  while (!isSelfSigned(current)) {
    const next = chain.find((c) => !path.includes(c) && issuedBy(current, c));
    if (!next) break;
    path.push(next);
    current = next;
  }
  return path;
}

export function checkChain(chain: readonly CertInfo[], key: KeyObject | undefined, hosts: readonly string[], ctx: CertContext): Finding[] {
  const out: Finding[] = [];
  const at = { subject: ctx.subject, location: ctx.location };
  const leaf = chain[0];
  if (!leaf) return out;
  const name = `certificate ${leaf.subject || '(empty subject)'} in Secret ${ctx.secret}`;

  for (const host of hosts) {
    const how = coverage(leaf, host);
    if (how === 'none') out.push(finding('ING020', `host ${host} is not covered by ${name} (SANs: ${leaf.dnsNames.concat(leaf.ipAddresses).join(', ') || 'none'})`, at));
    else if (how === 'cn-only') out.push(finding('ING020', `host ${host} matches only the subject CN of ${name}, not a SAN: browsers ignore the CN and reject it`, at));
  }

  const now = ctx.now.getTime();
  if (now > leaf.notAfter.getTime()) out.push(finding('ING021', `${name} expired on ${leaf.notAfter.toISOString()}`, at));
  else if (now < leaf.notBefore.getTime()) out.push(finding('ING022', `${name} is not valid before ${leaf.notBefore.toISOString()}`, at));
  else if (leaf.notAfter.getTime() - now < ctx.expiryWarnMs) {
    const days = Math.floor((leaf.notAfter.getTime() - now) / DAY);
    out.push(finding('ING023', `${name} expires on ${leaf.notAfter.toISOString()} (in ${days} day(s), within --expiry-warn ${Math.round(ctx.expiryWarnMs / DAY)}d)`, at));
  }

  if (key !== undefined && !leaf.node.checkPrivateKey(key)) out.push(finding('ING024', `tls.key of Secret ${ctx.secret} is not the private key of its tls.crt leaf ${leaf.subject}`, at));

  if ((leaf.keyAlgorithm === 'RSA' && (leaf.keyBits ?? 0) < 2048) || (leaf.keyAlgorithm === 'EC' && !STRONG_CURVES.has(leaf.curve ?? ''))) {
    out.push(finding('ING025', `${name} has a weak ${leaf.keyType} key`, at));
  }

  const ordered = walk(chain);
  // An expired intermediate breaks the chain as surely as an expired leaf (a root is the client's, not judged here).
  for (const c of ordered.slice(1).filter((c) => !isSelfSigned(c) && now > c.notAfter.getTime())) {
    out.push(finding('ING021', `intermediate certificate ${c.subject} in Secret ${ctx.secret} expired on ${c.notAfter.toISOString()}`, at));
  }
  for (const c of ordered.filter((c) => !isSelfSigned(c))) {
    if (WEAK_HASHES.has(c.signatureHash)) out.push(finding('ING026', `certificate ${c.subject} in Secret ${ctx.secret} is signed with ${c.signatureHash}`, at));
  }

  const selfSigned = isSelfSigned(leaf);
  if (selfSigned) out.push(finding('ING027', `${name} is self-signed: clients will not trust it unless they import it`, at));
  if (leaf.isCA) out.push(finding('ING028', `the first certificate of tls.crt in Secret ${ctx.secret} (${leaf.subject}) is a CA certificate (basicConstraints cA: true), not a server certificate; Firefox rejects it as an end-entity certificate`, at));

  const misplaced = ordered.findIndex((c, i) => chain[i] !== c);
  if (misplaced >= 0) {
    const want = ordered[misplaced] as CertInfo;
    out.push(finding('ING029', `tls.crt of Secret ${ctx.secret} is not in leaf-to-issuer order: certificate ${misplaced + 1} should be ${want.subject}, the issuer of certificate ${misplaced}, which is certificate ${chain.indexOf(want) + 1}`, at));
  }
  if (misplaced < 0 && ordered.length < chain.length) out.push(finding('ING029', `tls.crt of Secret ${ctx.secret} holds ${chain.length - ordered.length} certificate(s) that are not in the leaf's issuer chain`, at));

  const top = ordered[ordered.length - 1] as CertInfo;
  if (top === leaf && !selfSigned && !issuedByKnownRoot(leaf)) {
    out.push(finding('ING030', `tls.crt of Secret ${ctx.secret} holds only the leaf; its issuer ${leaf.issuer} is neither in tls.crt nor a well-known root`, at));
  }

  if (leaf.keyUsage !== undefined) {
    const ds = leaf.keyUsage.includes('digitalSignature');
    const ke = leaf.keyUsage.includes('keyEncipherment');
    const ok = leaf.keyAlgorithm === 'RSA' ? ds || ke : ds;
    if (!ok) out.push(finding('ING031', `${name} keyUsage (${leaf.keyUsage.join(', ') || 'empty'}) has no ${leaf.keyAlgorithm === 'RSA' ? 'digitalSignature or keyEncipherment' : 'digitalSignature'}`, at));
  }
  if (leaf.extKeyUsage !== undefined && !leaf.extKeyUsage.includes(EKU_SERVER_AUTH) && !leaf.extKeyUsage.includes(EKU_ANY)) {
    out.push(finding('ING032', `${name} extendedKeyUsage (${leaf.extKeyUsage.join(', ')}) has no serverAuth`, at));
  }
  return out;
}

/** One-line summary of a leaf for the chain drawing. */
export function describeLeaf(chain: readonly CertInfo[]): string {
  const leaf = chain[0];
  if (!leaf) return 'no certificate';
  const sans = leaf.dnsNames.concat(leaf.ipAddresses);
  const parts = [
    leaf.commonName !== undefined ? `CN=${leaf.commonName}` : leaf.subject || 'empty subject',
    `SAN ${sans.join(',') || 'none'}`,
    leaf.keyType,
    leaf.signatureHash,
    `${isoDay(leaf.notBefore)}..${isoDay(leaf.notAfter)}`,
  ];
  if (isSelfSigned(leaf)) parts.push('self-signed');
  else parts.push(`issuer ${leaf.issuer}`);
  if (chain.length > 1) parts.push(`+${chain.length - 1} in chain`);
  return parts.join(', ');
}
