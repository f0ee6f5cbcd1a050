import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x509 } from '../../src/ingress/x509.js';
import { kubefort } from '../helpers/cli.js';
import { FIXTURES, materialize, type Materialized } from './fixtures.js';
import { makeCert, NOW, type Issued } from './pki.js';

const HOST = 'accounting.internal.acme.com';
let cert: Issued;
let t75: Materialized;
const temps: string[] = [];
before(async () => {
  cert = await makeCert({ sans: [HOST] });
  t75 = materialize('t75', [{ name: 'accounting-secret', namespace: 't75', crt: cert.certPem, key: cert.keyPem }]);
});
after(() => {
  t75.remove();
  temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kubefort-tls-create-'));
  temps.push(d);
  return d;
}

async function cli(argv: string[], stdin = '') {
  return kubefort(argv, { now: () => NOW, readStdin: () => stdin });
}

test('ingress: exit 0 on the clean t75 example at the default --fail-on high, 1 with --fail-on info; `ingress audit` is the same command', async () => {
  assert.equal((await cli(['ingress', t75.dir])).code, 0);
  assert.equal((await cli(['ingress', t75.dir, '--fail-on', 'info'])).code, 1);
  const a = await cli(['ingress', 'audit', t75.dir]);
  const b = await cli(['ingress', t75.dir]);
  assert.equal(a.out, b.out);
});

test('ingress: exit 2 when nothing can be checked: no Ingress, only an unreadable Ingress, no path, a bad --expiry-warn', async () => {
  const noIngress = await cli(['ingress', join(FIXTURES, 't75', 't75.yaml')]);
  assert.equal(noIngress.code, 2);
  assert.match(noIngress.err, /^kubefort: no Ingress to check in /);
  // (Not `namespace: y`: kubectl's YAML 1.1 reads a plain y as the boolean true, and the loader refuses it.)
  const unreadable = await cli(['ingress', '-'], 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: x\n  namespace: shop\nspec:\n  tls: 3\n');
  assert.equal(unreadable.code, 2);
  assert.match(unreadable.err, /1 Ingress object\(s\) could not be read: Ingress shop\/x cannot be read: spec\.tls is not a list/);
  assert.equal((await cli(['ingress', t75.dir, '--expiry-warn', 'soon'])).code, 2);
  const missing = await cli(['ingress', join(FIXTURES, 'does-not-exist')]);
  assert.equal(missing.code, 2);
  assert.doesNotMatch(missing.err, /\n\s+at /, 'no stack trace');
});

test('ingress: `kubectl get ingress,secret,service,deployment,ingressclass -A -o yaml` (one kind: List) gives the same findings', async () => {
  const items = readdirSync(t75.dir).sort().flatMap((f) => parseAllDocuments(readFileSync(join(t75.dir, f), 'utf8')).map((d) => d.toJS() as unknown));
  const list = stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });
  const fromList = await cli(['ingress', '-', '-o', 'json'], list);
  const fromDir = await cli(['ingress', t75.dir, '-o', 'json']);
  const rules = (out: string) => (JSON.parse(out) as { findings: { ruleId: string; message: string }[] }).findings.map((f) => `${f.ruleId} ${f.message}`);
  assert.equal(fromList.code, 0, fromList.err);
  assert.deepEqual(rules(fromList.out), rules(fromDir.out));
});

test('ingress: a YAML error elsewhere is a warning with file:line:col and the rest is checked', async () => {
  const dir = tempDir();
  cpSync(t75.dir, dir, { recursive: true });
  writeFileSync(join(dir, 'broken.yaml'), 'kind: [\n');
  const r = await cli(['ingress', dir]);
  assert.equal(r.code, 0);
  assert.match(r.err, /warning: .*broken\.yaml:\d+:\d+: /);
});

