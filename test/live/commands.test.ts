// ingress, gui, rbac and ports reading a real kube-apiserver (scripts/build-control-plane.sh): each area's own
// fixtures are loaded through the API, and the live answer is compared with the answer on the files.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadObjects, type KubeObject } from '../../src/collect/objects.js';
import { kubefort } from '../helpers/cli.js';
import { controlPlaneMissing, startCluster, type TestCluster } from '../helpers/apiserver.js';
import { validator } from '../scan/helpers.js';

const missing = controlPlaneMissing();
if (missing !== undefined) console.log(`# skipping live command tests: ${missing}`);

const INGRESS = 'test/fixtures/ingress/t75';
const GUI = 'test/fixtures/gui/headlamp-exposed';
const RBAC = 'test/fixtures/rbac/dashboard-users';
const PORTS = 'test/fixtures/ports';
const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

/** The cluster IP is the server's to allocate from its own range (the fixtures' come from another cluster). */
function withoutClusterIp(o: KubeObject): KubeObject {
  if (o.kind !== 'Service') return o;
  const { clusterIP: _ip, clusterIPs: _ips, ...spec } = (o as { spec?: Record<string, unknown> }).spec ?? {};
  return { ...o, spec } as KubeObject;
}

/** Findings as the command's JSON gives them, without where they point (file:line:column or live:<context>/…). */
function findings(out: string): unknown {
  return JSON.parse(out, (key, value: unknown) => (key === 'location' ? undefined : value)) as unknown;
}

