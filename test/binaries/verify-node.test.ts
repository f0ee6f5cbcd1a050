import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { resolvePathInRoot } from '../../src/collect/root-path.js';
import { fakeElf } from './fake-elf.js';
import { assertGolden, runVerify, withTempDir } from './cli-run.js';

const BASE = join(import.meta.dirname, '..', 'fixtures', 'binaries');

const verify = (args: string[], cwd = BASE) => runVerify(args, cwd);

test('node root: genuine kubectl and kube-proxy OK, tampered running kubelet MISMATCH, kubeadm NO CHECKSUM; exit 1', async () => {
  const r = await verify(['--root', 'node-root', '--checksums', 'checksums']);
  assert.equal(r.code, 1, r.err);
  assertGolden('node-root.txt', r.out);
});

test('node root JSON: statuses, the running kubelet\'s pid, findings in the shared Finding shape', async () => {
  const r = await verify(['--root', 'node-root', '--checksums', 'checksums', '-o', 'json']);
  const json = JSON.parse(r.out) as { binaries: Array<{ name: string; status: string; pids: number[]; foundAt: string[] }>; findings: Array<{ ruleId: string; subject: string }> };
  assert.deepEqual(json.binaries.map((b) => [b.name, b.status]), [['kubelet', 'MISMATCH'], ['kubeadm', 'NO CHECKSUM'], ['kube-proxy', 'OK'], ['kubectl', 'OK']]);
  assert.deepEqual(json.binaries[0]?.pids, [4242]);
  assert.deepEqual(json.binaries[0]?.foundAt, ['/usr/bin/kubelet', '/proc/4242/exe']);
  assert.deepEqual(json.findings.map((f) => [f.ruleId, f.subject]), [['BIN001', '/usr/bin/kubelet'], ['BIN002', '/usr/local/bin/kubeadm']]);
});

test('node root without --checksums: versions are still reported, every binary NO CHECKSUM, exit 0 (1 with --strict)', async () => {
  const r = await verify(['--root', 'node-root']);
  assert.equal(r.code, 0);
  assert.match(r.out, /Summary: 0 OK, 4 NO CHECKSUM, 0 UNREADABLE, 0 MISMATCH/);
  assert.equal((await verify(['--root', 'node-root', '--strict'])).code, 1);
});

test('the release arch comes from the ELF header: an arm64 kubectl is checked against bin/linux/arm64', async () => {
  await withTempDir('kubefort-node-', async (root) => {
      mkdirSync(join(root, 'usr/bin'), { recursive: true });
      writeFileSync(join(root, 'usr/bin/kubectl'), fakeElf({ goVersion: 'go1.23.8', path: 'k8s.io/kubernetes/cmd/kubectl', ldflagsVersion: 'v1.32.4', vcsRevision: '0123456789abcdef0123456789abcdef01234567', machine: 183 }));
      const r = await verify(['--root', root, '--checksums', join(BASE, 'checksums')]);
      assert.match(r.out, /^OK +kubectl +v1\.32\.4 +linux\/arm64/m);
      assert.match(r.out, /checksum +v1\.32\.4\/bin\/linux\/arm64\/kubectl\.sha256/);
      assert.equal(r.code, 0);
  });
});

test('a running kubelet whose binary was deleted/replaced on disk is reported (BIN003) and fails', async () => {
  await withTempDir('kubefort-node-', async (root) => {
      mkdirSync(join(root, 'proc/900'), { recursive: true });
      writeFileSync(join(root, 'proc/900/cmdline'), 'kubelet\0--config=/var/lib/kubelet/config.yaml\0');
      symlinkSync('/usr/bin/kubelet (deleted)', join(root, 'proc/900/exe'));
      const r = await verify(['--root', root, '-o', 'json']);
      assert.equal(r.code, 1);
      const json = JSON.parse(r.out) as { findings: Array<{ ruleId: string; message: string }> };
      assert.deepEqual(json.findings.map((f) => f.ruleId), ['BIN003']);
      assert.match(json.findings[0]?.message ?? '', /kubelet \(pid 900\) executes a binary that was deleted or replaced/);
  });
});

test('symlinks are resolved inside --root: an absolute or ../ target never reaches the host filesystem', async () => {
  await withTempDir('kubefort-node-', async (root) => {
      mkdirSync(join(root, 'usr/bin'), { recursive: true });
      mkdirSync(join(root, 'etc'), { recursive: true });
      writeFileSync(join(root, 'etc/hostname'), 'node-1\n');
      symlinkSync('../../../../../../etc/hostname', join(root, 'usr/bin/up'));
      symlinkSync('/etc/hostname', join(root, 'usr/bin/abs'));
      assert.equal(resolvePathInRoot(root, '/usr/bin/up'), '/etc/hostname');
      assert.equal(resolvePathInRoot(root, '/usr/bin/abs'), '/etc/hostname');
      symlinkSync('loop', join(root, 'usr/bin/loop'));
      assert.throws(() => resolvePathInRoot(root, '/usr/bin/loop'), (e: { code?: string }) => e.code === 'ELOOP');
  });
});

test('a dangling /usr/bin/kubectl symlink is a WARN line with the reason; the run goes on', async () => {
  await withTempDir('kubefort-node-', async (root) => {
      mkdirSync(join(root, 'usr/bin'), { recursive: true });
      symlinkSync('/etc/alternatives/kubectl', join(root, 'usr/bin/kubectl'));
      const r = await verify(['--root', root]);
      assert.equal(r.code, 0);
      assert.match(r.out, /^WARN +\/usr\/bin\/kubectl: cannot resolve: no such file or directory$/m);
      assert.match(r.out, /No Kubernetes binaries found/);
  });
});

