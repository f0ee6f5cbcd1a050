import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectWarning } from '../../domain/node-facts.js';
import { NodeFs } from './node-fs.js';
import { readKubeletUnit } from './systemd.js';
import { removeNodeFixture, writeNodeRoot } from '../../../test/helpers/materialize.js';

const roots: string[] = [];
after(() => roots.forEach(removeNodeFixture));

/** A node root holding the given files (node path -> content). */
function node(files: Record<string, string>): NodeFs {
  const root = writeNodeRoot(files, 'unit');
  roots.push(root);
  return new NodeFs(root);
}

const DROPIN = '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf';
const KUBEADM = `[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`;

test('kubeadm\'s 10-kubeadm.conf, kubeadm-flags.env and /etc/default/kubelet assemble the kubelet command line, each word with its file:line', () => {
  const fs = node({
    [DROPIN]: KUBEADM,
    '/var/lib/kubelet/kubeadm-flags.env': 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --node-ip=10.0.0.5"\n',
    '/etc/default/kubelet': 'KUBELET_EXTRA_ARGS=--read-only-port=0\n',
  });
  const warnings: CollectWarning[] = [];
  const unit = readKubeletUnit(fs, warnings);
  assert.equal(unit?.executable, '/usr/bin/kubelet');
  assert.deepEqual(unit?.tokens.map((t) => t.text), [
    '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf', '--kubeconfig=/etc/kubernetes/kubelet.conf',
    '--config=/var/lib/kubelet/config.yaml', '--container-runtime-endpoint=unix:///run/containerd/containerd.sock',
    '--node-ip=10.0.0.5', '--read-only-port=0',
  ]);
  assert.deepEqual(unit?.tokens[2]?.location, { file: DROPIN, line: 3 });
  assert.deepEqual(unit?.tokens[3]?.location, { file: '/var/lib/kubelet/kubeadm-flags.env', line: 1 });
  assert.deepEqual(unit?.tokens[5]?.location, { file: '/etc/default/kubelet', line: 1 });
  assert.deepEqual(warnings, []);
});

test('an optional EnvironmentFile (-path) that is absent is no warning; an undefined variable expands to nothing', () => {
  const warnings: CollectWarning[] = [];
  const unit = readKubeletUnit(node({ [DROPIN]: KUBEADM }), warnings);
  assert.equal(unit?.tokens.length, 3);
  assert.deepEqual(warnings, []);
});

test('a later drop-in\'s ExecStart replaces an earlier one, and /etc drop-ins join those of /usr/lib in name order', () => {
  const fs = node({
    [DROPIN]: KUBEADM,
    '/etc/systemd/system/kubelet.service.d/20-custom.conf': '[Service]\nExecStart=\nExecStart=/opt/bin/kubelet --config=/etc/custom/kubelet.yaml\n',
  });
  const unit = readKubeletUnit(fs, []);
  assert.deepEqual(unit?.dropIns, [DROPIN, '/etc/systemd/system/kubelet.service.d/20-custom.conf']);
  assert.equal(unit?.executable, '/opt/bin/kubelet');
  assert.deepEqual(unit?.tokens.map((t) => t.text), ['--config=/etc/custom/kubelet.yaml']);
});

test('a unit file without drop-ins: ExecStart continued over several lines with backslashes', () => {
  const fs = node({ '/etc/systemd/system/kubelet.service': '[Service]\nExecStart=/usr/local/bin/kubelet \\\n  --config=/etc/custom/kubelet.json \\\n  --v=2\n' });
  const unit = readKubeletUnit(fs, []);
  assert.equal(unit?.unitFile, '/etc/systemd/system/kubelet.service');
  assert.deepEqual(unit?.tokens.map((t) => t.text), ['--config=/etc/custom/kubelet.json', '--v=2']);
});

test('no unit and no drop-in: undefined', () => {
  assert.equal(readKubeletUnit(node({ '/etc/hostname': 'x\n' }), []), undefined);
});
