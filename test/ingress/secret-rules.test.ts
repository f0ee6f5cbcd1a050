import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, INGRESS_CLASS, ingressYaml, POD, ruleIds, secretYaml, SERVICE } from './build.js';
import { makeCert, type Issued } from './pki.js';

const BASE = [INGRESS_CLASS, SERVICE, POD];
let self: Issued;
before(async () => {
  self = await makeCert({ sans: ['app.example.com'] });
});

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function withSecret(secret: string, ing = ingressYaml()) {
  return audit([ing, secret, ...BASE]);
}

test('a correct self-signed Secret has only ING027', () => {
  assert.deepEqual(ruleIds(withSecret(secretYaml({ crt: self.certPem, key: self.keyPem }))), ['ING027']);
});

test('ING010: a tls entry without secretName: the controller serves its default certificate', () => {
  const r = withSecret(secretYaml({ crt: self.certPem, key: self.keyPem }), ingressYaml({ tls: [{ hosts: ['app.example.com'] }] }));
  assert.deepEqual(ruleIds(r), ['ING010']);
  assert.match(r.findings[0]?.message ?? '', /default certificate/);
});

test('ING011: with no Secret in the input at all, the finding says so instead of passing', () => {
  const r = audit([ingressYaml(), ...BASE]);
  assert.deepEqual(ruleIds(r), ['ING011']);
  assert.match(r.findings[0]?.message ?? '', /the input holds no Secret/);
});

test('ING016: a missing Secret that cert-manager is asked to issue is pending (info), not ING011', () => {
  const r = audit([ingressYaml({ annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }), ...BASE]);
  assert.deepEqual(ruleIds(r), ['ING016']);
  assert.equal(r.findings[0]?.severity, 'info');
});

test('ING012: an Opaque Secret holding the pair is reported, and still checked', () => {
  assert.deepEqual(ruleIds(withSecret(secretYaml({ crt: self.certPem, key: self.keyPem, type: 'Opaque' }))), ['ING012', 'ING027']);
});

test('ING013: tls.key missing and tls.crt empty are each named', () => {
  const r = withSecret(secretYaml({ rawData: { 'tls.crt': '' } }));
  assert.deepEqual(ruleIds(r), ['ING013', 'ING013']);
  assert.deepEqual(r.findings.map((f) => f.message).sort(), [
    'Secret shop/web-tls data.tls.crt is empty',
    'Secret shop/web-tls data.tls.key is missing',
  ]);
});

const BAD_CRT: readonly (readonly [string, () => string, RegExp])[] = [
  ['undecodable base64', () => 'bm90%YmFzZTY0*', /data\.tls\.crt is not valid base64/],
  ['truncated PEM', () => b64(self.certPem.slice(0, self.certPem.length - 40)), /data\.tls\.crt is not usable PEM: PEM block CERTIFICATE is truncated/],
  ['text that is not PEM', () => b64('hello world\n'), /data\.tls\.crt is not PEM/],
  ['a private key in tls.crt', () => b64(self.keyPem), /data\.tls\.crt holds PEM of the wrong kind \(PRIVATE KEY\), no CERTIFICATE/],
  ['a CERTIFICATE block that is not X.509', () => b64('-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END CERTIFICATE-----\n'), /data\.tls\.crt certificate 1 is not an X\.509 certificate/],
  ['a 5 MB tls.crt', () => b64(`${self.certPem}${'A'.repeat(5 * 1024 * 1024)}\n`), /data\.tls\.crt is larger than 1 MiB/],
];

for (const [what, value, message] of BAD_CRT) {
  test(`ING014: ${what} gives a finding naming the Secret and key, never a crash`, () => {
    const r = withSecret(secretYaml({ key: self.keyPem, rawData: { 'tls.crt': value() } }));
    assert.deepEqual(ruleIds(r), ['ING014']);
    assert.match(r.findings[0]?.message ?? '', message);
    assert.equal(r.findings[0]?.subject, 'shop/web-tls[Secret]');
    assert.match(r.ingresses[0]?.chains[0]?.state ?? '', /^unusable$/);
  });
}

const BAD_KEY: readonly (readonly [string, () => string, RegExp])[] = [
  ['a certificate in tls.key', () => b64(self.certPem), /data\.tls\.key holds PEM of the wrong kind \(CERTIFICATE\), no PRIVATE KEY/],
  ['an encrypted private key', () => b64('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG\n-----END ENCRYPTED PRIVATE KEY-----\n'), /data\.tls\.key is an encrypted private key/],
  ['a PRIVATE KEY block of garbage', () => b64('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), /data\.tls\.key is not a usable PRIVATE KEY \(ERR_/],
];

for (const [what, value, message] of BAD_KEY) {
  test(`ING015: ${what} gives a finding naming the Secret and key`, () => {
    const r = withSecret(secretYaml({ crt: self.certPem, rawData: { 'tls.key': value() } }));
    assert.deepEqual(ruleIds(r), ['ING015', 'ING027']);
    assert.match(r.findings.find((f) => f.ruleId === 'ING015')?.message ?? '', message);
  });
}

test('stringData (a manifest not yet applied) is read as plain PEM', () => {
  const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\n  namespace: shop\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: ${JSON.stringify(self.certPem)}\n  tls.key: ${JSON.stringify(self.keyPem)}\n`;
  assert.deepEqual(ruleIds(withSecret(secret)), ['ING027']);
});
