import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etcdEnvArgs, splitEnviron } from './etcd-env.js';
import { readManifest } from './manifests.js';
import { NodeFs } from './node-fs.js';
import { removeNodeFixture, writeNodeRoot } from '../../../test/helpers/materialize.js';

const at = { file: '/proc/9/environ' };

test('ETCD_<FLAG> variables become etcd flags: upper case and underscores map to the flag name', () => {
  const args = etcdEnvArgs([
    { name: 'ETCD_PEER_AUTO_TLS', value: 'true', location: at },
    { name: 'ETCD_CERT_FILE', value: '/etc/ssl/etcd/ssl/member.pem', location: at },
  ]);
  assert.deepEqual(args.map((a) => [a.flag, a.value]), [['--peer-auto-tls', 'true'], ['--cert-file', '/etc/ssl/etcd/ssl/member.pem']]);
});

test('variables that are not etcd flags are passed over (ETCDCTL_API, PATH, ETCD_UNSUPPORTED_ARCH)', () => {
  const args = etcdEnvArgs([
    { name: 'ETCDCTL_API', value: '3', location: at },
    { name: 'PATH', value: '/usr/bin', location: at },
    { name: 'ETCD_UNSUPPORTED_ARCH', value: 'arm', location: at },
    { name: 'ETCD_', value: 'x', location: at },
  ]);
  assert.deepEqual(args, []);
});

test('/proc/<pid>/environ is NUL-separated KEY=VALUE; a value may hold "="', () => {
  assert.deepEqual(splitEnviron('A=1\0ETCD_INITIAL_CLUSTER=etcd1=https://10.0.0.11:2380\0\0junk\0'), [
    { name: 'A', value: '1' },
    { name: 'ETCD_INITIAL_CLUSTER', value: 'etcd1=https://10.0.0.11:2380' },
  ]);
});

test('an etcd static pod env value is an argument that the command line shadows, located at its env entry', () => {
  const root = writeNodeRoot({ '/etc/kubernetes/manifests/etcd.yaml': [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: etcd', '  namespace: kube-system', 'spec:', '  containers:',
    '  - name: etcd', '    image: registry.k8s.io/etcd:3.5.16-0', '    command:', '    - etcd', '    - --client-cert-auth=true',
    '    env:', '    - name: ETCD_CLIENT_CERT_AUTH', '      value: "false"', '    - name: ETCD_PEER_AUTO_TLS', '      value: "true"',
    '    - name: ETCD_NAME', '      valueFrom:', '        fieldRef:', '          fieldPath: metadata.name', '',
  ].join('\n') }, 'etcd-env');
  try {
    const facts = readManifest(new NodeFs(root), '/etc/kubernetes/manifests', 'etcd', []);
    assert.deepEqual(facts.args?.map((a) => [a.flag, a.value, a.location.line]), [
      ['--client-cert-auth', 'false', 14],
      ['--peer-auto-tls', 'true', 16],
      ['--client-cert-auth', 'true', 12],
    ]);
  } finally {
    removeNodeFixture(root);
  }
});
