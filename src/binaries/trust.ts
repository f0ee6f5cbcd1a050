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
    label: `${label} CA #${i + 1}${ca.uri ? ` (${ca.uri})` : ''}`,
    ...(ca.validFor?.start ? { validFrom: new Date(ca.validFor.start) } : {}),
    ...(ca.validFor?.end ? { validTo: new Date(ca.validFor.end) } : {}),
    certificates: (ca.certChain?.certificates ?? []).map((c) => new X509Certificate(Buffer.from(c.rawBytes ?? '', 'base64'))),
  }));
}
