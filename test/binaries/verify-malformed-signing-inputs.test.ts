/* eslint-disable @typescript-eslint/no-explicit-any -- the mutations reach into bundle/trusted-root JSON of a known shape */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVerify, withTempDir } from './cli-run.js';

/**
 * Malformed certificates, bundles and trusted roots (hand-made from test/fixtures/binaries/bundle, the classes a
 * mutation fuzzer found): one line `invalid certificate|bundle|trusted root: FILE: reason`, exit 2, printable,
 * never an internal error.
 */
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'binaries', 'bundle');
const bundle = (): Record<string, any> => JSON.parse(readFileSync(join(FIXTURE, 'kubectl.sigstore.json'), 'utf8')) as Record<string, any>;
const trustedRoot = (): Record<string, any> => JSON.parse(readFileSync(join(FIXTURE, 'trusted_root.json'), 'utf8')) as Record<string, any>;
const leafDer = (): Buffer => Buffer.from(new X509Certificate(Buffer.from(readFileSync(join(FIXTURE, 'kubectl.cert'), 'utf8'), 'base64').toString()).raw);
const pem = (der: Buffer): string => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;

async function verifyIn(files: Record<string, string | Buffer>, args: string[]) {
  return withTempDir('kubefort-badsig-', async (dir) => {
    for (const name of ['kubectl', 'kubectl.sig', 'kubectl.cert', 'ca.pem', 'kubectl.sigstore.json', 'trusted_root.json']) copyFileSync(join(FIXTURE, name), join(dir, name));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return runVerify(['kubectl', ...args], dir);
  });
}
function assertOneLine(r: { code: number; out: string; err: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.out + r.err);
  assert.equal(r.out, '');
  assert.match(r.err, pattern);
  assert.equal(r.err.split('\n').length, 2, `one line: ${r.err}`);
  // eslint-disable-next-line no-control-regex -- output must hold no raw control characters
  assert.doesNotMatch(r.err, /internal error|\n\s+at |[\u0000-\u0009\u000b-\u001f\u007f]/);
}

test('the fixture itself verifies (bundle and certificate), so every failure below is the mutation', async () => {
  const viaBundle = await verifyIn({}, ['--bundle', 'kubectl.sigstore.json', '--trusted-root', 'trusted_root.json', '--insecure-ignore-sct']);
  assert.equal(viaBundle.code, 0, viaBundle.out + viaBundle.err);
  const viaCert = await verifyIn({}, ['--signature', 'kubectl.sig', '--certificate', 'kubectl.cert', '--trusted-root', 'ca.pem']);
  assert.equal(viaCert.code, 0, viaCert.out + viaCert.err);
});

const OID_P256 = Buffer.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);
for (const [name, mutate] of [
  ['an unknown curve OID', (d: Buffer) => { d[d.indexOf(OID_P256) + 7] = 0x09; }],
  ['a broken EC point', (d: Buffer) => { d[d.indexOf(Buffer.from([0x03, 0x42, 0x00, 0x04])) + 3] = 0x09; }],
] as const) {
  test(`--certificate whose public key cannot be decoded (${name}): invalid certificate, not a decode-error crash`, async () => {
    const der = leafDer();
    mutate(der);
    const r = await verifyIn({ 'bad.pem': pem(der) }, ['--signature', 'kubectl.sig', '--certificate', 'bad.pem', '--trusted-root', 'ca.pem']);
    assertOneLine(r, /^kubefort: invalid certificate: bad\.pem: its public key cannot be decoded/);
  });
  test(`--trusted-root with a CA whose public key cannot be decoded (${name}): invalid trusted root`, async () => {
    const der = leafDer();
    mutate(der);
    const root = trustedRoot();
    root.certificateAuthorities[0].certChain.certificates[0].rawBytes = der.toString('base64');
    const r = await verifyIn({ 'root.json': JSON.stringify(root) }, ['--signature', 'kubectl.sig', '--certificate', 'kubectl.cert', '--trusted-root', 'root.json']);
    assertOneLine(r, /^kubefort: invalid trusted root: root\.json: its public key cannot be decoded/);
  });
}

