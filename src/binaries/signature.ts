import { createVerify, type KeyObject, type Verify, type X509Certificate } from 'node:crypto';
import { certificateIdentity, type CertificateIdentity } from './fulcio-cert.js';
import { buildChain, certificateTime, checkedCertificate, type TrustedAuthority } from './trust.js';
import type { ChunkSink } from './file-stream.js';
import { DerError } from './der.js';
import { printable } from '../domain/printable.js';

/**
 * cosign keyless blob signatures as Kubernetes publishes them next to each binary: FILE.sig is base64 of an
 * ASN.1/DER ECDSA signature over the file's bytes (SHA-256 for P-256 keys, SHA-384 for P-384), FILE.cert is the
 * short-lived Fulcio certificate, PEM, itself base64-encoded once more. Pure apart from the streamed file bytes.
 */

export const TIME_NOT_PROVEN = 'identity verified, signing time not proven (no transparency-log entry or timestamp)';

/** A signing input that cannot be used: `input` names which (the CLI adds its file), `detail` says why. */
export class SignatureInputError extends Error {
  constructor(readonly input: 'certificate' | 'signature' | 'bundle' | 'trusted root', readonly detail: string) {
    super(`invalid ${input}: ${detail}`);
    this.name = 'SignatureInputError';
  }
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Certificates from PEM text, base64-wrapped PEM (Kubernetes' .cert), or DER bytes; leaf first. */
export function parseCertificates(bytes: Buffer): X509Certificate[] {
  let text = bytes.toString('latin1');
  let der: Buffer | undefined;
  if (!text.includes('-----BEGIN CERTIFICATE-----') && /^[A-Za-z0-9+/=\s]+$/.test(text)) {
    const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64');
    if (decoded.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) text = decoded.toString('latin1');
    else if (decoded[0] === 0x30) der = decoded;
  }
  if (der === undefined && bytes[0] === 0x30 && !text.includes('-----BEGIN CERTIFICATE-----')) der = bytes;
  const blocks = der !== undefined ? [der] : text.match(PEM) ?? [];
  if (blocks.length === 0) throw new SignatureInputError('certificate', 'none found (expected PEM, base64-wrapped PEM or DER)');
  try {
    return blocks.map((b) => checkedCertificate(b));
  } catch (error) {
    throw new SignatureInputError('certificate', `${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The DER signature from a .sig file: base64 text (cosign's --output-signature) or raw DER. */
export function parseSignature(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.length > 0) {
    const der = Buffer.from(text.replace(/\s+/g, ''), 'base64');
    if (der[0] === 0x30) return der;
  }
  if (bytes[0] === 0x30) return bytes;
  throw new SignatureInputError('signature', 'neither base64 of a DER signature nor DER');
}

/** The digest cosign uses for the key: SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521. */
export function digestForKey(key: KeyObject): string {
  if (key.asymmetricKeyType !== 'ec') throw new SignatureInputError('certificate', `unsupported key type ${key.asymmetricKeyType ?? '?'} (ECDSA only)`);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const digest = curve === 'prime256v1' ? 'sha256' : curve === 'secp384r1' ? 'sha384' : curve === 'secp521r1' ? 'sha512' : undefined;
  if (digest === undefined) throw new SignatureInputError('certificate', `unsupported curve ${curve ?? '?'}`);
  return digest;
}

/** Streams the file into a signature verifier (same pass as hashing). */
export class SignatureSink implements ChunkSink {
  private readonly verifier: Verify;
  constructor(readonly digest: string) {
    this.verifier = createVerify(digest);
  }
  update(chunk: Buffer): void {
    this.verifier.update(chunk);
  }
  verify(key: KeyObject, signature: Buffer): boolean {
    return this.verifier.verify({ key, dsaEncoding: 'der' }, signature);
  }
}

export interface SignatureExpectations {
  identity: string;
  issuer: string;
  authorities: readonly TrustedAuthority[];
}

export interface SignatureVerdict {
  ok: boolean;
  /** Each check in order, with its outcome; the first failing one explains the verdict. */
  checks: Array<{ check: string; ok: boolean; detail: string }>;
  identity?: CertificateIdentity;
  signedAt: Date;
}

/** Judges a certificate + signature after the file bytes went through `sink`. */
export function judgeSignature(leaf: X509Certificate, signature: Buffer, sink: SignatureSink, expect: SignatureExpectations): SignatureVerdict {
  const signedAt = certificateTime(leaf.validFrom);
  const checks: SignatureVerdict['checks'] = [];
  let signatureOk = false;
  try {
    signatureOk = sink.verify(leaf.publicKey, signature);
  } catch (error) {
    checks.push({ check: 'signature', ok: false, detail: `unverifiable signature: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (checks.length === 0) {
    checks.push({ check: 'signature', ok: signatureOk, detail: signatureOk
      ? `${sink.digest} ECDSA signature over the file verifies with the certificate's key`
      : 'the signature does not match the file (file modified, or signature/certificate of another file)' });
  }
  const chain = buildChain(leaf, expect.authorities, signedAt);
  checks.push(chain.ok
    ? { check: 'chain', ok: true, detail: `${[name(leaf), ...chain.chain].join(' <- ')} (${chain.authority}), at the certificate's notBefore ${signedAt.toISOString()}` }
    : { check: 'chain', ok: false, detail: chain.reason });
  let identity: CertificateIdentity | undefined;
  try {
    identity = certificateIdentity(leaf.raw);
  } catch (error) {
    if (!(error instanceof DerError)) throw error;
    checks.push({ check: 'identity', ok: false, detail: `malformed certificate extensions: ${error.message}` });
  }
  if (identity !== undefined) {
    // Fulcio always issues the codeSigning EKU and cosign requires it; a certificate without it was not meant for this.
    const eku = identity.codeSigning;
    checks.push({ check: 'usage', ok: eku, detail: eku ? 'certificate allows code signing' : identity.hasExtKeyUsage ? 'certificate is not for code signing (its extended key usage lacks codeSigning)' : 'certificate has no extended key usage; Fulcio certificates carry codeSigning' });
    const who = identity.emails.includes(expect.identity) || identity.uris.includes(expect.identity);
    checks.push({ check: 'identity', ok: who, detail: `signer ${[...identity.emails, ...identity.uris].join(', ') || '(none)'}; expected ${expect.identity}` });
    const iss = identity.issuer === expect.issuer;
    checks.push({ check: 'issuer', ok: iss, detail: `OIDC issuer ${identity.issuer ?? '(none)'}${identity.issuerSource ? ` (extension ${identity.issuerSource})` : ''}; expected ${expect.issuer}` });
  }
  return { ok: checks.every((c) => c.ok), checks, ...(identity === undefined ? {} : { identity }), signedAt };
}

const name = (cert: X509Certificate): string => cert.subject.replace(/\n/g, ', ') || '(leaf)';

export function formatSignatureVerdict(file: string, verdict: SignatureVerdict): string {
  const lines = [`${file}: signature ${verdict.ok ? 'OK' : 'FAILED'}`];
  for (const c of verdict.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.check.padEnd(9)} ${c.detail}`);
  if (verdict.ok) lines.push(`  ${TIME_NOT_PROVEN}`);
  // Subjects, SANs and issuers come from the certificate: escape control characters.
  return `${lines.map(printable).join('\n')}\n`;
}
