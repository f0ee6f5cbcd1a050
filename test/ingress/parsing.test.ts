import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { nameCovers } from '../../src/ingress/hosts.js';
import { decodeBase64, parsePem } from '../../src/ingress/pem.js';
import { parseDuration } from '../../src/ingress/duration.js';
import { isRedirectToHttps, parseAddress } from '../../src/ingress/probe.js';
import { readSecretMaterial } from '../../src/ingress/secret.js';
import { normalizeIngress } from '../../src/ingress/normalize.js';
import { INGRESS_RULES } from '../../src/ingress/rules.js';
import type { LoadedObject } from '../../src/collect/objects.js';
import { makeCert } from './pki.js';

test('nameCovers follows RFC 6125: case-insensitive, trailing dot, wildcard = exactly one left-most label', () => {
  const table: [string, string, boolean][] = [
    ['app.example.com', 'APP.example.com', true],
    ['app.example.com.', 'app.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', '.example.com', false],
    ['a*.example.com', 'ab.example.com', false],
    ['*.example.com', '*.example.com', true],
  ];
  for (const [pattern, host, want] of table) assert.equal(nameCovers(pattern, host), want, `${pattern} vs ${host}`);
});

test('decodeBase64 refuses what the API server would not have written; whitespace is tolerated', () => {
  assert.equal(decodeBase64('aGVsbG8=')?.toString(), 'hello');
  assert.equal(decodeBase64('aGVs\nbG8=')?.toString(), 'hello');
  for (const bad of ['aGVsbG8', 'aGVs%G8=', 'a===', '====']) assert.equal(decodeBase64(bad), undefined, bad);
});

test('parsePem: blocks in order, text between them ignored; mismatched END and missing END are unusable', () => {
  const ok = parsePem('junk\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\nmore\n-----BEGIN PRIVATE KEY-----\nAwQ=\n-----END PRIVATE KEY-----\n');
  assert.ok(ok.ok);
  assert.deepEqual(ok.ok && ok.blocks.map((b) => [b.label, [...b.der]]), [['CERTIFICATE', [0, 1, 2]], ['PRIVATE KEY', [3, 4]]]);
  const mismatched = parsePem('-----BEGIN CERTIFICATE-----\nAAEC\n-----END PRIVATE KEY-----\n');
  assert.deepEqual(mismatched, { ok: false, reason: 'PEM block BEGIN CERTIFICATE ends with END PRIVATE KEY' });
  assert.deepEqual(parsePem('-----BEGIN CERTIFICATE-----\nAAEC\n'), { ok: false, reason: 'PEM block CERTIFICATE is truncated (no END line)' });
});

test('parseDuration: 30d, 720h, 1h30m; anything else is undefined', () => {
  assert.equal(parseDuration('30d'), 30 * 86_400_000);
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('0s'), 0);
  for (const bad of ['', '30', 'd', '-1d', '1.5h', '30 d']) assert.equal(parseDuration(bad), undefined, bad);
});

test('parseAddress: host, host:port, [ipv6]:port; a bad port is undefined', () => {
  assert.deepEqual(parseAddress('10.102.150.36', 443), { host: '10.102.150.36', port: 443 });
  assert.deepEqual(parseAddress('10.102.150.36:8443', 443), { host: '10.102.150.36', port: 8443 });
  assert.deepEqual(parseAddress('[::1]:443', 80), { host: '::1', port: 443 });
  for (const bad of ['10.0.0.1:0', '10.0.0.1:70000', '::1', '']) assert.equal(parseAddress(bad, 443), undefined, bad);
});

test('isRedirectToHttps: a 301/302/307/308 to https on the same host only', () => {
  const host = 'a.example.com';
  assert.equal(isRedirectToHttps({ ok: true, status: 308, location: 'https://a.example.com/' }, host), true);
  assert.equal(isRedirectToHttps({ ok: true, status: 301, location: 'http://a.example.com/' }, host), false);
  assert.equal(isRedirectToHttps({ ok: true, status: 302, location: 'https://evil.example.net/' }, host), false);
  assert.equal(isRedirectToHttps({ ok: true, status: 302, location: '/login' }, host), false);
  assert.equal(isRedirectToHttps({ ok: true, status: 200 }, host), false);
});

test('the rule catalogue: unique ING ids, each with a title, description and remediation', () => {
  const ids = INGRESS_RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of INGRESS_RULES) {
    assert.match(r.id, /^ING\d{3}$/);
    assert.ok(r.title && r.description && r.remediation, r.id);
  }
});

function loaded(object: Record<string, unknown>): LoadedObject {
  return { object: { kind: 'Secret', metadata: { name: 's', namespace: 'n' }, ...object } as LoadedObject['object'], location: { file: 'x' }, locate: () => undefined };
}

test('fuzz: mutated and random tls.crt / tls.key never throw, and always end in findings or a chain', async () => {
  const cert = await makeCert({ sans: ['a.example.com'] });
  const seeds = [cert.certPem, cert.keyPem];
  for (let i = 0; i < 400; i++) {
    const seed = seeds[i % 2] as string;
    const bytes = Buffer.from(seed);
    let mutated: Buffer;
    switch (i % 4) {
      case 0: mutated = randomBytes(1 + (i % 300)); break;
      case 1: { // flip bytes inside the base64 body
        mutated = Buffer.from(bytes);
        for (let k = 0; k < 1 + (i % 5); k++) mutated[30 + ((i * 7 + k * 13) % (bytes.length - 60))] = 65 + ((i + k) % 26);
        break;
      }
      case 2: mutated = bytes.subarray(0, i % bytes.length); break; // truncated
      default: { // DER garbage inside a well-formed PEM envelope
        const body = randomBytes(10 + (i % 400)).toString('base64');
        mutated = Buffer.from(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`);
      }
    }
    const data = { 'tls.crt': mutated.toString('base64'), 'tls.key': mutated.toString('base64') };
    const material = readSecretMaterial(loaded({ data }), 'n/s[Secret]');
    assert.ok(material.chain !== undefined || material.findings.some((f) => f.ruleId === 'ING014' || f.ruleId === 'ING013'), `case ${i}`);
  }
});

test('fuzz: Ingress objects of random shapes are normalised or refused with a reason, never a throw', () => {
  const values: unknown[] = [null, 3, 'x', [], {}, [1], [{}], { a: 1 }, [{ host: 5 }], [{ http: { paths: 'x' } }], [{ http: { paths: [{ backend: 'x' }] } }],
    [{ http: { paths: [{ backend: { service: { name: 'a', port: 'x' } } }] } }], [{ hosts: 'a' }], [{ hosts: [1, 'b'], secretName: 7 }]];
  for (const apiVersion of ['networking.k8s.io/v1', 'extensions/v1beta1', 'v1']) {
    for (const rules of values) {
      for (const tls of values) {
        for (const backend of values) {
          const spec = { rules, tls, defaultBackend: backend, backend };
          const result = normalizeIngress({ object: { apiVersion, kind: 'Ingress', metadata: { name: 'i' }, spec }, location: { file: 'x' }, locate: () => undefined });
          assert.ok(result.ok || result.reason.length > 0);
        }
      }
    }
  }
});
