import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeNodeRoot, removeNodeFixture } from '../../../test/helpers/materialize.js';
import { configFiles, lastOption, listOption, parseCommandLine, readConfigOptions } from './k3s-config.js';
import { NodeFs } from './node-fs.js';

const root = writeNodeRoot({
  '/etc/rancher/k3s/config.yaml': 'secrets-encryption: true\nkube-apiserver-arg:\n  - "profiling=false"\nnode-name: first\n',
  '/etc/rancher/k3s/config.yaml.d/10-a.yaml': 'kube-apiserver-arg+:\n  - "audit-log-maxage=30"\nnode-name: second\n',
  '/etc/rancher/k3s/config.yaml.d/20-b.YML': 'kubelet-arg: "read-only-port=0"\n',
  '/etc/rancher/k3s/config.yaml.d/30-c.yaml': 'kube-apiserver-arg:\n  - "anonymous-auth=false"\n',
  '/etc/rancher/k3s/config.yaml.d/notes.txt': 'kubelet-arg: ["anonymous-auth=true"]\n',
}, 'k3s-config');
after(() => removeNodeFixture(root));
const fs = new NodeFs(root);

test('k3s reads config.yaml, then config.yaml.d/*.yaml and *.yml (any case) in name order, and nothing else there', () => {
  assert.deepEqual(configFiles(fs, '/etc/rancher/k3s/config.yaml', []), [
    '/etc/rancher/k3s/config.yaml', '/etc/rancher/k3s/config.yaml.d/10-a.yaml', '/etc/rancher/k3s/config.yaml.d/20-b.YML', '/etc/rancher/k3s/config.yaml.d/30-c.yaml',
  ]);
});

test('a later file replaces a key, `key+:` appends to it, and every option keeps the file:line it was written at', () => {
  const options = readConfigOptions(fs, configFiles(fs, '/etc/rancher/k3s/config.yaml', []), []);
  assert.equal(lastOption(options, 'node-name')?.value, 'second');
  // 10-a appended to config.yaml's list; 30-c then replaced the whole list.
  assert.deepEqual(listOption(options, 'kube-apiserver-arg').map((o) => `${o.value} ${o.location.file}:${o.location.line}`), ['anonymous-auth=false /etc/rancher/k3s/config.yaml.d/30-c.yaml:2']);
  assert.deepEqual(listOption(options, 'kubelet-arg').map((o) => o.value), ['read-only-port=0'], 'a scalar is a one-item list');
  assert.equal(lastOption(options, 'secrets-encryption')?.value, 'true');
});

test('the append keeps the earlier values when nothing replaces them', () => {
  const two = writeNodeRoot({ '/c.yaml': 'kubelet-arg:\n  - "a=1"\n', '/c.yaml.d/1.yaml': 'kubelet-arg+:\n  - "b=2"\n' }, 'k3s-append');
  try {
    const nfs = new NodeFs(two);
    assert.deepEqual(listOption(readConfigOptions(nfs, configFiles(nfs, '/c.yaml', []), []), 'kubelet-arg').map((o) => o.value), ['a=1', 'b=2']);
  } finally {
    removeNodeFixture(two);
  }
});

test('a malformed config file is a warning with file:line:column and its options are not used', () => {
  const bad = writeNodeRoot({ '/c.yaml': 'kubelet-arg: [unclosed\n' }, 'k3s-bad-config');
  try {
    const warnings: { message: string; location?: { file: string; line?: number } }[] = [];
    const nfs = new NodeFs(bad);
    assert.deepEqual(readConfigOptions(nfs, ['/c.yaml'], warnings), []);
    assert.match(warnings[0]?.message ?? '', /^\/c\.yaml:\d+:\d+: .*k3s refuses to start with this file/);
  } finally {
    removeNodeFixture(bad);
  }
});

test('k3s\'s command line: --flag value, --flag=value, bare switches, --config naming the config file', () => {
  const parsed = parseCommandLine(['--secrets-encryption', '--node-name', 'n1', '--kube-apiserver-arg=profiling=false', '-c', '/etc/k3s.yaml'], (i) => ({ file: 'argv', line: i }));
  assert.equal(parsed.config, '/etc/k3s.yaml');
  assert.deepEqual(parsed.options.map((o) => `${o.name}=${o.value}@${o.location.line}`), ['secrets-encryption=true@0', 'node-name=n1@1', 'kube-apiserver-arg=profiling=false@3']);
});
