/**
 * As a user runs it: the esbuild bundle (same options as scripts/build.mjs, into a temp dir) started as a process.
 * Guards what only the bundle can break: reflect-metadata must still load before @peculiar/x509.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FIXTURES } from './fixtures.js';

let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubefort-bundle-'));
  await build({
    entryPoints: ['src/cli/main.ts'], outdir: join(dir, 'dist'), entryNames: 'kubefort', chunkNames: 'chunks/[name]-[hash]',
    splitting: true, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent',
    banner: { js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);" },
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

const kubefort = (args: string[]) => spawnSync(process.execPath, [join(dir, 'dist', 'kubefort.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

test('bundled CLI: tls create, then ingress on its output with the t75 cluster, finds only ING027 (exit 0; 1 with --fail-on info)', () => {
  const out = join(dir, 'out');
  const created = kubefort(['tls', 'create', '--name', 'accounting-secret', '--namespace', 't75', '--host', 'accounting.internal.acme.com',
    '--out', out, '--ingress', 'accounting-ingress', '--service', 'accounting-service:80', '--class', 'nginx']);
  assert.equal(created.status, 0, created.stderr);
  cpSync(join(FIXTURES, 't75', 't75.yaml'), join(out, 't75.yaml'));
  cpSync(join(FIXTURES, 't75', 'ingressclass.yaml'), join(out, 'ingressclass.yaml'));
  const audited = kubefort(['ingress', out, '-o', 'json']);
  assert.equal(audited.status, 0, audited.stderr);
  assert.deepEqual((JSON.parse(audited.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId), ['ING027']);
  assert.equal(kubefort(['ingress', out, '--fail-on', 'info']).status, 1);
  const none = kubefort(['ingress', join(FIXTURES, 't75', 't75.yaml')]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^kubefort: no Ingress to check/);
});
