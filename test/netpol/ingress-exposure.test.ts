import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureContext } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

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

test('Route targetPort is an Endpoints port: a Service port\'s name, or the pod port it resolves to (not the Service port number, not the container port name)', async () => {
  const dir = tempDir('route-ports');
  const route = (name: string, targetPort: string | number) => `- apiVersion: route.openshift.io/v1\n  kind: Route\n  metadata: {name: ${name}, namespace: shop}\n  spec:\n    to: {kind: Service, name: app}\n    port: {targetPort: ${targetPort}}\n`;
  const base = [
    'apiVersion: v1\nkind: List\nitems:\n',
    '- apiVersion: v1\n  kind: Namespace\n  metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}\n',
    '- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: app, namespace: shop}\n  spec:\n    selector: {matchLabels: {app: app}}\n    template:\n      metadata: {labels: {app: app}}\n      spec:\n        containers:\n        - name: c\n          image: nginx\n          ports: [{name: http, containerPort: 8080, protocol: TCP}, {name: admin, containerPort: 9000, protocol: TCP}]\n',
    '- apiVersion: v1\n  kind: Service\n  metadata: {name: app, namespace: shop}\n  spec:\n    selector: {app: app}\n    ports:\n    - {name: web, port: 80, protocol: TCP, targetPort: http}\n    - {name: ops, port: 9000, protocol: TCP, targetPort: 9000}\n',
  ].join('');
  const cases: [string | number, string[]][] = [
    ['web', ['{ingress-controller} => shop/app[Deployment] : TCP 8080']],
    [8080, ['{ingress-controller} => shop/app[Deployment] : TCP 8080']],
    [9000, ['{ingress-controller} => shop/app[Deployment] : TCP 9000']],
    // The container port's name is no Endpoints port name; 80 is the Service's port, not a pod's.
    ['http', []],
    [80, []],
  ];
  for (const [targetPort, expected] of cases) {
    const file = join(dir, `route-${targetPort}.yaml`);
    writeFileSync(file, base + route('r', targetPort));
    const ctx = captureContext();
    await run(['netpol', 'list', file], ctx);
    assert.deepEqual(ctx.out.join('').split('\n').filter((l) => l.startsWith('{ingress-controller}')), expected, `targetPort ${targetPort}`);
  }
});
