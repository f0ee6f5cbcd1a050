import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeElf } from './fake-elf.js';
import { runVerify, withTempDir } from './cli-run.js';

/**
 * Hand-built node roots whose /proc leads out of the root. A real process on the machine running the tests plays
 * the host's kubelet (argv[0] `kubelet`): if any of its /proc entries is read, its pid shows in the report.
 */
let hostKubelet: ChildProcess;
before(async () => {
  hostKubelet = spawn('bash', ['-c', 'exec -a kubelet sleep 120'], { stdio: 'ignore' });
  // Wait until the exec has happened and the kernel shows argv[0] as kubelet; without it every test below
  // (no host pid in the report) would pass on nothing, so a stand-in that never shows up fails the file.
  for (let i = 0; i < 500; i++) {
    try {
      if (readFileSync(`/proc/${hostKubelet.pid}/cmdline`, 'latin1').startsWith('kubelet\0')) return;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`the stand-in host kubelet (pid ${hostKubelet.pid}) never showed argv[0] kubelet in /proc`);
});
after(() => {
  hostKubelet.kill();
});

const hostPid = (): number => hostKubelet.pid ?? -1;
const put = (root: string, path: string, data: string | Buffer): void => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), data);
};
const kubeletElf = fakeElf({ goVersion: 'go1.23.8', path: 'k8s.io/kubernetes/cmd/kubelet', ldflagsVersion: 'v1.32.4', vcsRevision: '0123456789abcdef0123456789abcdef01234567' });

test('<root>/proc -> /proc is not followed on the host: no host process is listed', async () => {
  await withTempDir('kubefort-confine-', async (root) => {
    symlinkSync('/proc', join(root, 'proc'));
    const r = await runVerify(['--root', root, '-o', 'json'], root);
    assert.doesNotMatch(r.out + r.err, new RegExp(`\\b${hostPid()}\\b`));
    assert.equal(r.out.includes('/proc/self'), false);
  });
});

test('a relative <root>/proc/<pid> -> ../../../../proc/<hostpid> stays inside the root', async () => {
  await withTempDir('kubefort-confine-', async (root) => {
    mkdirSync(join(root, 'proc'), { recursive: true });
    symlinkSync(`../../../../../../../../proc/${hostPid()}`, join(root, 'proc/4242'));
    const r = await runVerify(['--root', root, '-o', 'json'], root);
    const json = JSON.parse(r.out) as { binaries: unknown[]; problems?: unknown[] };
    assert.deepEqual(json.binaries, []);
    // Read on the host, the pid's exe would lead to the host's sleep binary.
    assert.doesNotMatch(r.out, /sleep|4242/);
  });
});

test('<root>/proc/<pid>/cmdline -> a host file is resolved inside the root (absent there), not read on the host', async () => {
  await withTempDir('kubefort-host-', async (host) => {
    writeFileSync(join(host, 'cmdline'), 'kubelet\0--config=/x\0');
    await withTempDir('kubefort-confine-', async (root) => {
      put(root, 'usr/bin/kubelet', kubeletElf);
      mkdirSync(join(root, 'proc/4242'), { recursive: true });
      symlinkSync(join(host, 'cmdline'), join(root, 'proc/4242/cmdline'));
      symlinkSync('/usr/bin/kubelet', join(root, 'proc/4242/exe'));
      const r = await runVerify(['--root', root, '-o', 'json'], root);
      const json = JSON.parse(r.out) as { binaries: Array<{ pids: number[] }> };
      assert.deepEqual(json.binaries.map((b) => b.pids), [[]], 'the process is not taken for a kubelet');
    });
  });
});

test('/proc/<pid>/exe pointing at a host path is interpreted inside the root, never opened on the host', async () => {
  await withTempDir('kubefort-host-', async (host) => {
    writeFileSync(join(host, 'kubelet'), kubeletElf);
    await withTempDir('kubefort-confine-', async (root) => {
      put(root, 'proc/4242/cmdline', 'kubelet\0');
      symlinkSync(join(host, 'kubelet'), join(root, 'proc/4242/exe'));
      const r = await runVerify(['--root', root, '-o', 'json'], root);
      const json = JSON.parse(r.out) as { binaries: unknown[]; problems: Array<{ path: string; reason: string }> };
      assert.deepEqual(json.binaries, []);
      assert.match(JSON.stringify(json.problems), /cannot resolve: no such file or directory/);
    });
  });
});

test('a FIFO or a character device in place of a binary or a cmdline does not block: UNREADABLE "is a FIFO"', async () => {
  await withTempDir('kubefort-confine-', async (root) => {
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    mkdirSync(join(root, 'proc/4242'), { recursive: true });
    const mkfifo = spawn('mkfifo', [join(root, 'usr/bin/kubelet'), join(root, 'proc/4242/cmdline')]);
    await new Promise((r) => mkfifo.on('exit', r));
    symlinkSync('/dev/zero', join(root, 'usr/bin/kubectl'));
    const r = await runVerify(['--root', root, '-o', 'json'], root);
    const json = JSON.parse(r.out) as { binaries: Array<{ path: string; status: string; reason?: string }>; problems: Array<{ path: string; reason: string }> };
    assert.match(JSON.stringify(json), /is a FIFO/);
    assert.doesNotMatch(JSON.stringify(json), /"status":"OK"/);
  });
});

test('a binary with 150,000 gitVersion= markers is identified without overflowing the stack', async () => {
  await withTempDir('kubefort-markers-', async (root) => {
    put(root, 'usr/bin/kubelet', Buffer.concat([kubeletElf, Buffer.from('\0gitVersion=v1.32.4\0'.repeat(150_000), 'latin1')]));
    const r = await runVerify(['--root', root, '-o', 'json'], root);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out) as { binaries: Array<{ name: string; version?: string; status: string }> };
    assert.deepEqual(json.binaries.map((b) => [b.name, b.status]), [['kubelet', 'NO CHECKSUM']]);
  });
});

test('escape sequences in a node\'s link texts and paths reach the report escaped, never raw', async () => {
  await withTempDir('kubefort-escape-', async (root) => {
    put(root, 'proc/900/cmdline', 'kubelet\0');
    symlinkSync('/usr/bin/kubelet\u001b]0;owned\u0007 (deleted)', join(root, 'proc/900/exe'));
    const r = await runVerify(['--root', root], root);
    assert.match(r.out, /\/usr\/bin\/kubelet\\x1b\]0;owned\\x07 \(deleted\)/);
    // eslint-disable-next-line no-control-regex -- the point: no raw control characters
    assert.doesNotMatch(r.out, /[\u0000-\u0009\u000b-\u001f]/);
  });
});
