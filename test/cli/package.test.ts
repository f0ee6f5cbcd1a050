import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { assertUnchanged, fullSnapshot } from '../fix/snapshot.js';

/**
 * As a user installs it: `npm pack`, then a global install of the tarball into an empty prefix without dev
 * dependencies (from the local npm cache, so no registry is needed), then the installed commands. kubectl
 * runs a plugin by executing `kubectl-fort` from PATH, so running that executable is the plugin path.
 */
const REPO = join(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let dir = '';
let prefix = '';
let node = '';

function npm(args: string[], cwd = REPO): SpawnSyncReturns<string> {
  return spawnSync(NPM, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
}

function bin(name: string): string {
  return join(prefix, 'bin', name);
}

function runInstalled(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(bin(name), args, { encoding: 'utf8', env });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubefort-pack-'));
  prefix = join(dir, 'prefix');
  node = materializeNodeFixture('kubeadm-1.32-controlplane');
  const pack = npm(['pack', '--json', '--pack-destination', dir]);
  assert.equal(pack.status, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  assert.ok(info);
  const files = info.files.map((f) => f.path);
  for (const needed of ['dist/kubefort.js', 'bin/kubefort', 'bin/kubectl-fort', 'LICENSE', 'package.json']) assert.ok(files.includes(needed), `${needed} is in the tarball`);
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('node_modules/')), 'sources and tests stay out of the tarball');
  const tgz = join(dir, info.filename);
  const common = ['install', '-g', '--prefix', prefix, '--omit=dev', '--no-audit', '--no-fund', tgz];
  // Offline first (the cache npm ci filled); the registry only when the cache lacks a runtime dependency.
  let install = npm([...common, '--offline']);
  if (install.status !== 0) install = npm([...common, '--prefer-offline']);
  assert.equal(install.status, 0, install.stderr);
});

after(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  if (node !== '') removeNodeFixture(node);
});

test('the packed tarball installs into an empty prefix without dev dependencies and prints its version', () => {
  assert.ok(!existsSync(join(prefix, 'lib', 'node_modules', 'kubefort', 'node_modules', 'esbuild')), 'esbuild (dev) is not installed');
  // dist/kubefort.js bundles every package (esbuild, no externals): the install has no dependency to fetch.
  assert.ok(!existsSync(join(prefix, 'lib', 'node_modules', 'kubefort', 'node_modules')), 'no runtime dependency is installed');
  const version = runInstalled('kubefort', ['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout, '0.1.0\n');
});

test('the installed kubefort runs bench on a node root', () => {
  const bench = runInstalled('kubefort', ['bench', '--root', node, '--fail-on', 'never', '--nototals']);
  assert.equal(bench.status, 0, bench.stderr);
  assert.match(bench.stdout, /^\[INFO\] Benchmark cis-1\.12: Kubernetes 1\.32 -> cis-1\.12/);
  assert.match(bench.stdout, /^\[FAIL\] 1\.2\.5 /m);
  assert.equal(runInstalled('kubefort', ['bench', '--root', node]).status, 1, 'FAILs exit 1 from the installed command too');
});

test('as the kubectl plugin (kubectl-fort on PATH), usage lines say `kubectl fort`', () => {
  const env = { ...process.env, PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}` };
  const help = spawnSync('kubectl-fort', ['--help'], { encoding: 'utf8', env });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^Usage: kubectl fort /);
  assert.doesNotMatch(help.stdout, /Usage: kubefort/);
  const sub = spawnSync('kubectl-fort', ['bench', '--help'], { encoding: 'utf8', env });
  assert.match(sub.stdout, /^Usage: kubectl fort bench /);
  const wrong = spawnSync('kubectl-fort', ['bench', '--no-such-flag'], { encoding: 'utf8', env });
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /\(run "kubectl fort bench --help" for usage\)/);
  assert.match(runInstalled('kubefort', ['--help']).stdout, /^Usage: kubefort /);
});

/** Runs the installed command with its stdout closed by the reader before it writes, as `| head -1` ends. */
function closedStdout(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin('kubefort'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => { err += s; });
    child.on('close', (code) => resolve({ code, err }));
  });
}

test('a closed stdout ends the installed command quietly with the command\'s own exit status', async () => {
  const help = await closedStdout(['--help']);
  assert.equal(help.err, '');
  assert.equal(help.code, 0);
  const bench = await closedStdout(['bench', '--root', node]);
  assert.equal(bench.err, '');
  assert.equal(bench.code, 1, 'FAILs still exit 1: pipefail pipelines keep the verdict');
  const list = await closedStdout(['netpol', 'list', join(REPO, 'test', 'fixtures', 'netpol', 'seed-g04')]);
  assert.equal(list.err, '');
  assert.equal(list.code, 0);
  const collect = await closedStdout(['collect', '--root', node]);
  assert.equal(collect.err, '');
  assert.equal(collect.code, 0);
});

test('the installed kubefort fix (dry run) on a copy of the demo node prints its plan and writes nothing', () => {
  const copy = materializeNodeFixture('kubeadm-1.32-controlplane');
  try {
    const before = fullSnapshot(copy);
    const dry = runInstalled('kubefort', ['fix', '--root', copy]);
    assert.equal(dry.status, 1, `changes to show exit 1: ${dry.stderr}`);
    assert.equal(dry.stderr, '');
    assert.match(dry.stdout, /^kubefort fix \(dry run; --apply writes\) on .*: cis-1\.12 /);
    assert.match(dry.stdout, /^== kube-apiserver ==$/m);
    assert.match(dry.stdout, /^\+ {4}- --profiling=false$/m, 'a unified diff of the manifest');
    assert.match(dry.stdout, /^[1-9]\d* files? to edit, \d+ mode\/owner changes?\.$/m);
    const json = runInstalled('kubefort', ['fix', '--root', copy, '--output', 'json']);
    assert.equal(json.status, 1, json.stderr);
    const plan = JSON.parse(json.stdout) as { schemaVersion: number; edits: { path: string }[] };
    assert.equal(plan.schemaVersion, 1);
    assert.ok(plan.edits.some((e) => e.path === '/etc/kubernetes/manifests/kube-apiserver.yaml'), json.stdout.slice(0, 400));
    assertUnchanged(before, fullSnapshot(copy));
  } finally {
    removeNodeFixture(copy);
  }
});
