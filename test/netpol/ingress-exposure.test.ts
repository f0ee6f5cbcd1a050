import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';

const FILE = 'test/fixtures/netpol/ingress/shop.yaml';

async function controllerLines(extra: string[]): Promise<string[]> {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'list', FILE, ...extra], ctx), 0);
  assert.doesNotMatch(ctx.err.join(''), /ignored/, 'Service, Ingress and Route are known kinds');
  return ctx.out.join('').split('\n').filter((l) => l.startsWith('{ingress-controller}'));
}

test('Ingress and Route backends reachable by an unknown controller: only backends open to every namespace', async () => {
  // web admits only the ingress-nginx namespace, api only its own namespace; docs (a Route, targetPort by name) is open.
  assert.deepEqual(await controllerLines([]), ['{ingress-controller} => shop/docs[Deployment] : TCP 8080']);
});

test('--ingress-controller applies the controller\'s own egress and the backends\' ingress; Service port -> named targetPort', async () => {
  assert.deepEqual(await controllerLines(['--ingress-controller', 'ingress-nginx/app.kubernetes.io/name=ingress-nginx']), [
    '{ingress-controller} => shop/docs[Deployment] : TCP 8080',
    // Ingress -> Service web port 80 -> targetPort http -> containerPort 8080, admitted from ingress-nginx.
    '{ingress-controller} => shop/web[Deployment] : TCP 8080',
  ]);
  // A controller not in the input is a pod with those labels in that namespace: no egress policy selects it.
  assert.deepEqual(await controllerLines(['--ingress-controller', 'ingress-nginx/app=haproxy']), [
    '{ingress-controller} => shop/docs[Deployment] : TCP 8080',
    '{ingress-controller} => shop/web[Deployment] : TCP 8080',
  ]);
  // A controller in shop: api (admits its own namespace) is reached through the Ingress's backend port *name*
  // grpc -> Service port grpc -> targetPort grpc -> containerPort 9000; web admits only ingress-nginx.
  assert.deepEqual(await controllerLines(['--ingress-controller', 'shop/app=edge']), [
    '{ingress-controller} => shop/api[Deployment] : TCP 9000',
    '{ingress-controller} => shop/docs[Deployment] : TCP 8080',
  ]);
  const bad = captureContext();
  assert.equal(await run(['netpol', 'list', FILE, '--ingress-controller', 'ingress-nginx'], bad), 2);
});