test('a binary path that cannot be read is UNREADABLE with the reason (BIN004); the run goes on, exit 0 (1 with --strict)', async () => {
  await withTempDir('kubefort-node-', async (root) => {
    mkdirSync(join(root, 'usr/bin/kubectl'), { recursive: true });
    const r = await verify(['--root', root, '-o', 'json']);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.out) as { binaries: Array<{ name: string; status: string; reason: string }>; findings: Array<{ ruleId: string; message: string }> };
    assert.deepEqual(json.binaries.map((b) => [b.name, b.status, b.reason]), [['kubectl', 'UNREADABLE', 'Is a directory']]);
    assert.deepEqual(json.findings.map((f) => [f.ruleId, f.message]), [['BIN004', 'kubectl at /usr/bin/kubectl could not be read: Is a directory']]);
    assert.equal((await verify(['--root', root, '--strict'])).code, 1);
  });
});

test('--root that does not exist is exit 2 with a clear message', async () => {
  const r = await verify(['--root', 'no-such-root']);
  assert.equal(r.code, 2);
  assert.equal(r.err, 'kubefort: --root no-such-root: No such file or directory\n');
});

test('--root that is a file, not a directory, is exit 2 with a clear message', async () => {
  const r = await verify(['--root', 'check/kubectl']);
  assert.deepEqual([r.code, r.err], [2, 'kubefort: --root check/kubectl: not a directory\n']);
});

test('a -trimpath release build (no ldflags in the build info, version string packed among others) is identified through the checksum tree', async () => {
  await withTempDir('kubefort-node-', (root) => withTempDir('kubefort-tree-', async (tree) => {
        const genuine = fakeElf({ goVersion: 'go1.23.8', path: 'k8s.io/kubernetes/cmd/kubelet', packedStrings: 'cleanv1.32.4v1.31.0-alpha.0gitCommit' });
        mkdirSync(join(root, 'usr/bin'), { recursive: true });
        writeFileSync(join(root, 'usr/bin/kubelet'), genuine);
        writeFileSync(join(root, 'usr/bin/kubectl'), fakeElf({ goVersion: 'go1.23.8', path: 'k8s.io/kubernetes/cmd/kubectl', packedStrings: 'cleanv1.32.4', salt: 'evil' }));
        writeFileSync(join(root, 'usr/bin/kubeadm'), fakeElf({ goVersion: 'go1.23.8', path: 'k8s.io/kubernetes/cmd/kubeadm', salt: 'no version at all' }));
        const put = (version: string, name: string, data: Buffer | string): void => {
          mkdirSync(join(tree, version, 'bin/linux/amd64'), { recursive: true });
          writeFileSync(join(tree, version, 'bin/linux/amd64', `${name}.sha256`), typeof data === 'string' ? data : createHash('sha256').update(data).digest('hex'));
        };
        put('v1.32.4', 'kubelet', genuine);
        put('v1.32.4', 'kubectl', fakeElf({ goVersion: 'go1.23.8', path: 'k8s.io/kubernetes/cmd/kubectl', packedStrings: 'cleanv1.32.4' }));
        const kubeadm131 = readFileSync(join(root, 'usr/bin/kubeadm'));
        put('v1.31.2', 'kubeadm', kubeadm131);
        put('v1.32.4', 'kubeadm', 'f'.repeat(64));
        const r = await verify(['--root', root, '--checksums', tree, '-o', 'json']);
        const json = JSON.parse(r.out) as { binaries: Array<{ name: string; status: string; version: string | null; lookup: string }> };
        assert.deepEqual(json.binaries.map((b) => [b.name, b.status, b.version, b.lookup]), [
          ['kubectl', 'MISMATCH', 'v1.32.4', 'intersected'],
          ['kubeadm', 'OK', 'v1.31.2', 'search'],
          ['kubelet', 'OK', 'v1.32.4', 'intersected'],
        ]);
        writeFileSync(join(root, 'usr/bin/kubeadm'), Buffer.concat([kubeadm131, Buffer.from('x')]));
        const unknown = await verify(['--root', root, '--checksums', tree]);
        assert.match(unknown.out, /^NO CHECKSUM +kubeadm +\? /m);
        assert.match(unknown.out, /reason +no embedded Kubernetes version found, and the digest matches none of the 2 kubeadm linux\/amd64 releases/);
  }));
});

test('every NO CHECKSUM binary with a known version and arch names the exact dl.k8s.io checksum to fetch (text, JSON, finding)', async () => {
  const text = await verify(['--root', 'node-root']);
  for (const [name, version] of [['kubelet', 'v1.32.4'], ['kubeadm', 'v1.31.9'], ['kube-proxy', 'v1.32.4'], ['kubectl', 'v1.32.4']]) {
    assert.match(text.out, new RegExp(`^  fetch +https://dl\\.k8s\\.io/release/${version}/bin/linux/amd64/${name}\\.sha256$`, 'm'));
  }
  const json = JSON.parse((await verify(['--root', 'node-root', '-o', 'json'])).out) as { binaries: Array<{ name: string; checksumUrls: string[] }>; findings: Array<{ subject: string; remediation?: string }> };
  assert.deepEqual(json.binaries.find((b) => b.name === 'kubeadm')?.checksumUrls, ['https://dl.k8s.io/release/v1.31.9/bin/linux/amd64/kubeadm.sha256']);
  assert.match(json.findings.find((f) => f.subject === '/usr/local/bin/kubeadm')?.remediation ?? '', /Download https:\/\/dl\.k8s\.io\/release\/v1\.31\.9\/bin\/linux\/amd64\/kubeadm\.sha256 into the checksum tree/);
});
