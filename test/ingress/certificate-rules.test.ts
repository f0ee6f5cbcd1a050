import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { x509 } from '../../src/ingress/x509.js';
import { audit, INGRESS_CLASS, ingressYaml, POD, ruleIds, secretYaml, SERVICE } from './build.js';
import { days, makeCert, type Issued } from './pki.js';

const HOST = 'app.example.com';
const BASE = [INGRESS_CLASS, SERVICE, POD];
let root: Issued;
let intermediate: Issued;
let leaf: Issued;

before(async () => {
  root = await makeCert({ cn: 'Test Root CA', ca: true, key: 'ec384', notBefore: days(-400), notAfter: days(3000) });
  intermediate = await makeCert({ cn: 'Test Issuing CA', ca: true, issuer: root, notBefore: days(-300), notAfter: days(2000) });
  leaf = await makeCert({ sans: [HOST], issuer: intermediate });
});

function run(crt: string, key: string, ing = ingressYaml(), opts: { expiryWarnDays?: number } = {}) {
  return audit([ing, secretYaml({ crt, key }), ...BASE], opts);
}

test('a CA-issued leaf with its intermediate (root omitted, as usual) has no finding', () => {
  assert.deepEqual(ruleIds(run(leaf.certPem + intermediate.certPem, leaf.keyPem)), []);
});

test('ING020: a host outside the SANs is not covered; the finding lists the SANs', async () => {
  const other = await makeCert({ sans: ['other.example.com'], issuer: intermediate });
  const r = run(other.certPem + intermediate.certPem, other.keyPem);
  assert.deepEqual(ruleIds(r), ['ING020']);
  assert.match(r.findings[0]?.message ?? '', /host app\.example\.com is not covered .*SANs: other\.example\.com/);
});

test('ING020: a host that only the subject CN names is reported as CN-only (browsers reject it)', async () => {
  const cnOnly = await makeCert({ cn: HOST, issuer: intermediate });
  const r = run(cnOnly.certPem + intermediate.certPem, cnOnly.keyPem);
  assert.deepEqual(ruleIds(r), ['ING020']);
  assert.match(r.findings[0]?.message ?? '', /matches only the subject CN/);
});

test('ING020: *.example.com covers one label only (RFC 6125): a.example.com yes, a.b.example.com and example.com no', async () => {
  const wild = await makeCert({ sans: ['*.example.com'], issuer: intermediate });
  const chain = wild.certPem + intermediate.certPem;
  assert.deepEqual(ruleIds(run(chain, wild.keyPem, ingressYaml({ hosts: ['a.example.com'] }))), []);
  assert.deepEqual(ruleIds(run(chain, wild.keyPem, ingressYaml({ hosts: ['a.b.example.com'] }))), ['ING020']);
  assert.deepEqual(ruleIds(run(chain, wild.keyPem, ingressYaml({ hosts: ['example.com'] }))), ['ING020']);
});

test('ING021: an expired certificate is critical', async () => {
  const old = await makeCert({ sans: [HOST], issuer: intermediate, notBefore: days(-100), notAfter: days(-1) });
  const r = run(old.certPem + intermediate.certPem, old.keyPem);
  assert.deepEqual(ruleIds(r), ['ING021']);
  assert.equal(r.findings[0]?.severity, 'critical');
});

test('ING021: an expired intermediate breaks the chain too', async () => {
  const oldCa = await makeCert({ cn: 'Old Issuing CA', ca: true, issuer: root, notBefore: days(-800), notAfter: days(-2) });
  const issued = await makeCert({ sans: [HOST], issuer: oldCa });
  const r = run(issued.certPem + oldCa.certPem, issued.keyPem);
  assert.deepEqual(ruleIds(r), ['ING021']);
  assert.match(r.findings[0]?.message ?? '', /intermediate certificate CN=Old Issuing CA .* expired/);
});

test('ING022: a certificate whose notBefore is in the future is not yet valid', async () => {
  const future = await makeCert({ sans: [HOST], issuer: intermediate, notBefore: days(2), notAfter: days(90) });
  assert.deepEqual(ruleIds(run(future.certPem + intermediate.certPem, future.keyPem)), ['ING022']);
});

test('ING023: expiring within --expiry-warn (10 days left: reported at 30d, not at 5d)', async () => {
  const soon = await makeCert({ sans: [HOST], issuer: intermediate, notAfter: days(10) });
  const chain = soon.certPem + intermediate.certPem;
  const r = run(chain, soon.keyPem);
  assert.deepEqual(ruleIds(r), ['ING023']);
  assert.match(r.findings[0]?.message ?? '', /in 10 day\(s\), within --expiry-warn 30d/);
  assert.deepEqual(ruleIds(run(chain, soon.keyPem, ingressYaml(), { expiryWarnDays: 5 })), []);
});