test('tls create: cert with the hosts as SANs, serverAuth, CA:FALSE, a random serial; key 0600; Secret and Ingress YAML that pass kubefort ingress with only ING027', async () => {
  const dirs = [tempDir(), tempDir()];
  for (const out of dirs) {
    const r = await cli(['tls', 'create', '--name', 'accounting-secret', '--namespace', 't75', '--host', HOST, '--host', 'www.acme.com',
      '--out', out, '--ingress', 'accounting-ingress', '--service', 'accounting-service:80', '--class', 'nginx']);
    assert.equal(r.code, 0, r.err);
    assert.equal(statSync(join(out, 'tls.key')).mode & 0o777, 0o600);
    assert.equal(statSync(join(out, 'secret.yaml')).mode & 0o777, 0o600);
  }
  const [first, second] = dirs as [string, string];
  const pem = readFileSync(join(first, 'tls.crt'), 'utf8');
  const node = new X509Certificate(pem);
  assert.equal(node.subjectAltName, `DNS:${HOST}, DNS:www.acme.com`);
  assert.equal(node.ca, false);
  const peculiar = new x509.X509Certificate(pem);
  assert.deepEqual([...(peculiar.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [])], [x509.ExtendedKeyUsage.serverAuth]);
  assert.equal(peculiar.notAfter.getTime() - peculiar.notBefore.getTime(), 90 * 86_400_000);
  assert.notEqual(node.serialNumber, new X509Certificate(readFileSync(join(second, 'tls.crt'))).serialNumber);
  assert.ok(node.serialNumber.length >= 32, 'a 128-bit serial');
  // The cluster the objects are made for: the t75 Service, Deployment and IngressClass.
  cpSync(join(FIXTURES, 't75', 't75.yaml'), join(first, 't75.yaml'));
  cpSync(join(FIXTURES, 't75', 'ingressclass.yaml'), join(first, 'ingressclass.yaml'));
  const audit = await cli(['ingress', first, '-o', 'json']);
  assert.deepEqual((JSON.parse(audit.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId), ['ING027']);
});

test('tls create --key-type rsa makes an RSA 2048 key with keyEncipherment', async () => {
  const out = tempDir();
  assert.equal((await cli(['tls', 'create', '--name', 's', '--namespace', 'n', '--host', 'a.example.com', '--key-type', 'rsa', '--out', out])).code, 0);
  const node = new X509Certificate(readFileSync(join(out, 'tls.crt')));
  assert.equal(node.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  const ku = new x509.X509Certificate(readFileSync(join(out, 'tls.crt'), 'utf8')).getExtension(x509.KeyUsagesExtension);
  assert.equal(ku?.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
});

test('tls create never overwrites without --force (exit 2, files unchanged) and overwrites with it', async () => {
  const out = tempDir();
  const args = ['tls', 'create', '--name', 's', '--namespace', 'n', '--host', 'a.example.com', '--out', out];
  assert.equal((await cli(args)).code, 0);
  const before = readFileSync(join(out, 'tls.key'), 'utf8');
  const again = await cli(args);
  assert.equal(again.code, 2);
  assert.match(again.err, /tls\.crt, .*tls\.key, .*secret\.yaml: exists; not overwritten \(use --force\)/);
  assert.equal(readFileSync(join(out, 'tls.key'), 'utf8'), before);
  assert.equal((await cli([...args, '--force'])).code, 0);
  assert.notEqual(readFileSync(join(out, 'tls.key'), 'utf8'), before);
  assert.equal(statSync(join(out, 'tls.key')).mode & 0o777, 0o600);
});

test('tls create usage errors exit 2: a bad host, --days 0, --ingress without --service, a bad name', async () => {
  const out = tempDir();
  const base = ['tls', 'create', '--name', 's', '--namespace', 'n', '--out', out];
  for (const extra of [['--host', 'bad host'], ['--host', 'a.example.com', '--days', '0'], ['--host', 'a.example.com', '--ingress', 'web'], ['--host', 'a.example.com', '--name', 'Bad_Name']]) {
    const r = await cli([...base, ...extra]);
    assert.equal(r.code, 2, extra.join(' '));
    assert.match(r.err, /^kubefort: /);
  }
});
