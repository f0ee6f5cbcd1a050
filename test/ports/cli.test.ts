import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubefort } from '../helpers/cli.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('ports');
const FIX = join('test', 'fixtures', 'ports');

test('ports on a control-plane node: each listener judged, processes named through fd links, NodePort Service named (golden)', async () => {
  const r = await kubefort(['ports', '--root', join(FIX, 'control-plane'), join(FIX, 'objects')]);
  assert.equal(r.code, 1);
  assert.match(r.out, /PORT001 +kubelet read-only port 10255/);
  assert.match(r.out, /PORT003 +etcd peer 2380 .*--peer-client-cert-auth not set/);
  assert.match(r.out, /NodePort of Service shop\/web/);
  assert.doesNotMatch(r.out, /:2379: IPv4, loopback/, 'etcd on loopback is fine');
  golden('control-plane.txt', r.out);
  golden('control-plane.json', (await kubefort(['ports', '-o', 'json', '--root', join(FIX, 'control-plane'), join(FIX, 'objects')])).out);
});

test('ports: a truncated /proc/net/tcp gives findings with the line, and the insecure port is still found (golden)', async () => {
  const r = await kubefort(['ports', '--root', join(FIX, 'truncated')]);
  assert.equal(r.code, 1);
  golden('truncated.txt', r.out);
});

test('ports: --fail-on critical still fails on the critical etcd peer port and the insecure API port', async () => {
  const r = await kubefort(['ports', '--fail-on', 'critical', '--root', join(FIX, 'control-plane')]);
  assert.equal(r.code, 1, 'the etcd peer port is critical');
  assert.equal((await kubefort(['ports', '--fail-on', 'critical', '--root', join(FIX, 'truncated')])).code, 1);
});

test('ports: no socket table under --root is exit 2 (nothing checked), not a clean pass', async () => {
  const r = await kubefort(['ports', '--root', join(FIX, 'objects')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /nothing to check/);
});
