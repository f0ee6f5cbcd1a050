import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { X509Certificate } from 'node:crypto';
import { certificateIdentity } from '../../src/binaries/fulcio-cert.js';
import { buildChain, pinnedAuthorities } from '../../src/binaries/trust.js';
import { TIME_NOT_PROVEN } from '../../src/binaries/signature.js';
import { createTestPki, type LeafSpec, type TestPki } from './test-pki.js';
import { runVerify } from './cli-run.js';

const KREL = 'krel-staging@k8s-releng-prod.iam.gserviceaccount.com';
const GOOGLE = 'https://accounts.google.com';
let dir = '';
let pki: TestPki;
const BINARY = Buffer.from('\x7fELF fake kubectl for signature tests\n', 'latin1');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubefort-sig-'));
  pki = await createTestPki(dir);
  writeFileSync(join(dir, 'kubectl'), BINARY);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Signs the fake kubectl with a fresh leaf; writes NAME.sig and NAME.cert (base64-wrapped PEM unless rawPem). */
async function signed(name: string, spec: LeafSpec, options: { rawPem?: boolean; by?: 'untrusted'; data?: Buffer } = {}) {
  const leaf = await pki.leaf(name, spec, options.by === 'untrusted' ? pki.untrusted : undefined);
  const pem = readFileSync(leaf.cert, 'utf8');
  writeFileSync(join(dir, `${name}.sig`), `${leaf.sign(options.data ?? BINARY)}\n`);
  writeFileSync(join(dir, `${name}.cert`), options.rawPem ? pem : Buffer.from(pem).toString('base64'));
  return { sig: `${name}.sig`, cert: `${name}.cert`, pem };
}

const verify = (args: string[]) => runVerify(['kubectl', '--trusted-root', 'trusted-root.pem', ...args], dir);

const good: LeafSpec = { email: KREL, issuerV1: GOOGLE, issuerV2: GOOGLE };

test('good signature, base64-wrapped PEM certificate (as Kubernetes publishes): OK, and says signing time is not proven', async () => {
  const s = await signed('good', good);
  const r = await verify(['--signature', s.sig, '--certificate', s.cert]);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^kubectl: signature OK$/m);
  assert.ok(r.out.includes(`  ${TIME_NOT_PROVEN}\n`));
  assert.match(r.out, /identity +signer krel-staging@k8s-releng-prod\.iam\.gserviceaccount\.com/);
  assert.match(r.out, /issuer +OIDC issuer https:\/\/accounts\.google\.com \(extension 1\.3\.6\.1\.4\.1\.57264\.1\.8\)/);
});

test('good signature, raw PEM certificate and a P-384 key (SHA-384) are accepted too', async () => {
  const s = await signed('good384', { ...good, curve: 'secp384r1' }, { rawPem: true });
  const r = await verify(['--signature', s.sig, '--certificate', s.cert]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /sha384 ECDSA signature over the file verifies/);
});

test('legacy issuer extension 1.3.6.1.4.1.57264.1.1 (raw string) alone is read', async () => {
  const s = await signed('legacy', { email: KREL, issuerV1: GOOGLE });
  const r = await verify(['--signature', s.sig, '--certificate', s.cert]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /\(extension 1\.3\.6\.1\.4\.1\.57264\.1\.1\)/);
});

test('tampered file: signature FAILED, exit 1', async () => {
  const s = await signed('tampered', good, { data: Buffer.concat([BINARY, Buffer.from('x')]) });
  const r = await verify(['--signature', s.sig, '--certificate', s.cert]);
  assert.equal(r.code, 1);
  assert.match(r.out, /^kubectl: signature FAILED$/m);
  assert.match(r.out, /FAIL signature +the signature does not match the file/);
  assert.doesNotMatch(r.out, /identity verified/);
});