test('ING024: tls.key of another certificate is a mismatch (critical)', async () => {
  const other = await makeCert({ sans: [HOST], issuer: intermediate });
  const r = run(leaf.certPem + intermediate.certPem, other.keyPem);
  assert.deepEqual(ruleIds(r), ['ING024']);
  assert.equal(r.findings[0]?.severity, 'critical');
});

test('ING025: an RSA 1024 key is weak; RSA 2048 is not', async () => {
  const weak = await makeCert({ sans: [HOST], issuer: intermediate, key: 'rsa1024' });
  assert.deepEqual(ruleIds(run(weak.certPem + intermediate.certPem, weak.keyPem)), ['ING025']);
  const strong = await makeCert({ sans: [HOST], issuer: intermediate, key: 'rsa2048' });
  assert.deepEqual(ruleIds(run(strong.certPem + intermediate.certPem, strong.keyPem)), []);
});

test('ING026: a leaf signed with SHA-1 is weak', async () => {
  // WebCrypto binds the RSASSA hash to the key, so the signing CA's key is made for SHA-1. Its own signature, on a
  // self-signed root, is not judged: clients trust a root by its presence, not by its signature.
  const rsaCa = await makeCert({ cn: 'RSA Root CA', ca: true, key: 'rsa2048', hash: 'SHA-1' });
  const sha1 = await makeCert({ sans: [HOST], issuer: rsaCa, hash: 'SHA-1' });
  const r = run(sha1.certPem + rsaCa.certPem, sha1.keyPem);
  assert.deepEqual(ruleIds(r), ['ING026']);
  assert.match(r.findings[0]?.message ?? '', /signed with SHA-1/);
});

test('ING028: a CA certificate first in tls.crt is not a server certificate', async () => {
  const caLeaf = await makeCert({ sans: [HOST], ca: true, issuer: intermediate, keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign });
  assert.deepEqual(ruleIds(run(caLeaf.certPem + intermediate.certPem, caLeaf.keyPem)), ['ING028']);
});

test('ING029: leaf, root, intermediate is out of order', () => {
  const r = run(leaf.certPem + root.certPem + intermediate.certPem, leaf.keyPem);
  assert.deepEqual(ruleIds(r), ['ING029']);
  assert.match(r.findings[0]?.message ?? '', /certificate 2 should be CN=Test Issuing CA, the issuer of certificate 1, which is certificate 3$/);
});

test('ING029: a certificate outside the issuer chain is reported', async () => {
  const stray = await makeCert({ cn: 'Unrelated CA', ca: true });
  assert.deepEqual(ruleIds(run(leaf.certPem + intermediate.certPem + stray.certPem, leaf.keyPem)), ['ING029']);
});

test('ING030: a CA-issued leaf alone, its issuer neither in tls.crt nor a well-known root, misses its intermediate', () => {
  const r = run(leaf.certPem, leaf.keyPem);
  assert.deepEqual(ruleIds(r), ['ING030']);
  assert.match(r.findings[0]?.message ?? '', /issuer CN=Test Issuing CA/);
});

test('ING031: an EC leaf whose keyUsage has keyEncipherment but no digitalSignature cannot sign the handshake', async () => {
  const ku = await makeCert({ sans: [HOST], issuer: intermediate, keyUsage: x509.KeyUsageFlags.keyEncipherment });
  assert.deepEqual(ruleIds(run(ku.certPem + intermediate.certPem, ku.keyPem)), ['ING031']);
  const rsa = await makeCert({ sans: [HOST], issuer: intermediate, key: 'rsa2048', keyUsage: x509.KeyUsageFlags.keyEncipherment });
  assert.deepEqual(ruleIds(run(rsa.certPem + intermediate.certPem, rsa.keyPem)), [], 'RSA key exchange uses keyEncipherment');
});

test('ING032: an extendedKeyUsage of clientAuth only has no serverAuth; no EKU extension at all is accepted', async () => {
  const client = await makeCert({ sans: [HOST], issuer: intermediate, eku: [x509.ExtendedKeyUsage.clientAuth] });
  assert.deepEqual(ruleIds(run(client.certPem + intermediate.certPem, client.keyPem)), ['ING032']);
  const none = await makeCert({ sans: [HOST], issuer: intermediate, eku: null });
  assert.deepEqual(ruleIds(run(none.certPem + intermediate.certPem, none.keyPem)), []);
});

test('ING027: a self-signed leaf is info only', async () => {
  const self = await makeCert({ sans: [HOST] });
  const r = run(self.certPem, self.keyPem);
  assert.deepEqual(ruleIds(r), ['ING027']);
  assert.equal(r.findings[0]?.severity, 'info');
});
