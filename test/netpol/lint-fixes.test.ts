import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel } from '../../src/netpol/model.js';
import { evaluate } from '../../src/netpol/explain.js';
import { allowDnsYaml, defaultDenyYaml, denyMetadataYaml, denyOtherMetadataYaml } from '../../src/netpol/lint-fixes.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
`;

/** The suggested policy applied next to one pod of the namespace, read as `kubectl apply -f -` would. */
function modelWith(fix: string): ReturnType<typeof buildModel> {
  const model = buildModel(loadObjects(['-'], { readStdin: () => `${POD}---\n${fix}` }));
  assert.deepEqual(model.errors.map((e) => e.message), []);
  assert.equal(model.policies.length, 1);
  return model;
}

const rows: { rule: string; fix: string; to: string; protocol?: 'TCP' | 'UDP'; port: string; allowed: boolean }[] = [
  { rule: 'default-deny-egress fix denies every destination', fix: defaultDenyYaml('shop', 'Egress'), to: '8.8.8.8', port: '443', allowed: false },
  { rule: 'default-deny-ingress fix leaves egress open', fix: defaultDenyYaml('shop', 'Ingress'), to: '8.8.8.8', port: '443', allowed: true },
  { rule: 'metadata fix denies 169.254.169.254', fix: denyMetadataYaml('shop'), to: '169.254.169.254', port: '80', allowed: false },
  { rule: 'metadata fix still allows other addresses', fix: denyMetadataYaml('shop'), to: '8.8.8.8', port: '443', allowed: true },
  { rule: 'provider metadata fix denies 169.254.169.254', fix: denyOtherMetadataYaml('shop'), to: '169.254.169.254', port: '80', allowed: false },
  { rule: 'provider metadata fix denies 100.100.100.200', fix: denyOtherMetadataYaml('shop'), to: '100.100.100.200', port: '80', allowed: false },
  { rule: 'provider metadata fix denies fd00:ec2::254', fix: denyOtherMetadataYaml('shop'), to: 'fd00:ec2::254', port: '80', allowed: false },
  { rule: 'provider metadata fix still allows other IPv4 addresses', fix: denyOtherMetadataYaml('shop'), to: '8.8.8.8', port: '443', allowed: true },
  { rule: 'provider metadata fix still allows other IPv6 addresses', fix: denyOtherMetadataYaml('shop'), to: '2001:db8::1', port: '443', allowed: true },
  { rule: 'allow-dns fix admits nothing but kube-dns', fix: allowDnsYaml('shop'), to: '8.8.8.8', protocol: 'UDP', port: '53', allowed: false },
];

for (const row of rows) {
  test(`suggested fix: ${row.rule}`, () => {
    const verdict = evaluate(modelWith(row.fix), 'shop/web', row.to, row.protocol ?? 'TCP', row.port);
    assert.equal(verdict.allowed, row.allowed);
  });
}

test('suggested default-deny-ingress fix isolates the pod for ingress', () => {
  assert.equal(evaluate(modelWith(defaultDenyYaml('shop', 'Ingress')), '192.0.2.1', 'shop/web', 'TCP', '80').allowed, false);
});
