import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { assertGolden } from './golden.js';

const G04 = 'test/fixtures/netpol/seed-g04';

test('netpol eval: allowed exits 0 and names the admitting rule with file:line', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'eval', G04, '--from', 'g04/frontend', '--to', 'g04/backend', '--port', '3000'], ctx), 0);
  assertGolden('eval-g04-frontend-backend-3000.txt', ctx.out.join(''));
});

test('netpol eval: denied exits 1 and lists the selecting policies', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'eval', G04, '--from', 'default/other', '--to', 'g04/backend', '--port', '3000'], ctx), 1);
  assertGolden('eval-g04-other-backend-3000.txt', ctx.out.join(''));
});

test('netpol eval -o json carries the verdict per direction', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'eval', G04, '--from', 'g04/frontend', '--to', 'g04/backend', '--port', '80', '-o', 'json'], ctx), 1);
  const v = JSON.parse(ctx.out.join('')) as { allowed: boolean; ingress: { allowed: boolean; policies: unknown[] } };
  assert.equal(v.allowed, false);
  assert.equal(v.ingress.policies.length, 2);
});

test('netpol eval: a named --port resolves against the destination container ports', async () => {
  const ctx = captureContext();
  const rules = 'test/fixtures/netpol/rules/named-port-resolves-by-name-and-protocol.yaml';
  assert.equal(await run(['netpol', 'eval', rules, '--from', 'shop/client', '--to', 'shop/server', '--port', 'metrics'], ctx), 0);
  assert.match(ctx.out.join(''), /TCP 9090: ALLOWED/);
});

test('netpol eval: unknown workload, bad port and bad protocol are usage errors (exit 2)', async () => {
  const cases: [string[], RegExp][] = [
    [['--from', 'g04/nobody', '--to', 'g04/backend', '--port', '80'], /kubefort: no workload or pod g04\/nobody in the input/],
    [['--from', 'g04/frontend', '--to', 'g04/backend', '--port', '70000'], /kubefort: --port 70000 is not in 1-65535/],
    [['--from', 'g04/frontend', '--to', 'g04/backend', '--port', '80', '--protocol', 'ICMP'], /kubefort: invalid --protocol ICMP/],
    [['--from', 'g04/frontend', '--port', '80'], /kubefort: --to\/--destination is required/],
    [['--from', 'g04/frontend', '-s', 'g04/backend', '--to', 'g04/backend', '--port', '80'], /give one of the two spellings/],
  ];
  for (const [extra, message] of cases) {
    const ctx = captureContext();
    assert.equal(await run(['netpol', 'eval', G04, ...extra], ctx), 2, extra.join(' '));
    assert.match(ctx.err.join(''), message);
  }
});

test("netpol eval takes netpol-analyzer's spellings, lowercase protocols and pod names", async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'eval', '--dirpath', G04, '-s', 'g04/frontend', '-d', 'g04/backend', '-p', '3000', '--protocol', 'tcp'], ctx), 0);
  assert.match(ctx.out.join(''), /^g04\/frontend\[Pod\] => g04\/backend\[Pod\] TCP 3000: ALLOWED$/m);
  const pod = captureContext();
  const canary = 'test/fixtures/netpol/splits/canary-unselected.yaml';
  assert.equal(await run(['netpol', 'eval', canary, '--from', 'shop/client', '--to', 'shop/web-6b7f9c8d4-m4z8k', '--destination-port', '8080'], pod), 0);
  assert.match(pod.out.join(''), /=> shop\/web\[Deployment\]\{role=canary\} TCP 8080: ALLOWED/);
});

test('netpol eval: a named port the destination lacks is DENIED with the reason, not a usage error', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'eval', G04, '--from', 'g04/frontend', '--to', 'g04/backend', '--port', 'grpc'], ctx), 1);
  assert.match(ctx.out.join(''), /^g04\/frontend\[Pod\] => g04\/backend\[Pod\] TCP grpc: DENIED$/m);
  assert.match(ctx.out.join(''), /g04\/backend\[Pod\] has no container port named grpc\/TCP/);
});

test('netpol eval within one workload: only a pod reaches itself; two pods of a workload are judged by the policies', async () => {
  const cli = async (argv: string[], code: number): Promise<string> => {
    const ctx = captureContext();
    assert.equal(await run(['netpol', 'eval', ...argv], ctx), code, argv.join(' '));
    return ctx.out.join('');
  };
  // shop/web is a Deployment (a template: its replicas are different pods); web-from-ingress admits only
  // the ingress-nginx namespace, so one web pod cannot reach another.
  const shop = 'test/fixtures/netpol/ingress/shop.yaml';
  const replicas = await cli([shop, '--from', 'shop/web', '--to', 'shop/web', '--port', '8080'], 1);
  assert.match(replicas, /^shop\/web\[Deployment\] => shop\/web\[Deployment\] TCP 8080: DENIED$/m);
  assert.match(replicas, /ingress DENIED {3}shop\/web\[Deployment\]: isolated for ingress and no rule of the 1 selecting policy admits TCP 8080 from shop\/web\[Deployment\]/);
  // Two named pods of one ReplicaSet are two pods; the same pod twice is a pod reaching itself.
  const cluster = 'test/fixtures/netpol/workloads/cluster.yaml';
  const two = await cli([cluster, '--from', 'shop/web-7d4b9c6f8d-x2k9p', '--to', 'shop/web-7d4b9c6f8d-q8w3z', '--port', '8080'], 0);
  assert.match(two, /egress {2}allowed {2}shop\/web\[Deployment\]: no NetworkPolicy selecting it affects egress/);
  assert.doesNotMatch(two, /reach itself/);
  assert.match(await cli([cluster, '--from', 'shop/web-7d4b9c6f8d-x2k9p', '--to', 'shop/web-7d4b9c6f8d-x2k9p', '--port', '8080'], 0), /a pod can always reach itself/);
  // A workload of one pod, named twice, is that pod.
  assert.match(await cli([G04, '--from', 'g04/frontend', '--to', 'g04/frontend', '--port', '80'], 0), /a pod can always reach itself/);
});
