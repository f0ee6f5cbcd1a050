// Live input against a real kube-apiserver + etcd (scripts/build-control-plane.sh), never a mock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadObjects } from '../../src/collect/objects.js';
import { loadLiveObjects } from '../../src/collect/live/load.js';
import { run } from '../../src/cli/program.js';
import { captureContext, kubefort } from '../helpers/cli.js';
import { controlPlaneMissing, startCluster, type TestCluster } from '../helpers/apiserver.js';
import { buildPlugin } from './plugin-build.js';

const missing = controlPlaneMissing();
if (missing !== undefined) console.log(`# skipping live tests: ${missing}`);

const FIXTURES = ['test/fixtures/netpol/seed-g04', 'test/fixtures/live'];
const ROUTE_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'routes.route.openshift.io' },
  spec: { group: 'route.openshift.io', scope: 'Namespaced', names: { plural: 'routes', singular: 'route', kind: 'Route', listKind: 'RouteList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
};
const MARKERS = ['KUBEFORT-MARKER-PRIVATE-KEY', 'KUBEFORT-MARKER-OPAQUE', Buffer.from('KUBEFORT-MARKER-PRIVATE-KEY').toString('base64'), Buffer.from('KUBEFORT-MARKER-OPAQUE').toString('base64')];

describe('live cluster (real kube-apiserver)', { skip: missing }, () => {
  let cluster: TestCluster;
  let work: string;
  const cli = async (args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> => {
    return kubefort(args, { env: { KUBECONFIG: cluster.kubeconfig, ...env }, cwd: work });
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kubefort-live-'));
    cluster = await startCluster();
    await cluster.apply(loadObjects(FIXTURES).objects.map((o) => o.object));
    // OpenShift's Route kind, served here by a CustomResourceDefinition, so discovery finds route.openshift.io/v1.
    await cluster.call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', ROUTE_CRD);
    for (let i = 0; i < 100; i += 1) {
      const crd = await cluster.call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/routes.route.openshift.io') as { status?: { conditions?: { type: string; status: string }[] } };
      if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await cluster.call('POST', '/apis/route.openshift.io/v1/namespaces/shop/routes', { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'web', namespace: 'shop' }, spec: { host: 'web.example.test', to: { kind: 'Service', name: 'web' } } });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('kubectl fort netpol list -n g04 uses the current context, like every kubectl plugin', async () => {
    const bin = await buildPlugin(join(work, 'plugin'));
    const r = spawnSync('kubectl-fort', ['netpol', 'list', '-n', 'g04'], {
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, KUBECONFIG: cluster.kubeconfig, HOME: work }, encoding: 'utf8',
    });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    // The golden file-input answer, without the pod of namespace default that -n g04 leaves out.
    const golden = readFileSync('test/golden/netpol/list-g04.txt', 'utf8').split('\n').filter((l) => l !== '' && !l.includes('default/'));
    assert.deepEqual(r.stdout.trimEnd().split('\n'), golden);
  });

  test('client certificate, token file and exec plugin users read the same objects', async () => {
    const outs = [];
    for (const context of ['admin', 'token', 'exec']) {
      const r = await cli(['netpol', 'list', '-A', '--context', context]);
      assert.equal(r.code, 0, r.err);
      outs.push(r.out);
    }
    assert.equal(outs[1], outs[0]);
    assert.equal(outs[2], outs[0]);
    assert.match(outs[0] ?? '', /g04\/frontend\[Pod\] => g04\/backend\[Pod\] : TCP 3000/);
  });

  test('the user bound to view: what it cannot read is reported once, and gives no PASS', async () => {
    const r = await cli(['scan', '-A', '--context', 'auditor', '-o', 'json']);
    const report = JSON.parse(r.out) as { unreadable: string[]; areas: { id: string; notEvaluated: string[] }[]; findings: { ruleId: string }[] };
    assert.ok(report.unreadable.includes('cannot list secrets in any namespace: forbidden for user auditor'), report.unreadable.join('\n'));
    assert.ok(report.unreadable.includes('cannot list clusterroles at the cluster scope: forbidden for user auditor'));
    assert.equal(r.err.split('\n').filter((l) => l.includes('cannot list secrets')).length, 1, 'reported once on stderr');
    const cis = report.areas.find((a) => a.id === 'cis');
    assert.ok(cis?.notEvaluated.some((n) => n.startsWith('5.1.1 ') && n.includes('could not be read')), cis?.notEvaluated.join('\n'));
    assert.ok(!report.findings.some((f) => f.ruleId === 'CIS-5.1.1' || f.ruleId === 'CIS-5.1.3'));
    assert.deepEqual(report.areas.find((a) => a.id === 'rbac')?.notEvaluated, ['RBAC: needs Role, ClusterRole, RoleBinding, ClusterRoleBinding, which could not be read']);
    assert.ok(!report.findings.some((f) => f.ruleId.startsWith('RBAC') || f.ruleId.startsWith('ING')), 'no verdict on what could not be read');
    // Pods were readable: the privileged pod is still found.
    assert.ok(report.findings.some((f) => f.ruleId === 'CIS-5.2.2'), JSON.stringify(report.findings.map((f) => f.ruleId)));
    const bench = await cli(['bench', '--live', '-A', '--context', 'auditor', '--targets', 'policies', '--check', '5.1.1,5.1.3', '--output', 'json']);
    const checks = (JSON.parse(bench.out) as { controls: { groups: { checks: { id: string; status: string }[] }[] }[] }).controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
    assert.deepEqual(checks.map((c) => c.status), ['WARN', 'WARN']);
  });

  test('the admin run finds the RBAC problems the auditor could not see', async () => {
    const r = await cli(['scan', '-A', '-o', 'json']);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as { unreadable: string[]; findings: { ruleId: string; location?: { file: string } }[] };
    assert.deepEqual(report.unreadable, []);
    assert.ok(!report.findings.some((f) => f.ruleId === 'LIVE001' || f.ruleId === 'LIVE002'), 'verified TLS, everything readable');
    assert.ok(report.findings.some((f) => f.ruleId === 'CIS-5.1.1'));
    assert.ok(report.findings.some((f) => f.ruleId === 'CIS-5.1.3' && f.location?.file === 'live:admin/shop/Role/everything'), JSON.stringify(report.findings.filter((f) => f.ruleId === 'CIS-5.1.3')));
    // The Ingress's TLS Secret was read (field selector): its certificate is judged, its redacted key is not.
    const ingress = report.findings.filter((f) => f.ruleId.startsWith('ING') && f.location?.file === 'live:admin/shop/Secret/shop-tls');
    assert.deepEqual(ingress.map((f) => f.ruleId), ['ING014']);
    assert.ok((JSON.parse(r.out) as { areas: { id: string; notEvaluated: string[] }[] }).areas.find((a) => a.id === 'ingress')?.notEvaluated[0]?.includes('shop/shop-tls'));
  });

  test('Secret values never reach output, and only TLS Secrets are read', async () => {
    const exportDir = join(work, 'export-secrets');
    const outputs = [await cli(['export', '-A', '--out', exportDir]), await cli(['scan', '-A', '-o', 'json']), await cli(['scan', '-A', '-o', 'sarif']), await cli(['scan', '-A', '-o', 'html'])];
    const files = readdirSync(exportDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
    const all = [...outputs.flatMap((o) => [o.out, o.err]), ...files].join('\n');
    for (const marker of MARKERS) assert.ok(!all.includes(marker), `${marker} leaked`);
    const secrets = readFileSync(join(exportDir, 'shop', 'Secret.yaml'), 'utf8');
    assert.match(secrets, /name: shop-tls/);
    assert.doesNotMatch(secrets, /db-password/);
    assert.match(secrets, /tls\.crt: S1VCRUZPUlQtTUFSS0VSLUNFUlQ=/, 'certificates are public and kept');
    const kept = await cli(['export', '-n', 'shop', '--out', join(work, 'export-with-data'), '--include-secret-data']);
    assert.equal(kept.code, 0, kept.err);
    assert.match(readFileSync(join(work, 'export-with-data', 'shop', 'Secret.yaml'), 'utf8'), /tls\.key: S1VCRUZPUlQtTUFSS0VSLVBSSVZBVEUtS0VZ/);
  });

  test('live and file input give the same results on the same objects (export, then read the files)', async () => {
    const dir = join(work, 'export');
    const exported = await cli(['export', '-A', '--out', dir]);
    assert.equal(exported.code, 0, exported.err);
    assert.deepEqual((await cli(['netpol', 'list', dir])).out, (await cli(['netpol', 'list', '-A'])).out);
    // Only where a finding points differs: file:line:column against live:<context>/<ns>/<Kind>/<name>.
    const withoutLocations = (out: string): unknown => JSON.parse(out, (key, value: unknown) => (key === 'location' ? undefined : value));
    assert.deepEqual(withoutLocations((await cli(['netpol', 'lint', dir, '-o', 'json'])).out), withoutLocations((await cli(['netpol', 'lint', '-A', '-o', 'json'])).out));
    const strip = (out: string): string[] => (JSON.parse(out) as { findings: { ruleId: string; severity: string; subject?: string; message: string }[] }).findings
      .map((f) => `${f.severity} ${f.ruleId} ${f.subject ?? ''} ${f.message.replace(/\((live:|\/)[^)]*\)/g, '()')}`).sort();
    const fromFiles = strip((await cli(['scan', dir, '-o', 'json'])).out);
    const fromLive = strip((await cli(['scan', '-A', '-o', 'json'])).out).filter((l) => !l.includes(' LIVE00'));
    assert.deepEqual(fromFiles, fromLive);
  });

  test('insecure-skip-tls-verify is honoured and reported as a finding', async () => {
    const config = readFileSync(cluster.kubeconfig, 'utf8').replace('certificate-authority: ca.crt', 'insecure-skip-tls-verify: true');
    const file = join(cluster.dir, 'insecure.kubeconfig');
    writeFileSync(file, config);
    const r = await cli(['scan', '--kubeconfig', file, '-A', '--area', 'access', '-o', 'json']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /insecure-skip-tls-verify/);
    assert.ok((JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'LIVE001'));
  });

  test('pages of 2 read the same objects as pages of 500; discovery skips what is not served and finds Routes', async () => {
    const base = { env: { KUBECONFIG: cluster.kubeconfig }, cwd: work, allNamespaces: true };
    const small = await loadLiveObjects({ ...base, pageSize: 2, concurrency: 2 });
    const large = await loadLiveObjects(base);
    assert.deepEqual(small.objects.map((o) => o.location.file), large.objects.map((o) => o.location.file));
    assert.ok(small.objects.length > 100);
    // OpenShift's kinds (and its `config` ConfigMaps, read only where config.openshift.io is served) are not asked for.
    assert.deepEqual(large.live.notServed, ['APIServer', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ConfigMap', 'Gateway', 'HTTPRoute', 'KubeAPIServer', 'OAuth', 'OpenShiftAPIServer', 'SecurityContextConstraints']);
    assert.ok(large.objects.some((o) => o.location.file === 'live:admin/shop/Route/web'));
  });

  test('a progress line on a terminal (stderr), none otherwise', async () => {
    const ctx = captureContext({ env: { KUBECONFIG: cluster.kubeconfig }, cwd: work, stderrIsTTY: true });
    assert.equal(await run(['netpol', 'list', '-A'], ctx), 0);
    assert.ok(ctx.err.join('').includes('\r\u001b[2Kkubefort: read 1/'), JSON.stringify(ctx.err));
    const plain = await cli(['netpol', 'list', '-A']);
    assert.equal(plain.err, '');
  });

  // As in a pod: the service account's files under /var/run/secrets (a private mount namespace with its own
  // /run, so the host is untouched) and KUBERNETES_SERVICE_HOST/PORT, no kubeconfig anywhere.
  test('in-cluster configuration from the service account files', { skip: spawnSync('unshare', ['-m', 'true']).status === 0 ? false : 'unshare -m is not permitted here' }, () => {
    const sa = join(work, 'serviceaccount');
    mkdirSync(sa);
    copyFileSync(join(cluster.dir, 'ca.crt'), join(sa, 'ca.crt'));
    copyFileSync(join(cluster.dir, 'token'), join(sa, 'token'));
    writeFileSync(join(sa, 'namespace'), 'g04');
    const port = new URL(cluster.server).port;
    const script = 'mount -t tmpfs none /run && mkdir -p /run/secrets/kubernetes.io && cp -r "$1" /run/secrets/kubernetes.io/serviceaccount && shift && exec "$@"';
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', sa, process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'netpol', 'list'], {
      env: { PATH: process.env.PATH ?? '', HOME: work, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port }, encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    // The namespace file is the default namespace, as for kubectl in a pod.
    assert.ok(!r.stdout.includes('default/other'), r.stdout);
    assert.match(r.stdout, /g04\/frontend\[Pod\] => g04\/backend\[Pod\] : TCP 3000/);
  });

  // HTTPS_PROXY from the environment: the server is named kubefort-api.test (never resolved: the client asks the
  // proxy to CONNECT to it), and the proxy on 127.0.0.1 forwards every CONNECT to the test API server.
  test('a proxy from the environment is used (CONNECT); loopback servers bypass it', async () => {
    const port = Number(new URL(cluster.server).port);
    const connects: string[] = [];
    const proxy = createHttpServer();
    proxy.on('connect', (req: IncomingMessage, client: Duplex) => {
      connects.push(req.url ?? '');
      const upstream = connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
      const file = join(cluster.dir, 'proxied.kubeconfig');
      writeFileSync(file, readFileSync(cluster.kubeconfig, 'utf8').replace(cluster.server, `https://kubefort-api.test:${port}`));
      const r = await cli(['netpol', 'list', '-n', 'g04', '--kubeconfig', file], { HTTPS_PROXY: proxyUrl });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /g04\/frontend\[Pod\] => g04\/backend\[Pod\] : TCP 3000/);
      assert.ok(connects.length > 0 && connects.every((c) => c === `kubefort-api.test:${port}`), connects.join(','));
      const before = connects.length;
      const direct = await cli(['netpol', 'list', '-n', 'g04'], { HTTPS_PROXY: proxyUrl });
      assert.equal(direct.code, 0, direct.err);
      assert.equal(connects.length, before, '127.0.0.1 never goes through a proxy');
      // NO_PROXY matching is unit-tested (client.test.ts): bypassing here would resolve kubefort-api.test in DNS.
    } finally {
      proxy.close();
    }
  });

  test('a user who may list nothing: exit 2, with what was forbidden', async () => {
    const r = await cli(['scan', '-A', '--context', 'nobody']);
    assert.equal(r.code, 2);
    assert.match(r.err, /could not read anything from https:\/\/127\.0\.0\.1:\d+ \(context nobody\): cannot list namespaces at the cluster scope: forbidden for user nobody/);
  });

  test('no kubeconfig, an unknown context and an unreachable server are clear errors with exit 2', async () => {
    const none = await cli(['netpol', 'list'], { KUBECONFIG: '', HOME: work });
    assert.equal(none.code, 2);
    assert.match(none.err, /no kubeconfig/);
    const unknown = await cli(['netpol', 'list', '--context', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /context "nope" not found/);
    const file = join(cluster.dir, 'down.kubeconfig');
    writeFileSync(file, readFileSync(cluster.kubeconfig, 'utf8').replace(cluster.server, 'https://127.0.0.1:1'));
    const down = await cli(['netpol', 'list', '--kubeconfig', file, '--request-timeout', '2s']);
    assert.equal(down.code, 2);
    assert.match(down.err, /cannot reach 127\.0\.0\.1:1/);
    assert.doesNotMatch(down.err, /\n\s+at /, 'no stack trace');
  });
});
