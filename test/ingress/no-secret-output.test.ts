import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { materialize, type Materialized } from './fixtures.js';
import { makeCert, NOW, type Issued } from './pki.js';
import type { SecretSpec } from './pki.js';

const HOST = 'accounting.internal.acme.com';
let cert: Issued;
let other: Issued;
const made: Materialized[] = [];
const secrets: string[] = [];
let server: Server;
let port: number;
let tmp: string;

/** Every 20-character piece of a value: none may appear in any output. */
function pieces(value: string): string[] {
  const compact = value.replace(/-----[A-Z ]+-----|\s+/g, '');
  const out: string[] = [];
  for (let i = 0; i + 20 <= compact.length; i += 20) out.push(compact.slice(i, i + 20));
  return out;
}

function remember(spec: SecretSpec): SecretSpec {
  if (spec.key !== undefined) secrets.push(spec.key, Buffer.from(spec.key).toString('base64'));
  if (spec.crt !== undefined) secrets.push(Buffer.from(spec.crt).toString('base64'));
  for (const v of Object.values(spec.rawData ?? {})) secrets.push(v);
  return spec;
}

before(async () => {
  cert = await makeCert({ sans: [HOST] });
  other = await makeCert({ sans: [HOST] });
  const good = remember({ name: 'accounting-secret', namespace: 't75', crt: cert.certPem, key: cert.keyPem });
  made.push(materialize('t75', [good]));
  made.push(materialize('t75', [remember({ name: 'accounting-secret', namespace: 't75', crt: cert.certPem, key: other.keyPem })]));
  const keyB64 = Buffer.from(cert.keyPem).toString('base64');
  // Bad input of every kind: undecodable base64, truncated PEM, not X.509, a key where the certificate goes, 5 MB.
  for (const rawData of [
    { 'tls.crt': `${keyB64.slice(0, 40)}%%${keyB64.slice(40, 80)}`, 'tls.key': `${keyB64.slice(0, 41)}` },
    { 'tls.crt': Buffer.from(cert.keyPem.slice(0, 120)).toString('base64'), 'tls.key': Buffer.from(cert.keyPem.slice(0, 150)).toString('base64') },
    { 'tls.crt': Buffer.from(cert.keyPem.replace(/PRIVATE KEY/g, 'CERTIFICATE')).toString('base64'), 'tls.key': keyB64 },
    { 'tls.crt': keyB64, 'tls.key': Buffer.from(cert.certPem).toString('base64') },
    { 'tls.crt': Buffer.from(cert.keyPem.repeat(20_000)).toString('base64'), 'tls.key': keyB64 },
  ]) {
    made.push(materialize('t75', [remember({ name: 'accounting-secret', namespace: 't75', rawData })]));
  }
  server = createServer({ cert: other.certPem, key: other.keyPem }, (s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  tmp = mkdtempSync(join(tmpdir(), 'kubefort-nosecret-'));
});

after(() => {
  made.forEach((m) => m.remove());
  server.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('no private key and no Secret data value appears in any output format or error message', async () => {
  const outputs: string[] = [];
  const cli = async (argv: string[]) => {
    const ctx = captureContext({ now: () => NOW });
    await run(argv, ctx);
    outputs.push(ctx.out.join('') + ctx.err.join(''));
  };
  for (const m of made) {
    for (const format of ['text', 'json']) {
      await cli(['ingress', m.dir, '-o', format]);
      await cli(['ingress', 'probe', m.dir, '--address', `127.0.0.1:${port}`, '--http-port', String(port), '--timeout', '2s', '-o', format]);
    }
  }
  await cli(['tls', 'create', '--name', 's', '--namespace', 'n', '--host', 'a.example.com', '--out', tmp]);
  await cli(['tls', 'create', '--name', 's', '--namespace', 'n', '--host', 'a.example.com', '--out', tmp]);
  secrets.push(readFileSync(join(tmp, 'tls.key'), 'utf8'));
  const all = outputs.join('\n');
  assert.ok(all.includes('ING014') && all.includes('ING015') && all.includes('ING024') && all.includes('ING101'), 'the bad inputs were examined');
  const leaked = secrets.flatMap(pieces).filter((p) => all.includes(p));
  assert.deepEqual(leaked, []);
});
