import { bundleFromJSON, isBundleWithMessageSignature, ValidationError, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { PolicyError, toSignedEntity, toTrustMaterial, VerificationError, Verifier } from '@sigstore/verify';
import { DigestSink } from './file-stream.js';
import { SignatureInputError, SignatureSink, type SignatureVerdict } from './signature.js';
import { SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT } from './trust/sigstore-trusted-root.js';
import { printable } from '../domain/printable.js';

/**
 * Full offline verification of a Sigstore bundle (cosign sign-blob --bundle) with @sigstore/verify and a pinned
 * trusted root: certificate chain at the transparency-log time, SET/inclusion of the Rekor entry, SCTs, signature,
 * identity and issuer. The file itself is never loaded whole: its digest and signature are streamed in kubefort's
 * single pass and handed to @sigstore/verify in place of the in-memory artifact it would otherwise need.
 */

const DIGESTS: Record<string, string> = { SHA2_256: 'sha256', SHA2_384: 'sha384', SHA2_512: 'sha512' };

export interface PreparedBundle {
  bundle: Bundle & { content: { $case: 'messageSignature' } };
  digest: DigestSink;
  signature: SignatureSink;
  expectedDigest: Buffer;
  signatureBytes: Buffer;
}

/** The message of anything a parser threw, on one line: malformed input words its own errors. */
function reason(error: unknown): string {
  if (error instanceof ValidationError) return `${error.message} (${error.fields.join(', ')})`;
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

/**
 * Parses and checks everything in the bundle before the file is read: its JSON shape, and the certificates and
 * log entries inside (DER/ASN.1 that @sigstore/verify would otherwise decode half-way through verification).
 * Whatever is wrong with it is a SignatureInputError `invalid bundle: ...`.
 */
export function prepareBundle(json: unknown): PreparedBundle {
  try {
    let bundle: Bundle;
    try {
      bundle = bundleFromJSON(json);
    } catch (error) {
      throw new SignatureInputError('bundle', `not a Sigstore bundle: ${reason(error)}`);
    }
    if (!isBundleWithMessageSignature(bundle)) throw new SignatureInputError('bundle', 'it holds a DSSE attestation, not a signature over a file');
    toSignedEntity(bundle);
    const { messageDigest, signature } = bundle.content.messageSignature;
    const algorithm = messageDigest === undefined ? 'sha256' : DIGESTS[String(messageDigestName(messageDigest.algorithm))];
    if (algorithm === undefined) throw new SignatureInputError('bundle', 'unsupported message digest algorithm');
    return {
      bundle: bundle as PreparedBundle['bundle'],
      digest: new DigestSink(algorithm as 'sha256'),
      signature: new SignatureSink(algorithm),
      expectedDigest: Buffer.from(messageDigest?.digest ?? []),
      signatureBytes: Buffer.from(signature),
    };
  } catch (error) {
    if (error instanceof SignatureInputError) throw error;
    throw new SignatureInputError('bundle', reason(error));
  }
}

export type TrustMaterial = ReturnType<typeof toTrustMaterial>;

/** The trusted root (a trusted_root.json, or the pinned public-good one) parsed up front: `invalid trusted root: ...`. */
export function prepareTrustMaterial(json: unknown): TrustMaterial {
  try {
    return toTrustMaterial(TrustedRoot.fromJSON(json ?? SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT));
  } catch (error) {
    throw new SignatureInputError('trusted root', reason(error));
  }
}

function messageDigestName(algorithm: number): string | undefined {
  // HashAlgorithm enum values of the Sigstore protobuf specs.
  return ({ 1: 'SHA2_256', 2: 'SHA2_384', 3: 'SHA2_512' } as Record<number, string>)[algorithm];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export interface BundleExpectations {
  identity: string;
  issuer: string;
  trust: TrustMaterial;
  /** cosign's --insecure-ignore-sct: accept a certificate without a CT log proof (private Sigstore without CT). */
  ignoreSct?: boolean;
}

/** After the file went through `prepared.digest` and `prepared.signature`. */
export function judgeBundle(prepared: PreparedBundle, expect: BundleExpectations): SignatureVerdict & { tlogTime?: Date } {
  const checks: SignatureVerdict['checks'] = [];
  const computed = Buffer.from(prepared.digest.hex(), 'hex');
  const digestOk = prepared.expectedDigest.length === 0 || computed.equals(prepared.expectedDigest);
  checks.push({ check: 'digest', ok: digestOk, detail: digestOk
    ? `file ${prepared.digest.algorithm} matches the bundle's message digest`
    : `file ${prepared.digest.algorithm} ${computed.toString('hex')} differs from the bundle's ${prepared.expectedDigest.toString('hex')}` });
  const entity = toSignedEntity(prepared.bundle);
  const original = entity.signature;
  entity.signature = {
    signature: original.signature,
    compareSignature: (sig) => original.compareSignature(sig),
    compareDigest: (d) => original.compareDigest(d),
    verifySignature: (key) => prepared.signature.verify(key, prepared.signatureBytes),
  };
  const verifier = new Verifier(expect.trust, { tlogThreshold: 1, ctlogThreshold: expect.ignoreSct ? 0 : 1, timestampThreshold: 1 });
  // The earliest integration time; a loop, not Math.min(...times), which overflows the stack on a huge entry list.
  let earliest = Infinity;
  for (const entry of prepared.bundle.verificationMaterial.tlogEntries) {
    const t = Number(entry.integratedTime);
    if (t > 0 && t < earliest) earliest = t;
  }
  // A time past what a Date holds (year 275760) is no time at all.
  const tlogTime = earliest < 8.64e12 ? new Date(earliest * 1000) : undefined;
  try {
    // @sigstore/verify matches the SAN as a regular expression; anchor and escape it, then compare exactly below.
    const signer = verifier.verify(entity, { subjectAlternativeName: `^${escapeRegExp(expect.identity)}$`, extensions: { issuer: expect.issuer } });
    const san = signer.identity?.subjectAlternativeName;
    checks.push({ check: 'sigstore', ok: true, detail: `chain, transparency-log entry${expect.ignoreSct ? '' : ', SCT'} and signature verified (@sigstore/verify)` });
    checks.push({ check: 'identity', ok: san === expect.identity, detail: `signer ${san ?? '(none)'}; expected ${expect.identity}` });
    checks.push({ check: 'issuer', ok: signer.identity?.extensions?.issuer === expect.issuer, detail: `OIDC issuer ${signer.identity?.extensions?.issuer ?? '(none)'}; expected ${expect.issuer}` });
  } catch (error) {
    // Anything else is @sigstore/verify tripping over malformed content: the bundle is invalid, not "not verified".
    if (!(error instanceof VerificationError || error instanceof PolicyError)) throw new SignatureInputError('bundle', reason(error));
    const check = error instanceof PolicyError ? 'identity' : 'sigstore';
    checks.push({ check, ok: false, detail: `${error.code}: ${error.message}` });
  }
  return { ok: checks.every((c) => c.ok), checks, signedAt: tlogTime ?? new Date(0), ...(tlogTime === undefined ? {} : { tlogTime }) };
}

export function formatBundleVerdict(file: string, verdict: SignatureVerdict & { tlogTime?: Date }): string {
  const lines = [`${file}: signature OK (Sigstore bundle)`.replace('OK', verdict.ok ? 'OK' : 'FAILED')];
  for (const c of verdict.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.check.padEnd(9)} ${c.detail}`);
  if (verdict.ok && verdict.tlogTime !== undefined) {
    lines.push(`  identity verified, signing time proven by the transparency-log entry (integrated ${verdict.tlogTime.toISOString()})`);
  }
  // Subjects, SANs and issuers come from the certificate: escape control characters.
  return `${lines.map(printable).join('\n')}\n`;
}
