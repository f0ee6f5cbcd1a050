import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel } from '../../src/netpol/model.js';
import { evaluate } from '../../src/netpol/explain.js';
import { listConnections } from '../../src/netpol/list.js';
import { listText } from '../../src/netpol/report.js';

const FIX = 'test/fixtures/netpol';

test('seed g04: frontend -> backend TCP 3000 is allowed by backend-ingress', () => {
  const model = buildModel(loadObjects([`${FIX}/seed-g04`]));
  const v = evaluate(model, 'g04/frontend', 'g04/backend', 'TCP', '3000');
  assert.equal(v.allowed, true);
  assert.deepEqual(v.ingress.admittedBy.map((r) => `${r.policy} ${r.rule} line ${r.location.line}`), ['g04/backend-ingress ingress[0] line 23']);
});

test('seed g04: other (namespace default) -> backend is denied', () => {
  const model = buildModel(loadObjects([`${FIX}/seed-g04`]));
  const v = evaluate(model, 'default/other', 'g04/backend', 'TCP', '3000');
  assert.equal(v.allowed, false);
  assert.equal(v.egress.allowed, true);
  assert.deepEqual(v.ingress.policies.map((p) => p.policy).sort(), ['g04/backend-ingress', 'g04/default-deny-all']);
});

test('seed g04: frontend -> backend TCP 80 is denied', () => {
  const model = buildModel(loadObjects([`${FIX}/seed-g04`]));
  assert.equal(evaluate(model, 'g04/frontend', 'g04/backend', 'TCP', '80').allowed, false);
});

test('seed a12: egress denies 169.254.169.254 and allows everything else', () => {
  const model = buildModel(loadObjects([`${FIX}/seed-a12`]));
  assert.equal(evaluate(model, 'a12/web', '169.254.169.254', 'TCP', '80').allowed, false);
  for (const ip of ['169.254.169.253', '169.254.169.255', '8.8.8.8', '0.0.0.0', '255.255.255.255']) {
    assert.equal(evaluate(model, 'a12/web', ip, 'UDP', '53').allowed, true, ip);
  }
  assert.equal(listText(listConnections(model)), [
    '0.0.0.0-255.255.255.255[External] => a12/web[Deployment] : All Connections',
    'a12/web[Deployment] => 0.0.0.0-169.254.169.253[External] : All Connections',
    'a12/web[Deployment] => 169.254.169.255-255.255.255.255[External] : All Connections',
    '',
  ].join('\n'));
});

/** `<line>: <message without its file:line:column prefix>` for each input error of the model. */
function errorLines(model: ReturnType<typeof buildModel>): string[] {
  return model.errors.map((e) => `${e.location?.line}: ${e.message.replace(/^[^ ]+ /, '')}`);
}

test('invalid policies are reported with file:line of the offending field and skipped; the rest is analysed', () => {
  const file = `${FIX}/invalid/invalid-policies.yaml`;
  const model = buildModel(loadObjects([file]));
  assert.deepEqual(errorLines(model), [
    '23: NetworkPolicy bad/ipblock-with-selector: ipBlock cannot be combined with podSelector or namespaceSelector',
    '41: NetworkPolicy bad/except-outside-cidr: except 192.168.0.0/16 is not a strict subset of cidr 10.0.0.0/8',
    '53: NetworkPolicy bad/endport-below-port: endPort 80 is less than port 8080',
    '65: NetworkPolicy bad/endport-with-named-port: endPort cannot be used with a named port',
    '76: NetworkPolicy bad/bad-operator: invalid label selector operator "Equals" (valid: In, NotIn, Exists, DoesNotExist)',
    '92: NetworkPolicy bad/malformed-cidr: malformed CIDR "10.0.0.0/33"',
  ]);
  assert.ok(model.errors.every((e) => e.message.startsWith(`${file}:`)));
  assert.deepEqual(model.policies.map((p) => p.name), ['valid-allow-http']);
  assert.deepEqual([...model.ignoredKinds], [['ConfigMap', 1]]);
  assert.equal(evaluate(model, '192.0.2.1', 'bad/api', 'TCP', '80').allowed, true);
  assert.equal(evaluate(model, '192.0.2.1', 'bad/api', 'TCP', '81').allowed, false);
});

test('fields of the wrong shape are reported with file:line, never a crash; valid objects are still analysed', () => {
  const file = `${FIX}/malformed/shapes.yaml`;
  const model = buildModel(loadObjects([file]));
  assert.deepEqual(errorLines(model), [
    // The loader checks metadata for every area and warns; netpol then sees labels {} and no owners.
    '7: Pod: metadata.labels must be a mapping of strings, got string (not-a-map); ignored',
    '8: Pod: metadata.ownerReferences must be a list, got string (nope); ignored',
    '33: NetworkPolicy edge/spec-is-a-string: spec must be an object',
    '41: NetworkPolicy edge/lists-are-maps: label selector must be an object',
    '42: NetworkPolicy edge/lists-are-maps: spec.policyTypes must be a list',
    '44: NetworkPolicy edge/lists-are-maps: spec.ingress must be a list',
    '54: NetworkPolicy edge/rule-parts-wrong: spec.egress[0].to must be a list',
    '56: NetworkPolicy edge/rule-parts-wrong: spec.egress[0].ports[0] must be an object',
    '58: NetworkPolicy edge/rule-parts-wrong: spec.egress[1].to[0].ipBlock must be an object',
  ]);
  assert.deepEqual(model.policies.map((p) => p.name), ['still-valid']);
  assert.deepEqual(model.workloads.map((w) => `${w.name} ${JSON.stringify(w.labels)} ${w.ips.length}`), ['fine {"app":"fine"} 0', 'odd {} 0']);
  assert.equal(evaluate(model, 'edge/odd', 'edge/fine', 'TCP', '8080').allowed, true);
  assert.equal(evaluate(model, 'edge/odd', 'edge/fine', 'TCP', '80').allowed, false);
});

test('an except equal to its cidr is rejected: excepts must be a strict subset of the cidr', () => {
  const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: except-everything
  namespace: edge
spec:
  podSelector: {}
  egress:
  - to:
    - ipBlock:
        cidr: 10.0.0.0/8
        except:
        - 10.0.0.0/8
`;
  const model = buildModel(loadObjects(['-'], { readStdin: () => policy }));
  assert.deepEqual(errorLines(model), ['13: NetworkPolicy edge/except-everything: except 10.0.0.0/8 is not a strict subset of cidr 10.0.0.0/8']);
  assert.deepEqual(model.policies, []);
});

test('port and endPort outside 1-65535 are rejected at their lines', () => {
  const policies = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: port-too-high
  namespace: edge
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 65536
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: endport-too-high
  namespace: edge
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 8080
      endPort: 65536
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: highest-port
  namespace: edge
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 65535
`;
  const model = buildModel(loadObjects(['-'], { readStdin: () => policies }));
  assert.deepEqual(errorLines(model), [
    '10: NetworkPolicy edge/port-too-high: port 65536 is not in 1-65535',
    '22: NetworkPolicy edge/endport-too-high: endPort must be a port number',
  ]);
  assert.deepEqual(model.policies.map((p) => p.name), ['highest-port']);
});
