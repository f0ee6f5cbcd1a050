import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createSecureContext, createServer as createTlsServer, type Server as TlsServer, type TlsOptions } from 'node:tls';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureContext, kubefort } from '../helpers/cli.js';
import { materialize, type Materialized } from './fixtures.js';
import { makeCert, NOW, type Issued } from './pki.js';

const HOST = 'accounting.internal.acme.com';
let served: Issued;
let fake: Issued;
let t75: Materialized;
let mismatch: Materialized;
const servers: (TlsServer | HttpServer | TcpServer)[] = [];
const sockets: Socket[] = [];

function listen(server: TlsServer | HttpServer | TcpServer): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** An ingress controller stand-in: the Secret's certificate for its host, a "fake" default certificate otherwise. */
function tlsServer(options: TlsOptions = {}): TlsServer {
  const known = createSecureContext({ cert: served.certPem, key: served.keyPem, ...options });
  const server = createTlsServer({ cert: fake.certPem, key: fake.keyPem, ...options, SNICallback: (name, cb) => cb(null, name === HOST ? known : undefined) }, (s) => s.end());
  server.on('tlsClientError', () => undefined);
  return server;
}

let tlsPort: number;
let oldTlsPort: number;
let httpRedirectPort: number;
let httpPlainPort: number;
let silentPort: number;
let requests: { method?: string; url?: string; host?: string }[] = [];

before(async () => {
  served = await makeCert({ sans: [HOST] });
  fake = await makeCert({ cn: 'Kubernetes Ingress Controller Fake Certificate', sans: ['ingress.local'] });
  t75 = materialize('t75', [{ name: 'accounting-secret', namespace: 't75', crt: served.certPem, key: served.keyPem }]);
  const other = await makeCert({ sans: [HOST] });
  mismatch = materialize('t75', [{ name: 'accounting-secret', namespace: 't75', crt: other.certPem, key: other.keyPem }]);
  tlsPort = await listen(tlsServer());
  oldTlsPort = await listen(tlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }));
  httpRedirectPort = await listen(createHttpServer((req, res) => {
    requests.push({ method: req.method, url: req.url, host: req.headers.host });
    res.writeHead(308, { Location: `https://${req.headers.host ?? ''}${req.url ?? '/'}` }).end();
  }));
  httpPlainPort = await listen(createHttpServer((_req, res) => res.writeHead(200).end()));
  // Accepts and never answers: the handshake must time out.
  silentPort = await listen(createTcpServer((s) => void sockets.push(s)));
});

after(() => {
  sockets.forEach((s) => s.destroy());
  servers.forEach((s) => s.close());
  t75.remove();
  mismatch.remove();
});

async function probe(dir: string, args: string[]) {
  return kubefort(['ingress', 'probe', dir, ...args], { now: () => NOW });
}

test('probe: the served leaf is the Secret leaf, TLS 1.3, and port 80 redirects to https: exit 0; only a handshake and one HEAD / were sent', async () => {
  requests = [];
  const r = await probe(t75.dir, ['--address', `127.0.0.1:${tlsPort}`, '--http-port', String(httpRedirectPort)]);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /TLS TLSv1\.3 TLS_\w+: CN=accounting\.internal\.acme\.com, .* \(the leaf of Secret t75\/accounting-secret\)/);
  assert.match(r.out, /HTTP HEAD \/ → 308 https:\/\/accounting\.internal\.acme\.com\//);
  assert.match(r.out, /^no findings$/m);
  assert.deepEqual(requests, [{ method: 'HEAD', url: '/', host: HOST }]);
});

test('ING101: the controller serves its fake default certificate instead of the Secret leaf', async () => {
  const r = await probe(mismatch.dir, ['--address', `127.0.0.1:${tlsPort}`, '--http-port', String(httpRedirectPort), '-o', 'json']);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.out) as { findings: { ruleId: string }[]; probes: { tls: { sameAsSecret: boolean } }[] };
  assert.deepEqual(json.findings.map((f) => f.ruleId), ['ING101']);
  assert.equal(json.probes[0]?.tls.sameAsSecret, false);
});

