import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, INGRESS_CLASS, ingressYaml, POD, ruleIds, secretYaml, SERVICE } from './build.js';
import { makeCert, type Issued } from './pki.js';

let self: Issued;
let secret: string;
before(async () => {
  self = await makeCert({ sans: ['app.example.com', 'api.example.com'] });
  secret = secretYaml({ crt: self.certPem, key: self.keyPem });
});

/** Everything but the self-signed info, which every case here carries. */
const ids = (r: ReturnType<typeof audit>): string[] => ruleIds(r).filter((id) => id !== 'ING027');

test('ING000: an Ingress whose spec.rules is not a list is reported with its location, and nothing else is guessed', () => {
  const bad = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: bad\n  namespace: shop\nspec:\n  rules: oops\n';
  const r = audit([bad, ingressYaml(), secret, INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(ids(r), ['ING000']);
  assert.equal(r.findings.find((f) => f.ruleId === 'ING000')?.location?.line, 7);
});

test('ING001: a rule host that no tls entry lists is served over plain HTTP', () => {
  const r = audit([ingressYaml({ hosts: ['app.example.com', 'api.example.com'], tls: [{ hosts: ['app.example.com'], secretName: 'web-tls' }] }), secret, INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(ids(r), ['ING001']);
  assert.match(r.findings[0]?.message ?? '', /serves host api\.example\.com over plain HTTP/);
  assert.deepEqual(r.ingresses[0]?.chains.map((c) => `${c.host}:${c.state}`), ['api.example.com:plain-http', 'app.example.com:ok']);
});

test('ING001 does not fire for a tls entry without hosts: it applies to every rule host', () => {
  assert.deepEqual(ids(audit([ingressYaml({ tls: [{ secretName: 'web-tls' }] }), secret, INGRESS_CLASS, SERVICE, POD])), []);
});

test('ING001: a rule without host (kubectl create ingress --rule="/*=svc:80") is plain HTTP for every host unless a tls entry without hosts covers it', () => {
  const hostless = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: any\n  namespace: shop\nspec:\n  ingressClassName: nginx\n  rules:\n  - http:\n      paths:\n      - backend:\n          service:\n            name: web\n            port:\n              number: 80\n        path: /\n        pathType: Prefix\n';
  const r = audit([hostless, INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(ids(r), ['ING001']);
  assert.deepEqual(r.ingresses[0]?.chains.map((c) => `${c.host}:${c.state}`), ['*:plain-http']);
  const covered = audit([`${hostless}  tls:\n  - secretName: web-tls\n`, secret, INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(ids(covered), []);
  assert.deepEqual(covered.ingresses[0]?.chains.map((c) => `${c.host}:${c.state}`), ['*:ok']);
});

test('ING002: a tls host that no rule serves (a typo of the rule host) is reported with the rule hosts', () => {
  const r = audit([ingressYaml({ tls: [{ hosts: ['app.example.com', 'ap.example.com'], secretName: 'web-tls' }] }), secret, INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(ids(r), ['ING002', 'ING020']);
  assert.match(r.findings.find((f) => f.ruleId === 'ING002')?.message ?? '', /ap\.example\.com that no rule serves \(rule hosts: app\.example\.com\)/);
});

test('ING003: a defaultBackend without tls is plain HTTP', () => {
  const ing = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: catch-all\n  namespace: shop\nspec:\n  ingressClassName: nginx\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\nstatus:\n  loadBalancer: {}\n';
  assert.deepEqual(ids(audit([ing, INGRESS_CLASS, SERVICE, POD])), ['ING003']);
  const withTls = ing.replace('status:', '  tls:\n  - secretName: web-tls\nstatus:');
  assert.deepEqual(ids(audit([withTls, secret, INGRESS_CLASS, SERVICE, POD])), [], 'a defaultBackend behind a tls entry');
});

test('ING040: spec.ingressClassName naming no IngressClass of the input', () => {
  const r = audit([ingressYaml({ className: 'traefik' }), secret, INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(ids(r), ['ING040']);
  assert.match(r.findings[0]?.message ?? '', /asks for class traefik .* the IngressClasses are nginx/);
});

test('ING040 is not raised without a class when a default IngressClass exists, nor when the Ingress has an address', () => {
  assert.deepEqual(ids(audit([ingressYaml({ className: null, address: null }), secret, INGRESS_CLASS, SERVICE, POD])), []);
  assert.deepEqual(ids(audit([ingressYaml({ className: null }), secret, SERVICE, POD])), []);
  assert.deepEqual(ids(audit([ingressYaml({ className: null, address: null }), secret, SERVICE, POD])), ['ING040']);
});

test('ING040: the legacy kubernetes.io/ingress.class annotation is matched against the IngressClass names', () => {
  const legacy = ingressYaml({ className: null, annotations: { 'kubernetes.io/ingress.class': 'nginx' }, address: null });
  assert.deepEqual(ids(audit([legacy, secret, INGRESS_CLASS.replace('"true"', '"false"'), SERVICE, POD])), []);
  const other = ingressYaml({ className: null, annotations: { 'kubernetes.io/ingress.class': 'haproxy' }, address: null });
  assert.deepEqual(ids(audit([other, secret, INGRESS_CLASS, SERVICE, POD])), ['ING040']);
});

test('ING041: two default IngressClasses', () => {
  const second = INGRESS_CLASS.replace('name: nginx', 'name: traefik').replace('k8s.io/ingress-nginx', 'traefik.io/ingress-controller');
  const r = audit([ingressYaml(), secret, INGRESS_CLASS, second, SERVICE, POD]);
  assert.deepEqual(ids(r), ['ING041']);
  assert.equal(r.other[0]?.subject, 'nginx[IngressClass]');
});

test('ING050: the backend Service is missing; ING051: the port number or name is not on the Service', () => {
  assert.deepEqual(ids(audit([ingressYaml({ service: 'shop-web' }), secret, INGRESS_CLASS, SERVICE, POD])), ['ING050']);
  const byNumber = audit([ingressYaml({ port: 8080 }), secret, INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(ids(byNumber), ['ING051']);
  assert.match(byNumber.findings[0]?.message ?? '', /web:8080 is not a port of Service shop\/web \(ports: 80\/http\)/);
  assert.deepEqual(ids(audit([ingressYaml({ port: 'https' }), secret, INGRESS_CLASS, SERVICE, POD])), ['ING051']);
  assert.deepEqual(ids(audit([ingressYaml({ port: 'http' }), secret, INGRESS_CLASS, SERVICE, POD])), []);
});

test('ING052: a Service selecting no pod of the input; not evaluated when the input holds no pod at all', () => {
  const other = POD.replace('app: web', 'app: shop');
  const r = audit([ingressYaml(), secret, INGRESS_CLASS, SERVICE, other]);
  assert.deepEqual(ids(r), ['ING052']);
  assert.equal(r.findings.find((f) => f.ruleId === 'ING052')?.subject, 'shop/web[Service]');
  assert.deepEqual(ids(audit([ingressYaml(), secret, INGRESS_CLASS, SERVICE])), []);
});

test('ING060: a cert-manager Certificate writing the Secret whose dnsNames miss a host', () => {
  const cert = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web-tls\n  namespace: shop\nspec:\n  dnsNames:\n  - www.example.com\n  issuerRef:\n    kind: ClusterIssuer\n    name: letsencrypt\n  secretName: web-tls\n';
  const r = audit([ingressYaml(), secret, cert, INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(ids(r), ['ING060']);
  assert.deepEqual(ids(audit([ingressYaml(), secret, cert.replace('www.example.com', 'app.example.com'), INGRESS_CLASS, SERVICE, POD])), []);
});

const LEGACY = (apiVersion: string, port: string): string => `apiVersion: ${apiVersion}
kind: Ingress
metadata:
  annotations:
    kubernetes.io/ingress.class: nginx
  name: legacy
  namespace: shop
spec:
  backend:
    serviceName: web
    servicePort: ${port}
  rules:
  - host: app.example.com
    http:
      paths:
      - backend:
          serviceName: web
          servicePort: ${port}
        path: /
  tls:
  - hosts:
    - app.example.com
    secretName: web-tls
status:
  loadBalancer:
    ingress:
    - ip: 10.0.0.10
`;

for (const apiVersion of ['extensions/v1beta1', 'networking.k8s.io/v1beta1']) {
  test(`legacy ${apiVersion} (serviceName/servicePort, spec.backend) is normalised: a valid one passes, a wrong servicePort is ING051`, () => {
    const ok = audit([LEGACY(apiVersion, '80'), secret, INGRESS_CLASS, SERVICE, POD]);
    assert.deepEqual(ids(ok), []);
    assert.equal(ok.ingresses[0]?.ingress.defaultBackend?.service, 'web');
    assert.deepEqual(ids(audit([LEGACY(apiVersion, 'http'), secret, INGRESS_CLASS, SERVICE, POD])), []);
    const bad = audit([LEGACY(apiVersion, '8080'), secret, INGRESS_CLASS, SERVICE, POD]);
    assert.deepEqual(ids(bad), ['ING051']);
    assert.equal(bad.findings.find((f) => f.ruleId === 'ING051')?.location?.line, 10, 'spec.backend, the first place the servicePort is used');
  });
}