test('wrong identity: a valid signature by someone else fails; --certificate-identity overrides', async () => {
  const s = await signed('mallory', { ...good, email: 'mallory@example.com' });
  const r = await verify(['--signature', s.sig, '--certificate', s.cert]);
  assert.equal(r.code, 1);
  assert.match(r.out, /FAIL identity +signer mallory@example\.com; expected krel-staging@/);
  const overridden = await verify(['--signature', s.sig, '--certificate', s.cert, '--certificate-identity', 'mallory@example.com']);
  assert.equal(overridden.code, 0, overridden.out);
});

test('a workload identity (SAN URI, GitHub Actions issuer) matches --certificate-identity given as that URI', async () => {
  const workflow = 'https://github.com/kubernetes-sigs/example/.github/workflows/release.yml@refs/tags/v1.0.0';
  const actions = 'https://token.actions.githubusercontent.com';
  const s = await signed('workload', { uri: workflow, issuerV2: actions });
  const r = await verify(['--signature', s.sig, '--certificate', s.cert, '--certificate-identity', workflow, '--certificate-oidc-issuer', actions]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /ok +identity +signer https:\/\/github\.com\/kubernetes-sigs\/example\/\.github\/workflows\/release\.yml@refs\/tags\/v1\.0\.0;/);
  assert.equal((await verify(['--signature', s.sig, '--certificate', s.cert, '--certificate-oidc-issuer', actions])).code, 1);
});

test('wrong issuer: right email from another OIDC issuer fails; --certificate-oidc-issuer overrides', async () => {
  const s = await signed('wrong-issuer', { email: KREL, issuerV2: 'https://token.actions.githubusercontent.com' });
  const r = await verify(['--signature', s.sig, '--certificate', s.cert]);
  assert.equal(r.code, 1);
  assert.match(r.out, /FAIL issuer +OIDC issuer https:\/\/token\.actions\.githubusercontent\.com/);
  const overridden = await verify(['--signature', s.sig, '--certificate', s.cert, '--certificate-oidc-issuer', 'https://token.actions.githubusercontent.com']);
  assert.equal(overridden.code, 0);
});

test('untrusted chain: a certificate from a different CA fails even with the right identity', async () => {
  const s = await signed('untrusted', good, { by: 'untrusted' });
  const r = await verify(['--signature', s.sig, '--certificate', s.cert]);
  assert.equal(r.code, 1);
  assert.match(r.out, /FAIL chain +certificate does not chain to a trusted root/);
});

