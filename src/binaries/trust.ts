import { X509Certificate } from 'node:crypto';
import { SIGSTORE_PUBLIC_GOOD_FULCIO, type PinnedCertificateAuthority } from './trust/sigstore-fulcio.js';

/**
 * Chain building from a signing certificate to a pinned certificate authority, evaluated at one instant (the
 * leaf's own notBefore: without a transparency-log entry or timestamp that is the only time we have).
 */

export interface TrustedAuthority {
  label: string;
  /** The leaf's notBefore must fall in this window (Sigstore's trusted root gives one per Fulcio CA). */
  validFrom?: Date;
  validTo?: Date;
  certificates: X509Certificate[];
}

export function pinnedAuthorities(pinned: readonly PinnedCertificateAuthority[] = SIGSTORE_PUBLIC_GOOD_FULCIO): TrustedAuthority[] {
  return pinned.map((ca, i) => ({
    label: `Sigstore public-good Fulcio CA #${i + 1} (${ca.uri}, pinned)`,
    validFrom: new Date(ca.validFrom),
    ...(ca.validTo === undefined ? {} : { validTo: new Date(ca.validTo) }),
    certificates: ca.chain.map((pem) => new X509Certificate(pem)),
  }));
}

/**
 * A certificate whose public key can be used: node:crypto parses an X.509 certificate lazily, and a key it cannot
 * decode only throws (`error:03000072:digital envelope routines::decode error`) when first used.
 */
export function checkedCertificate(input: Buffer | string): X509Certificate {
  const cert = new X509Certificate(input);
  try {
    void cert.publicKey.asymmetricKeyType;
  } catch (error) {
    throw new Error(`its public key cannot be decoded (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  return cert;
}

export function certificateTime(text: string): Date {
  return new Date(text);
}

function validAt(cert: X509Certificate, at: Date): boolean {
  return certificateTime(cert.validFrom) <= at && at <= certificateTime(cert.validTo);
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

export type ChainResult =
  | { ok: true; authority: string; chain: string[] }
  | { ok: false; reason: string };

const name = (cert: X509Certificate): string => cert.subject.replace(/\n/g, ', ') || '(empty subject)';

/** Walks leaf -> issuer -> ... -> a self-signed certificate, each link signature-checked, CA and valid at `at`. */
export function buildChain(leaf: X509Certificate, authorities: readonly TrustedAuthority[], at: Date): ChainResult {
  const reasons: string[] = [];
  for (const authority of authorities) {
    if ((authority.validFrom && at < authority.validFrom) || (authority.validTo && at > authority.validTo)) {
      reasons.push(`${authority.label}: not valid at ${at.toISOString()}`);
      continue;
    }
    const chain: X509Certificate[] = [];
    let current = leaf;
    for (let depth = 0; depth < 8; depth++) {
      const parent = authority.certificates.find((c) => issuedBy(current, c));
      if (parent === undefined) break;
      chain.push(parent);
      if (issuedBy(parent, parent)) break;
      current = parent;
    }
    const top = chain.at(-1);
    if (top === undefined) { reasons.push(`${authority.label}: did not issue this certificate`); continue; }
    if (!issuedBy(top, top)) { reasons.push(`${authority.label}: chain does not reach a root`); continue; }
    const bad = chain.find((c) => !c.ca || !validAt(c, at));
    if (bad !== undefined) { reasons.push(`${authority.label}: ${name(bad)} is not a CA valid at ${at.toISOString()}`); continue; }
    return { ok: true, authority: authority.label, chain: chain.map(name) };
  }
  return { ok: false, reason: `certificate does not chain to a trusted root (${reasons.join('; ')})` };
}

interface TrustedRootJson {
  certificateAuthorities?: Array<{ uri?: string; validFor?: { start?: string; end?: string }; certChain?: { certificates?: Array<{ rawBytes?: string }> } }>;
}

/** The certificate authorities of a Sigstore trusted_root.json (e.g. a private instance's). */
export function authoritiesFromTrustedRoot(json: unknown, label: string): TrustedAuthority[] {
  const cas = (json as TrustedRootJson | null)?.certificateAuthorities;
  if (!Array.isArray(cas) || cas.length === 0) throw new Error('no certificateAuthorities in the trusted root');
  return cas.map((ca, i) => ({
    label: `${label} CA #${i + 1}${typeof ca?.uri === 'string' ? ` (${ca.uri})` : ''}`,
    ...(typeof ca?.validFor?.start === 'string' ? { validFrom: validDate(ca.validFor.start) } : {}),
    ...(typeof ca?.validFor?.end === 'string' ? { validTo: validDate(ca.validFor.end) } : {}),
    certificates: (Array.isArray(ca?.certChain?.certificates) ? ca.certChain.certificates : [])
      .map((c) => checkedCertificate(Buffer.from(typeof c?.rawBytes === 'string' ? c.rawBytes : '', 'base64'))),
  }));
}

function validDate(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`validFor time ${JSON.stringify(text.slice(0, 40))} is not a date`);
  return date;
}
