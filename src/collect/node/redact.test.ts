import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName, redactArgs, redactTree, REDACTED } from './redact.js';

const secret = ['--etcd-password', '--token', '--bootstrap-token', '--oidc-client-secret', 'client-key-data', 'clientKeyData', 'token', 'root-password', 'X-Auth-Token', 'ETCD_ROOT_PASSWORD', 'secretKey'];
const kept = ['--tls-private-key-file', '--kubelet-client-key', '--authentication-token-webhook', '--token-auth-file', '--service-account-key-file',
  '--enable-bootstrap-token-auth', '--secure-port', 'tlsPrivateKeyFile', 'authentication', '--client-cert-auth', '--data-dir', '--encryption-provider-config'];
for (const name of secret) test(`${name} holds a secret value`, () => assert.equal(isSecretName(name), true));
for (const name of kept) test(`${name} holds no secret (a path, a switch or a setting): its value is kept`, () => assert.equal(isSecretName(name), false));

test('redactArgs keeps the flag and location, replaces the value; a true/false value is kept whatever the name', () => {
  const location = { file: '/proc/1/cmdline' };
  assert.deepEqual(redactArgs([{ flag: '--token', value: 'abc', location }, { flag: '--use-service-account-credentials', value: 'true', location }, { flag: '--token', location }]),
    [{ flag: '--token', value: REDACTED, location }, { flag: '--use-service-account-credentials', value: 'true', location }, { flag: '--token', location }]);
});

test('redactTree replaces values under secret keys at any depth, lists and maps included', () => {
  const tree = redactTree({ a: { token: 'x', list: [{ password: 'p', name: 'n' }] }, clientKeyData: { nested: 'k' }, enabled: true, secretThing: false }) as Record<string, unknown>;
  assert.equal(JSON.stringify(tree), JSON.stringify({ a: { token: REDACTED, list: [{ password: REDACTED, name: 'n' }] }, clientKeyData: REDACTED, enabled: true, secretThing: false }));
});
