import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeNodeRoot, removeNodeFixture } from '../../../test/helpers/materialize.js';
import { etcdArgsFromConfig, k3sArgs, redactUserinfo } from './k3s-components.js';
import { NodeFs } from './node-fs.js';

const opt = (value: string, line: number) => ({ name: 'kube-apiserver-arg', value, location: { file: '/etc/rancher/k3s/config.yaml', line } });
const shown = (args: ReturnType<typeof k3sArgs>) => args.map((a) => `${a.flag}=${a.value ?? ''} ${a.location.file}${a.location.line === undefined ? '' : `:${a.location.line}`}`);

test('k3s\'s GetArgs: `key=v` replaces k3s\'s value, `key+=v` appends after it, `key-=v` goes before it, output sorted by key', () => {
  const args = k3sArgs([['profiling', 'false'], ['enable-admission-plugins', 'NodeRestriction'], ['authorization-mode', 'Node,RBAC']],
    [opt('profiling=true', 3), opt('enable-admission-plugins+=EventRateLimit', 4), opt('authorization-mode-=Webhook', 5)], 'server.go');
  assert.deepEqual(shown(args), [
    '--authorization-mode=Webhook /etc/rancher/k3s/config.yaml:5',
    '--authorization-mode=Node,RBAC k3s default (server.go)',
    '--enable-admission-plugins=NodeRestriction k3s default (server.go)',
    '--enable-admission-plugins=EventRateLimit /etc/rancher/k3s/config.yaml:4',
    '--profiling=true /etc/rancher/k3s/config.yaml:3',
  ]);
});

test('a value without = is true; a repeated key keeps every value in order; an option-decided default is located at the option', () => {
  const args = k3sArgs([['protect-kernel-defaults', 'true']], [opt('--v=2', 1), opt('v=4', 2), opt('enable-profiling', 3)], 'agent.go', { 'protect-kernel-defaults': { option: 'protect-kernel-defaults', location: { file: '/etc/rancher/k3s/config.yaml', line: 7 } } });
  assert.deepEqual(shown(args), ['--enable-profiling=true /etc/rancher/k3s/config.yaml:3', '--protect-kernel-defaults=true /etc/rancher/k3s/config.yaml:7', '--v=2 /etc/rancher/k3s/config.yaml:1', '--v=4 /etc/rancher/k3s/config.yaml:2']);
});

const root = writeNodeRoot({
  '/etcd/config': 'client-transport-security:\n  cert-file: /tls/server-client.crt\n  client-cert-auth: true\n  auto-tls: false\ndata-dir: /var/lib/rancher/k3s/server/db/etcd\npeer-transport-security:\n  client-cert-auth: true\n  auto-tls: false\nlog-outputs:\n- stderr\n',
  '/etcd/bad': 'client-transport-security: [\n',
}, 'k3s-etcd');
after(() => removeNodeFixture(root));

test('etcd\'s config file: client-transport-security.<x> is --<x>, peer-transport-security.<x> is --peer-<x>, each located where its value is written', () => {
  const args = etcdArgsFromConfig(new NodeFs(root), '/etcd/config', []) ?? [];
  assert.deepEqual(args.map((a) => `${a.flag}=${a.value ?? ''}:${a.location.line ?? 0}`), [
    '--cert-file=/tls/server-client.crt:2', '--client-cert-auth=true:3', '--auto-tls=false:4', '--data-dir=/var/lib/rancher/k3s/server/db/etcd:5',
    '--peer-client-cert-auth=true:7', '--peer-auto-tls=false:8', '--log-outputs=stderr:10',
  ]);
});

test('a malformed etcd config is a warning with its position, and etcd is not invented', () => {
  const warnings: { message: string }[] = [];
  assert.equal(etcdArgsFromConfig(new NodeFs(root), '/etcd/bad', warnings), undefined);
  assert.match(warnings[0]?.message ?? '', /^\/etcd\/bad:\d+:\d+: /);
});

test('a datastore DSN\'s credentials are redacted, the rest is kept', () => {
  assert.equal(redactUserinfo('postgres://k3s:s3cr3t@db.example:5432/k3s?sslmode=require'), 'postgres://<redacted>@db.example:5432/k3s?sslmode=require');
  assert.equal(redactUserinfo('mysql://user:pw@tcp(10.0.0.5:3306)/k3s'), 'mysql://<redacted>@tcp(10.0.0.5:3306)/k3s');
  assert.equal(redactUserinfo('https://10.0.0.5:2379'), 'https://10.0.0.5:2379');
});
