/**
 * A Sigstore bundle (v0.1, message signature, hashedrekord 0.0.1 tlog entry with a signed entry timestamp) and a
 * matching trusted_root.json, made from the test PKI and a throw-away "Rekor" key, so that --bundle can be tested
 * end to end offline. Test code only.
 */
import { createHash, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64');
const der = (pemPath: string): Buffer => new X509Certificate(readFileSync(pemPath)).raw;

export function testRekor() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, spki, keyId: createHash('sha256').update(spki).digest() };
}
export type TestRekor = ReturnType<typeof testRekor>;

export function trustedRootJson(rekor: TestRekor, caChainPems: string[]): unknown {
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [{ baseUrl: 'https://rekor.test.invalid', hashAlgorithm: 'SHA2_256',
      publicKey: { rawBytes: b64(rekor.spki), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: '2020-01-01T00:00:00Z' } },
      logId: { keyId: b64(rekor.keyId) } }],
    certificateAuthorities: [{ subject: { organization: 'kubefort-test', commonName: 'test-root' }, uri: 'https://fulcio.test.invalid',
      certChain: { certificates: caChainPems.map((p) => ({ rawBytes: b64(der(p)) })) }, validFor: { start: '2020-01-01T00:00:00Z' } }],
    ctlogs: [],
    timestampAuthorities: [],
  };
}

/** `signatureB64` over `artifact` by the leaf in `leafPem`; the tlog entry is signed by `rekor` at `integratedTime`. */
export function bundleJson(rekor: TestRekor, leafPem: string, artifact: Buffer, signatureB64: string, integratedTime: number): unknown {
  const digest = createHash('sha256').update(artifact).digest();
  const body = JSON.stringify({ apiVersion: '0.0.1', kind: 'hashedrekord', spec: {
    data: { hash: { algorithm: 'sha256', value: digest.toString('hex') } },
    signature: { content: signatureB64, publicKey: { content: b64(readFileSync(leafPem)) } } } });
  const logIndex = 42;
  // Rekor signs the canonical JSON (sorted keys, no spaces) of body, integratedTime, logID, logIndex.
  const payload = `{"body":"${b64(body)}","integratedTime":${integratedTime},"logID":"${rekor.keyId.toString('hex')}","logIndex":${logIndex}}`;
  const set = sign('sha256', Buffer.from(payload), rekor.privateKey);
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: b64(der(leafPem)) }] },
      tlogEntries: [{ logIndex: String(logIndex), logId: { keyId: b64(rekor.keyId) }, kindVersion: { kind: 'hashedrekord', version: '0.0.1' },
        integratedTime: String(integratedTime), inclusionPromise: { signedEntryTimestamp: b64(set) }, canonicalizedBody: b64(body) }],
    },
    messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: b64(digest) }, signature: signatureB64 },
  };
}
