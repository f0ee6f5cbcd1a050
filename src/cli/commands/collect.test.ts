import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../program.js';
import { captureContext } from '../../../test/helpers/cli.js';
import { materializeNodeFixture, removeNodeFixture } from '../../../test/helpers/materialize.js';

const cleanup: string[] = [];
after(() => cleanup.forEach((dir) => removeNodeFixture(dir)));
const demo = materializeNodeFixture('kubeadm-1.32-controlplane');
cleanup.push(demo);

test('kubefort collect --root writes the node facts as JSON, stamped with the CLI clock', async () => {
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', demo], ctx), 0);
  const facts = JSON.parse(ctx.out.join('')) as Record<string, unknown>;
  assert.equal(facts.schemaVersion, 1);
  assert.equal(facts.collectedAt, '2026-11-23T12:00:00.000Z');
  assert.equal(facts.root, demo);
  assert.deepEqual(Object.keys(facts), [...Object.keys(facts)].sort(), 'keys are sorted');
  assert.deepEqual(ctx.err, []);
});

test('two collections of the same node are byte-identical (deterministic output)', async () => {
  const a = captureContext();
  const b = captureContext();
  await run(['collect', '--root', demo], a);
  await run(['collect', '--root', demo], b);
  assert.equal(a.out.join(''), b.out.join(''));
});

test('kubefort collect --output FILE writes the file and nothing to stdout; --k8s-version is recorded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-out-'));
  cleanup.push(dir);
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', demo, '--k8s-version', 'v1.33.2', '--output', join(dir, 'facts.json')], ctx), 0);
  assert.deepEqual(ctx.out, []);
  const facts = JSON.parse(readFileSync(join(dir, 'facts.json'), 'utf8')) as { kubernetesVersion: unknown };
  assert.deepEqual(facts.kubernetesVersion, { source: '--k8s-version', version: 'v1.33.2' });
});

test('a --root that is not a node: exit 2 with a clear message and no stack trace', async () => {
  const root = materializeNodeFixture('not-a-node');
  cleanup.push(root);
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', root], ctx), 2);
  assert.match(ctx.err.join(''), /^kubefort: .* does not look like a Kubernetes node/);
  assert.doesNotMatch(ctx.err.join(''), /\n\s+at /);
});

test('a --root that does not exist: exit 2', async () => {
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', '/nonexistent/kubefort'], ctx), 2);
  assert.match(ctx.err.join(''), /--root \/nonexistent\/kubefort: no such directory/);
});

test('an --output that cannot be written: exit 2, the reason named', async () => {
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', demo, '--output', '/nonexistent/dir/facts.json'], ctx), 2);
  assert.match(ctx.err.join(''), /cannot write \/nonexistent\/dir\/facts\.json/);
});

test('an --k8s-version that is not a Kubernetes version: exit 2 before reading the node', async () => {
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', demo, '--k8s-version', 'latest'], ctx), 2);
  assert.match(ctx.err.join(''), /--k8s-version latest: not a Kubernetes version such as v1\.32\.4/);
  assert.deepEqual(ctx.out, []);
});

test('kubefort collect --help describes every option', async () => {
  const ctx = captureContext();
  assert.equal(await run(['collect', '--help'], ctx), 0);
  for (const option of ['--root', '--k8s-version', '--output']) assert.match(ctx.out.join(''), new RegExp(option));
});
