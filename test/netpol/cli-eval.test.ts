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