test('the pinned Sigstore public-good Fulcio CAs do not trust the test CA (the default trust is not the test one)', async () => {
  const s = await signed('pinned', good);
  const ctx = await runVerify(['kubectl', '--signature', s.sig, '--certificate', s.cert], dir);
  assert.equal(ctx.code, 1);
  assert.match(ctx.out, /FAIL chain .*Sigstore public-good Fulcio CA #2 \(https:\/\/fulcio\.sigstore\.dev, pinned\): did not issue this certificate/);
});

test('a leaf without the codeSigning extended key usage is refused', async () => {
  const s = await signed('no-eku', { ...good, codeSigning: false });
  const r = await verify(['--signature', s.sig, '--certificate', s.cert]);
  assert.equal(r.code, 1);
  assert.match(r.out, /FAIL usage/);
});

test('signature and checksum in the same single pass: both reported', async () => {
  const s = await signed('both', good);
  const sha = (await import('node:crypto')).createHash('sha256').update(BINARY).digest('hex');
  const r = await verify(['--signature', s.sig, '--certificate', s.cert, '--sha256', sha]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /^kubectl: OK \(sha256 /m);
  assert.match(r.out, /^kubectl: signature OK$/m);
});

test('certificate extension parsing: SAN email, both issuer OIDs, EKU (DER read by hand)', async () => {
  const s = await signed('parse', good);
  const id = certificateIdentity(new X509Certificate(s.pem).raw);
  assert.deepEqual([id.emails, id.issuer, id.issuerSource, id.codeSigning], [[KREL], GOOGLE, '1.3.6.1.4.1.57264.1.8', true]);
});

test('the pinned Fulcio chains are self-consistent: intermediate issued by the root, both CAs', () => {
  const [, current] = pinnedAuthorities();
  assert.ok(current !== undefined);
  const [intermediate] = current.certificates;
  assert.ok(intermediate !== undefined);
  const result = buildChain(intermediate, [current], new Date('2025-01-01T00:00:00Z'));
  assert.deepEqual(result, { ok: true, authority: current.label, chain: ['O=sigstore.dev, CN=sigstore'] });
});

const bad: Array<[string, string, string, RegExp]> = [
  ['a certificate file that is not a certificate', 'garbage.cert', 'hello world\n', /^kubefort: invalid certificate: garbage\.cert: none found/],
  ['a signature file that is not a signature', 'garbage.sig', 'not base64 at all!\n', /^kubefort: invalid signature: garbage\.sig: neither base64/],
  ['a certificate file that looks like DER but is not', 'fake-der.cert', '0\x82garbage that starts like a DER SEQUENCE', /^kubefort: invalid certificate: fake-der\.cert: /],
  ['a PEM block with a broken body', 'broken.cert', '-----BEGIN CERTIFICATE-----\nMIIBroken\n-----END CERTIFICATE-----\n', /^kubefort: invalid certificate: broken\.cert: /],
];
for (const [name, file, content, pattern] of bad) {
  test(`bad input (exit 2): ${name}`, async () => {
    const s = await signed(`bad-${file}`, good);
    writeFileSync(join(dir, file), content);
    const args = file.endsWith('.cert') ? ['--signature', s.sig, '--certificate', file] : ['--signature', file, '--certificate', s.cert];
    const r = await verify(args);
    assert.equal(r.code, 2);
    assert.match(r.err, pattern);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });
}

test('--signature without --certificate is a usage error', async () => {
  const r = await verify(['--signature', 'x.sig']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--signature and --certificate go together/);
});

test('--bundle: full offline verification (chain at tlog time, signed entry timestamp, signature, identity); tampered file and wrong identity fail', async () => {
  const { testRekor, trustedRootJson, bundleJson } = await import('./test-bundle.js');
  const rekor = testRekor();
  writeFileSync(join(dir, 'trusted_root.json'), JSON.stringify(trustedRootJson(rekor, pki.caChain)));
  const leaf = await pki.leaf('bundled', good);
  const signature = leaf.sign(BINARY);
  const now = Math.floor(Date.now() / 1000) + 5;
  writeFileSync(join(dir, 'kubectl.sigstore.json'), JSON.stringify(bundleJson(rekor, leaf.cert, BINARY, signature, now)));
  const base = ['--bundle', 'kubectl.sigstore.json', '--trusted-root', 'trusted_root.json', '--insecure-ignore-sct'];
  const { code, out, err } = await runVerify(['kubectl', ...base], dir);
  assert.equal(code, 0, out + err);
  assert.match(out, /^kubectl: signature OK \(Sigstore bundle\)$/m);
  assert.match(out, /identity verified, signing time proven by the transparency-log entry \(integrated /);

  writeFileSync(join(dir, 'kubectl-tampered'), Buffer.concat([BINARY, Buffer.from('!')]));
  const tampered = await runVerify(['kubectl-tampered', ...base], dir);
  assert.equal(tampered.code, 1);
  assert.match(tampered.out, /FAIL digest/);

  const wrongIdentity = await runVerify(['kubectl', ...base, '--certificate-identity', 'krel-staging@k8s-releng-prod.iam.gserviceaccount.co'], dir);
  assert.equal(wrongIdentity.code, 1);
  assert.match(wrongIdentity.out, /FAIL identity/);

  const withoutSctFlag = await runVerify(['kubectl', '--bundle', 'kubectl.sigstore.json', '--trusted-root', 'trusted_root.json'], dir);
  assert.equal(withoutSctFlag.code, 1);
  assert.match(withoutSctFlag.out, /FAIL sigstore +CERTIFICATE_ERROR: expected 1 SCTs, got 0/);

  const pinned = await runVerify(['kubectl', '--bundle', 'kubectl.sigstore.json'], dir);
  assert.equal(pinned.code, 1);
  assert.match(pinned.out, /FAIL sigstore/);
});

test('--bundle: the tlog entry must be signed by a trusted log key', async () => {
  const { testRekor, trustedRootJson, bundleJson } = await import('./test-bundle.js');
  const trusted = testRekor();
  const impostor = testRekor();
  writeFileSync(join(dir, 'trusted_root2.json'), JSON.stringify(trustedRootJson(trusted, pki.caChain)));
  const leaf = await pki.leaf('bundled2', good);
  writeFileSync(join(dir, 'impostor.sigstore.json'), JSON.stringify(bundleJson(impostor, leaf.cert, BINARY, leaf.sign(BINARY), Math.floor(Date.now() / 1000) + 5)));
  const ctx = await runVerify(['kubectl', '--bundle', 'impostor.sigstore.json', '--trusted-root', 'trusted_root2.json', '--insecure-ignore-sct'], dir);
  assert.equal(ctx.code, 1);
  assert.match(ctx.out, /FAIL sigstore +TLOG_/);
});

test('--bundle that is not a bundle is exit 2', async () => {
  writeFileSync(join(dir, 'not-a-bundle.json'), '{"mediaType":"nope"}');
  const ctx = await runVerify(['kubectl', '--bundle', 'not-a-bundle.json'], dir);
  assert.equal(ctx.code, 2);
  assert.match(ctx.err, /^kubefort: invalid bundle: not-a-bundle\.json: not a Sigstore bundle/);
  const pemAsRoot = await verify(['--bundle', 'not-a-bundle.json']);
  assert.equal(pemAsRoot.code, 2);
  assert.match(pemAsRoot.err, /^kubefort: invalid trusted root: trusted-root\.pem: not JSON/);
});

test('--certificate with --trusted-root trusted_root.json uses its certificate authorities', async () => {
  const { testRekor, trustedRootJson } = await import('./test-bundle.js');
  writeFileSync(join(dir, 'trusted_root3.json'), JSON.stringify(trustedRootJson(testRekor(), pki.caChain)));
  const s = await signed('json-root', good);
  const ctx = await runVerify(['kubectl', '--signature', s.sig, '--certificate', s.cert, '--trusted-root', 'trusted_root3.json'], dir);
  assert.equal(ctx.code, 0, ctx.out);
  assert.match(ctx.out, /--trusted-root trusted_root3\.json CA #1 \(https:\/\/fulcio\.test\.invalid\)/);
  // A Fulcio CA in trusted_root.json is trusted only within its validFor window (retired CAs keep an end date).
  const retired = trustedRootJson(testRekor(), pki.caChain) as { certificateAuthorities: Array<{ validFor: unknown }> };
  for (const ca of retired.certificateAuthorities) ca.validFor = { start: '2020-01-01T00:00:00Z', end: '2021-01-01T00:00:00Z' };
  writeFileSync(join(dir, 'retired_root.json'), JSON.stringify(retired));
  const outside = await runVerify(['kubectl', '--signature', s.sig, '--certificate', s.cert, '--trusted-root', 'retired_root.json'], dir);
  assert.equal(outside.code, 1, outside.out);
  assert.match(outside.out, /FAIL chain +certificate does not chain to a trusted root \(--trusted-root retired_root\.json CA #1 \(https:\/\/fulcio\.test\.invalid\): not valid at /);
  writeFileSync(join(dir, 'empty_root.json'), '{"tlogs": []}');
  const empty = await runVerify(['kubectl', '--signature', s.sig, '--certificate', s.cert, '--trusted-root', 'empty_root.json'], dir);
  assert.equal(empty.code, 2);
  assert.match(empty.err, /^kubefort: invalid trusted root: empty_root\.json: no certificateAuthorities/);
});
