/**
 * Certificates WebCrypto cannot make (EC P-224 keys, MD5 signatures) and the seeds' own `openssl req -x509`
 * command, made with /usr/bin/openssl in the test set-up (argument arrays, no shell; test code only). Their
 * validity follows the real clock, so these audits run at the real time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { audit, INGRESS_CLASS, ingressYaml, POD, ruleIds, secretYaml, SERVICE } from './build.js';

const openssl = (args: string[]) => promisify(execFile)('/usr/bin/openssl', args);
let dir: string;
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

async function ca(name: string, keyArgs: string[]): Promise<void> {
  await openssl(['req', '-x509', '-newkey', ...keyArgs, '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`),
    '-subj', `/CN=${name}`, '-days', '365', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
}

async function leaf(name: string, issuer: string, keyArgs: string[], digest: string): Promise<void> {
  await openssl(['req', '-new', '-newkey', ...keyArgs, '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`), '-subj', '/CN=app.example.com']);
  await openssl(['x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', join(dir, `${issuer}.pem`), '-CAkey', join(dir, `${issuer}.key`),
    `-${digest}`, '-days', '365', '-extfile', join(dir, 'san.ext'), '-out', join(dir, `${name}.pem`)]);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubefort-openssl-'));
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:app.example.com\n');
  await ca('ec-ca', ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']);
  await ca('rsa-ca', ['rsa:2048']);
  await leaf('p224', 'ec-ca', ['ec', '-pkeyopt', 'ec_paramgen_curve:secp224r1'], 'sha256');
  await leaf('md5', 'rsa-ca', ['rsa:2048'], 'md5');
  // The seeds' command, verbatim but for the paths.
  await openssl(['req', '-nodes', '-new', '-x509', '-keyout', join(dir, 'accounting.key'), '-out', join(dir, 'accounting.crt'), '-subj', '/CN=accounting.tls']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const check = (crt: string, key: string, ing = ingressYaml()) => audit([ing, secretYaml({ crt, key }), INGRESS_CLASS, SERVICE, POD], { now: new Date() });

test('ING025: an EC P-224 key is weak', () => {
  assert.deepEqual(ruleIds(check(read('p224.pem') + read('ec-ca.pem'), read('p224.key'))), ['ING025']);
});

test('ING026: an MD5-signed leaf', () => {
  const r = check(read('md5.pem') + read('rsa-ca.pem'), read('md5.key'));
  assert.deepEqual(ruleIds(r), ['ING026']);
  assert.match(r.findings[0]?.message ?? '', /signed with MD5/);
});

test("the seeds' openssl req -x509 -subj /CN=accounting.tls: not the host (ING020), OpenSSL's 30-day default (ING023), a CA certificate as leaf (ING028), self-signed (ING027)", () => {
  const r = check(read('accounting.crt'), read('accounting.key'), ingressYaml({ hosts: ['accounting.internal.acme.com'] }));
  assert.deepEqual(ruleIds(r), ['ING020', 'ING023', 'ING027', 'ING028']);
  assert.match(r.findings.find((f) => f.ruleId === 'ING020')?.message ?? '', /not covered .*SANs: none/);
});