test('ING101: with the secretName typo (no Secret to compare with), the controller default certificate is named', async () => {
  // The stand-in controller serves its "fake" certificate for any host it has no Secret for.
  const typo = materialize('t75-secretname-typo', []);
  try {
    const file = join(typo.dir, 'accounting-ingress.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('accounting.internal.acme.com', 'payroll.internal.acme.com'));
    const r = await probe(typo.dir, ['--address', `127.0.0.1:${tlsPort}`, '--http-port', String(httpRedirectPort)]);
    assert.equal(r.code, 1);
    assert.match(r.out, /ING101 {2}127\.0\.0\.1:\d+ served CN=Kubernetes Ingress Controller Fake Certificate, the controller default certificate for payroll\.internal\.acme\.com: the Ingress Secret t75\/acounting-secret is not in use/);
  } finally {
    typo.remove();
  }
});

test('ING103: port 80 answers 200 instead of redirecting (medium: exit 0 at the default --fail-on high, 1 at medium)', async () => {
  const args = ['--address', `127.0.0.1:${tlsPort}`, '--http-port', String(httpPlainPort)];
  const r = await probe(t75.dir, args);
  assert.equal(r.code, 0);
  assert.match(r.out, /MEDIUM {2}ING103 {2}HEAD \/ for accounting\.internal\.acme\.com on 127\.0\.0\.1:\d+ answered 200, not a redirect/);
  assert.equal((await probe(t75.dir, [...args, '--fail-on', 'medium'])).code, 1);
});

test('ING102: a server that still negotiates TLS 1.1', async () => {
  const r = await probe(t75.dir, ['--address', `127.0.0.1:${oldTlsPort}`, '--http-port', String(httpRedirectPort)]);
  assert.equal(r.code, 1);
  assert.match(r.out, /ING102 .* negotiated TLSv1(\.1)? for accounting\.internal\.acme\.com/);
});

test('ING100 and ING104: nothing listening (refused) and a server that never answers (bounded by --timeout)', async () => {
  const closed = createTcpServer();
  const closedPort = { port: await listen(closed) };
  await new Promise((resolve) => closed.close(resolve));
  const refused = await probe(t75.dir, ['--address', `127.0.0.1:${closedPort.port}`, '--http-port', String(closedPort.port)]);
  assert.equal(refused.code, 1);
  assert.match(refused.out, /ING100 {2}TLS handshake with 127\.0\.0\.1:\d+ for SNI accounting\.internal\.acme\.com failed: ECONNREFUSED/);
  assert.match(refused.out, /ING104 {2}HEAD \/ for accounting\.internal\.acme\.com .* failed: ECONNREFUSED/);
  const silent = await probe(t75.dir, ['--address', `127.0.0.1:${silentPort}`, '--http-port', String(silentPort), '--timeout', '1s']);
  assert.equal(silent.code, 1);
  assert.match(silent.out, /no TLS handshake within 1000 ms/);
  assert.match(silent.out, /no HTTP answer within 1000 ms/);
});

test('probe usage errors exit 2: bad --address, bad --timeout, no TLS host in the input', async () => {
  assert.equal((await probe(t75.dir, ['--address', '127.0.0.1:99999'])).code, 2);
  assert.equal((await probe(t75.dir, ['--address', '127.0.0.1', '--timeout', '10m'])).code, 2);
  const plain = materialize('t75-no-ingressclass', []);
  try {
    const ctx = captureContext({ now: () => NOW, readStdin: () => 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: plain\n  namespace: shop\nspec:\n  rules:\n  - host: a.example.com\n' });
    assert.equal(await run(['ingress', 'probe', '-', '--address', '127.0.0.1'], ctx), 2);
    assert.match(ctx.err.join(''), /no TLS host to probe/);
  } finally {
    plain.remove();
  }
});