describe('ingress, gui, rbac and ports on a live cluster (real kube-apiserver)', { skip: missing }, () => {
  let cluster: TestCluster;
  let work: string;
  const validateSarif = validator('test/scan/sarif-schema-2.1.0.json');
  const cli = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    return kubefort(args, { env: { KUBECONFIG: cluster.kubeconfig }, cwd: process.cwd() });
  };

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kubefort-live-cmd-'));
    cluster = await startCluster();
    const objects = loadObjects([INGRESS, GUI, RBAC, join(PORTS, 'objects')]).objects.map((o) => withoutClusterIp(o.object));
    await cluster.apply([namespace('headlamp'), namespace('kubernetes-dashboard'), namespace('shop'), ...objects]);
  });
  after(async () => {
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('ingress: the same findings live (-n t75, no PATH) as on the files; SARIF validates', async () => {
    const file = await cli(['ingress', INGRESS, '-o', 'json']);
    const live = await cli(['ingress', '-n', 't75', '-o', 'json']);
    assert.equal(live.code, file.code, live.err);
    assert.equal(live.code, 1);
    assert.deepEqual(findings(live.out), findings(file.out));
    const sarif = await cli(['ingress', 'audit', '--live', '-n', 't75', '-o', 'sarif']);
    assert.deepEqual(validateSarif(JSON.parse(sarif.out)), []);
    assert.match(sarif.out, /live:admin\/t75\/Ingress\/accounting-ingress/);
  });

  test('ingress as the auditor (view: Secrets forbidden): reported once, TLS not evaluated, no verdict', async () => {
    const r = await cli(['ingress', '-n', 't75', '--context', 'auditor', '-o', 'json']);
    assert.equal(r.code, 2, 'could not check: no clean exit');
    assert.equal(r.err.split('\n').filter((l) => /cannot list secrets in namespace t75: forbidden for user auditor/.test(l)).length, 1, r.err);
    const report = JSON.parse(r.out) as { findings: unknown[]; notEvaluated: string[] };
    // view grants neither Secrets nor the cluster-scoped IngressClasses.
    assert.deepEqual(report.notEvaluated, ['Ingress TLS: needs Secret, IngressClass, which could not be read']);
    assert.deepEqual(report.findings, [], 'no "Secret not found" guessed from a forbidden list');
    const text = await cli(['ingress', '-n', 't75', '--context', 'auditor']);
    assert.equal(text.code, 2);
    assert.doesNotMatch(text.out, /no findings/);
    assert.match(text.out, /not evaluated: Ingress TLS: needs Secret/);
    const sarif = await cli(['ingress', '-n', 't75', '--context', 'auditor', '-o', 'sarif']);
    assert.deepEqual(validateSarif(JSON.parse(sarif.out)), []);
    assert.equal((JSON.parse(sarif.out) as { runs: { results: unknown[] }[] }).runs[0]?.results.length, 0);
    // The probe compares served leaves with the Secrets: without them it does not connect and gives no verdict.
    const probe = await cli(['ingress', 'probe', '-n', 't75', '--context', 'auditor', '--address', '127.0.0.1:1', '-o', 'json']);
    assert.equal(probe.code, 2, probe.err);
    assert.deepEqual((JSON.parse(probe.out) as { probes: unknown[]; notEvaluated: string[] }).probes, []);
  });

  test('gui: the same findings live as on the files; the auditor (no RBAC reads) gets not evaluated', async () => {
    const live = await cli(['gui', '-n', 'headlamp', '-o', 'json']);
    assert.equal(live.code, 1, live.err);
    // The server allocates the LoadBalancer's nodePort (the fixture has none): the same objects are its export.
    const dir = join(work, 'export-headlamp');
    assert.equal((await cli(['export', '-n', 'headlamp', '--out', dir])).code, 0);
    const offline = await cli(['gui', dir, '-o', 'json']);
    assert.equal(offline.code, live.code);
    assert.deepEqual(findings(live.out), findings(offline.out));
    const rules = (out: string): string[] => (JSON.parse(out) as { findings: { ruleId: string; subject?: string }[] }).findings.map((f) => `${f.ruleId} ${f.subject ?? ''}`);
    assert.deepEqual(rules(live.out), rules((await cli(['gui', GUI, '-o', 'json'])).out), 'the fixture\'s findings');
    const sarif = await cli(['gui', '--live', '-n', 'headlamp', '-o', 'sarif']);
    assert.deepEqual(validateSarif(JSON.parse(sarif.out)), []);
    const auditor = await cli(['gui', '-n', 'headlamp', '--context', 'auditor', '-o', 'json']);
    assert.equal(auditor.code, 2);
    const report = JSON.parse(auditor.out) as { findings: unknown[]; notEvaluated: string[] };
    assert.deepEqual(report.findings, []);
    assert.match(report.notEvaluated[0] ?? '', /^GUI: needs .*ClusterRole.*, which could not be read$/);
  });

  test('rbac: live findings are those of the exported objects, and include every finding of the fixture', async () => {
    const dir = join(work, 'export');
    const exported = await cli(['export', '-A', '--out', dir]);
    assert.equal(exported.code, 0, exported.err);
    const live = await cli(['rbac', '-A', '-o', 'json']);
    const offline = await cli(['rbac', dir, '-o', 'json']);
    assert.equal(live.code, offline.code, live.err);
    assert.equal(live.code, 1);
    assert.deepEqual(findings(live.out), findings(offline.out));
    // The server adds its bootstrap roles; what the fixture alone gives is found live too.
    const key = (f: { ruleId: string; subject?: string }): string => `${f.ruleId} ${f.subject ?? ''}`;
    const liveKeys = new Set((findings(live.out) as { findings: { ruleId: string; subject?: string }[] }).findings.map(key));
    const fixture = (findings((await cli(['rbac', RBAC, '-o', 'json'])).out) as { findings: { ruleId: string; subject?: string }[] }).findings.map(key);
    assert.ok(fixture.length > 0);
    for (const k of fixture) assert.ok(liveKeys.has(k), `${k} found live`);
    const sarif = await cli(['rbac', '-A', '-o', 'sarif']);
    assert.deepEqual(validateSarif(JSON.parse(sarif.out)), []);
  });

  test('rbac can-i and who-can: -n is the namespace asked about, and what is read; same answers as the files', async () => {
    const admin = ['--as', 'system:serviceaccount:kubernetes-dashboard:admin-user'];
    const live = await cli(['rbac', 'can-i', 'delete', 'secrets', '-n', 'kube-system', ...admin]);
    const file = await cli(['rbac', 'can-i', 'delete', 'secrets', RBAC, '-n', 'kube-system', ...admin]);
    assert.equal(live.code, 0, live.err);
    assert.equal(live.code, file.code);
    assert.match(live.out, /^yes/);
    const dev = ['--as', 'system:serviceaccount:kubernetes-dashboard:developer-user'];
    const liveDev = await cli(['rbac', 'can-i', 'delete', 'secrets', '-n', 'default', ...dev]);
    const fileDev = await cli(['rbac', 'can-i', 'delete', 'secrets', RBAC, '-n', 'default', ...dev]);
    assert.equal(liveDev.code, fileDev.code, `${liveDev.out}${liveDev.err}`);
    const who = JSON.stringify(JSON.parse((await cli(['rbac', 'who-can', 'delete', 'secrets', '-n', 'kube-system', '-o', 'json'])).out));
    assert.match(who, /admin-user/);
    const auditor = await cli(['rbac', 'can-i', 'get', 'pods', '-n', 'default', '--context', 'auditor', ...dev]);
    assert.equal(auditor.code, 2, 'no yes or no without the roles and bindings');
    assert.match(auditor.err, /not evaluated: RBAC needs Role, ClusterRole, RoleBinding, ClusterRoleBinding, which could not be read/);
  });

  test('ports --live names NodePort owners from the cluster, as the Service files do', async () => {
    const root = ['--root', join(PORTS, 'control-plane')];
    for (const format of ['text', 'json']) {
      const file = await cli(['ports', ...root, join(PORTS, 'objects'), '-o', format]);
      const live = await cli(['ports', ...root, '--live', '-A', '-o', format]);
      assert.equal(live.code, file.code, live.err);
      assert.equal(live.out, file.out);
    }
    const sarif = await cli(['ports', ...root, '--live', '-A', '-o', 'sarif']);
    assert.deepEqual(validateSarif(JSON.parse(sarif.out)), []);
  });
});
