import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { livezProbe } from '../../src/fix/probe.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { DEMO, fixWith, read, simulateRestart } from './helpers.js';

// A real HTTPS /livez on 127.0.0.1 (certificate from /usr/bin/openssl, argument array, no shell), reached
// through a kubeconfig with certificate-authority-data and a bearer token, as admin.conf would be.
const TOKEN = 'kubefort-test-token';
let server: Server;
let port = 0;
let live = true;
let pki = '';
let caData = '';

before(async () => {
  pki = mkdtempSync(join(tmpdir(), 'kubefort-livez-'));
  await promisify(execFile)('/usr/bin/openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(pki, 'server.key'), '-out', join(pki, 'server.crt'), '-days', '1', '-subj', '/CN=kube-apiserver', '-addext', 'subjectAltName=IP:127.0.0.1']);
  const cert = readFileSync(join(pki, 'server.crt'));
  caData = cert.toString('base64');
  server = createServer({ key: readFileSync(join(pki, 'server.key')), cert }, (req, res) => {
    const ok = req.url === '/livez' && req.headers.authorization === `Bearer ${TOKEN}` && live;
    res.writeHead(ok ? 200 : req.headers.authorization === `Bearer ${TOKEN}` ? 500 : 401).end(ok ? 'ok' : 'no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(pki, { recursive: true, force: true });
});

function kubeconfig(root: string, token = TOKEN): void {
  writeFileSync(join(root, 'etc/kubernetes/admin.conf'), `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${caData}
    server: https://127.0.0.1:${port}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
users:
- name: kubernetes-admin
  user:
    token: ${token}
`);
}

test('the /livez probe: 200 through the kubeconfig is live; a wrong token, a 500 or a closed port is not', async () => {
  const root = materializeNodeFixture(DEMO);
  try {
    kubeconfig(root);
    assert.equal(await livezProbe(root, '/etc/kubernetes/admin.conf')(), true);
    kubeconfig(root, 'wrong');
    assert.equal(await livezProbe(root, '/etc/kubernetes/admin.conf')(), false);
    kubeconfig(root);
    live = false;
    assert.equal(await livezProbe(root, '/etc/kubernetes/admin.conf')(), false);
    live = true;
    writeFileSync(join(root, 'etc/kubernetes/admin.conf'), read(root, 'etc/kubernetes/admin.conf').replace(`:${port}`, ':1'));
    assert.equal(await livezProbe(root, '/etc/kubernetes/admin.conf', 1000)(), false);
  } finally {
    removeNodeFixture(root);
  }
});

test('fix --apply --verify: the API server restarts with the new flags and answers /livez; a dead one is rolled back', async () => {
  const root = materializeNodeFixture(DEMO);
  try {
    kubeconfig(root);
    let clock = 0;
    const restartingKubelet = { sleep: async (ms: number) => { clock += ms; simulateRestart(root, { 'kube-apiserver': 1391 }); }, now: () => clock, intervalMs: 1000, timeoutMs: 5000 };
    const ok = await fixWith(root, { apply: true, verify: true, check: '1.2.15' }, { verify: restartingKubelet });
    assert.equal(ok.code, 0, ok.error);
    assert.match(ok.out, /Verified: kube-apiserver came back with the new configuration/);
    live = false;
    const original = read(root, 'etc/kubernetes/manifests/kube-apiserver.yaml');
    const bad = await fixWith(root, { apply: true, verify: true, check: '1.2.30' }, { verify: restartingKubelet });
    assert.equal(bad.code, 1);
    assert.match(bad.out, /Not back after 300s: kube-apiserver\. Rolled back/);
    assert.equal(read(root, 'etc/kubernetes/manifests/kube-apiserver.yaml'), original);
  } finally {
    live = true;
    removeNodeFixture(root);
  }
});