const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');
const bundleCases: Array<[string, (b: Record<string, any>) => void]> = [
  ['a certificate of truncated DER', (b) => { b.verificationMaterial.x509CertificateChain.certificates[0].rawBytes = b64([0x30, 0x82, 0x01]); }],
  ['a certificate with a long-form tag', (b) => { b.verificationMaterial.x509CertificateChain.certificates[0].rawBytes = b64([0x1f, 0x81, 0x80, 0x01, 0x00]); }],
  ['a certificate with a 7-byte length', (b) => { b.verificationMaterial.x509CertificateChain.certificates[0].rawBytes = b64([0x30, 0x87, 1, 1, 1, 1, 1, 1, 1]); }],
  ['a null certificate', (b) => { b.verificationMaterial.x509CertificateChain.certificates[0] = null; }],
  ['a certificate list that is a number', (b) => { b.verificationMaterial.x509CertificateChain = 7; }],
  ['an unknown digest algorithm enum', (b) => { b.messageSignature.messageDigest.algorithm = 'SHA2_999'; }],
  ['a signature that is a map', (b) => { b.messageSignature.signature = { a: 1 }; }],
  ['a log entry without a body', (b) => { delete b.verificationMaterial.tlogEntries[0].canonicalizedBody; }],
  ['an integratedTime past any date', (b) => { b.verificationMaterial.tlogEntries[0].integratedTime = '99999999999999999999'; }],
  ['control characters in the media type', (b) => { b.mediaType = '\u001b]0;pwned\u0007'; }],
];
for (const [name, mutate] of bundleCases) {
  test(`--bundle with ${name}: invalid bundle, one printable line, exit 2`, async () => {
    const b = bundle();
    mutate(b);
    const r = await verifyIn({ 'b.json': JSON.stringify(b) }, ['--bundle', 'b.json', '--trusted-root', 'trusted_root.json', '--insecure-ignore-sct']);
    if (r.code === 1) {
      // A well-formed bundle that simply does not verify is a verdict, which is fine: but never an internal error.
      assert.match(r.out, /signature FAILED/);
      return;
    }
    assertOneLine(r, /^kubefort: invalid bundle: b\.json: /);
  });
}

const rootCases: Array<[string, (r: Record<string, any>) => void]> = [
  ['a certificate authority without a chain', (r) => { delete r.certificateAuthorities[0].certChain; }],
  ['a null certificate authority', (r) => { r.certificateAuthorities[0] = null; }],
  ['a truncated CA certificate', (r) => { r.certificateAuthorities[0].certChain.certificates[0].rawBytes = b64([0x30, 0x82, 0x05, 0x00, 0x01]); }],
  ['an unknown key details enum', (r) => { r.tlogs[0].publicKey.keyDetails = 'PKIX_NOPE'; }],
  ['a log public key of garbage', (r) => { r.tlogs[0].publicKey.rawBytes = b64([0x30, 0x03, 0x02, 0x01]); }],
  ['a validFor that is not a date', (r) => { r.certificateAuthorities[0].validFor.start = 'yesterday\u001b[31m'; }],
];
for (const [name, mutate] of rootCases) {
  test(`--trusted-root with ${name}: invalid trusted root (or a failed verdict), never an internal error`, async () => {
    const root = trustedRoot();
    mutate(root);
    for (const args of [['--bundle', 'kubectl.sigstore.json', '--insecure-ignore-sct'], ['--signature', 'kubectl.sig', '--certificate', 'kubectl.cert']]) {
      const r = await verifyIn({ 'root.json': JSON.stringify(root) }, [...args, '--trusted-root', 'root.json']);
      // With --certificate only the root's certificate authorities are used: a broken log key there changes nothing.
      if (r.code === 0 && args[0] === '--signature' && !name.includes('authorit') && !name.includes('CA')) continue;
      if (r.code === 1) {
        assert.match(r.out, /signature FAILED/);
        continue;
      }
      assertOneLine(r, /^kubefort: invalid trusted root: root\.json: /);
    }
  });
}

test('--bundle that is not JSON, with raw control bytes: the bytes are escaped in the one line', async () => {
  const r = await verifyIn({ 'b.json': Buffer.from('{\u001b]0;pwned\u0007', 'latin1') }, ['--bundle', 'b.json']);
  assertOneLine(r, /^kubefort: invalid bundle: b\.json: not JSON: /);
});
