import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { collectNodeFacts } from '../../src/collect/node/index.js';
import type { NodeFacts } from '../../src/domain/node-facts.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';

/**
 * Node files replaced by things that are not regular files, or by huge ones: every reader must refuse them with
 * a reason (a FIFO would block the open forever, a character device never ends, a sparse file claims gigabytes).
 */
const now = new Date('2026-11-23T12:00:00Z');
const roots: string[] = [];
after(() => roots.forEach((root) => removeNodeFixture(root)));
const isRoot = process.getuid?.() === 0;

function nodeWith(replace: (root: string) => void): NodeFacts {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  roots.push(root);
  replace(root);
  return collectNodeFacts({ root, now });
}
const mkfifo = (path: string): void => {
  rmSync(path, { force: true });
  execFileSync('mkfifo', [path]);
};
const warningFor = (facts: NodeFacts, file: string): string =>
  facts.warnings.filter((w) => w.location?.file === file || w.message.includes(file)).map((w) => w.message).join('\n');

test('a FIFO as the kubelet config is refused ("is a FIFO"), not opened and waited on', () => {
  const facts = nodeWith((root) => mkfifo(join(root, 'var/lib/kubelet/config.yaml')));
  assert.match(warningFor(facts, '/var/lib/kubelet/config.yaml'), /is a FIFO/);
  assert.match(facts.kubelet?.configFileError?.message ?? '', /is a FIFO/);
});

test('a FIFO as /proc/<pid>/cmdline and as a static pod manifest is a warning, and collection goes on', () => {
  const facts = nodeWith((root) => {
    mkfifo(join(root, 'proc/1391/cmdline'));
    mkfifo(join(root, 'etc/kubernetes/manifests/etcd.yaml'));
  });
  assert.match(warningFor(facts, '/proc/1391/cmdline'), /cannot read \/proc\/1391\/cmdline: is a FIFO/);
  assert.match(warningFor(facts, '/etc/kubernetes/manifests/etcd.yaml'), /is a FIFO/);
  assert.equal(facts.components['kube-apiserver']?.source, 'manifest', 'the apiserver is still seen through its manifest');
});

test('a character device (/dev/zero) as a systemd unit, a kubelet binary and a manifest is "is a character device"', { skip: !isRoot && 'mknod needs root' }, () => {
  const facts = nodeWith((root) => {
    for (const path of ['usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf', 'etc/kubernetes/manifests/kube-scheduler.yaml', 'usr/bin/kubelet']) {
      rmSync(join(root, path), { force: true });
      mkdirSync(dirname(join(root, path)), { recursive: true });
      execFileSync('mknod', [join(root, path), 'c', '1', '5']);
    }
  });
  assert.match(warningFor(facts, '10-kubeadm.conf'), /is a character device/);
  assert.match(warningFor(facts, '/etc/kubernetes/manifests/kube-scheduler.yaml'), /is a character device/);
});

test('a 2 GiB sparse kubelet config is refused at 4 MiB without reading it all', () => {
  const facts = nodeWith((root) => {
    const path = join(root, 'var/lib/kubelet/config.yaml');
    writeFileSync(path, 'kind: KubeletConfiguration\n');
    truncateSync(path, 2 * 1024 ** 3);
  });
  assert.match(facts.kubelet?.configFileError?.message ?? '', /larger than 4 MiB, the limit for a kubelet config/);
  assert.ok(process.memoryUsage().rss < 1024 ** 3, 'the file was not read into memory');
});

test('a 300 MB /proc/<pid>/cmdline is refused at 1 MiB with a warning', () => {
  const facts = nodeWith((root) => {
    const path = join(root, 'proc/1391/cmdline');
    truncateSync(path, 300 * 1024 ** 2);
  });
  assert.match(warningFor(facts, '/proc/1391/cmdline'), /larger than 1 MiB, the limit for a process command line/);
});

test('bench --facts /dev/zero is refused as a character device (exit 2), not read until memory runs out', async () => {
  const { run } = await import('../../src/cli/program.js');
  const { captureContext } = await import('../helpers/cli.js');
  const ctx = captureContext();
  assert.equal(await run(['bench', '--facts', '/dev/zero'], ctx), 2);
  assert.match(ctx.err.join(''), /is a character device/);
});

test('repeated warnings about one file are capped: the first 20, then "and N more warnings"', () => {
  const facts = nodeWith((root) => {
    const path = join(root, 'proc/1043/cmdline');
    writeFileSync(path, `/usr/bin/kubelet\0${Array.from({ length: 5000 }, () => '--max-pods=many').join('\0')}\0`);
  });
  const about = facts.warnings.filter((w) => w.location?.file === '/proc/1043/cmdline');
  assert.equal(about.length, 21);
  assert.equal(about[20]?.message, '/proc/1043/cmdline: and 4980 more warnings');
});

test('a static pod container whose command comes only from a __proto__ key has no command (fields are own keys)', () => {
  const facts = nodeWith((root) => {
    const path = join(root, 'etc/kubernetes/manifests/kube-scheduler.yaml');
    writeFileSync(path, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-scheduler\n    image: registry.k8s.io/kube-scheduler:v1.32.4\n    __proto__:\n      command: [kube-scheduler, --profiling=false]\n');
    rmSync(join(root, 'proc/1418'), { recursive: true, force: true });
  });
  const scheduler = facts.components['kube-scheduler'];
  assert.equal(scheduler?.args.some((a) => a.flag === '--profiling'), false, JSON.stringify(scheduler?.args));
});

test('<root>/proc -> /proc is not followed on the host: no host process is taken for a component', () => {
  const facts = nodeWith((root) => {
    rmSync(join(root, 'proc'), { recursive: true, force: true });
    symlinkSync('/proc', join(root, 'proc'));
  });
  assert.deepEqual(Object.values(facts.components).filter((c) => c.source === 'process'), []);
  assert.match(warningFor(facts, '/proc'), /cannot list \/proc: too many levels of symbolic links/);
});

test('collector warnings and file entries carry the read\'s machine code (ENOTREG, ELOOP, ...) beside the words', () => {
  const facts = nodeWith((root) => {
    mkfifo(join(root, 'var/lib/kubelet/config.yaml'));
    mkfifo(join(root, 'proc/1391/cmdline'));
    // A link through itself (self -> /etc/kubernetes/pki/self/x): resolving it never ends, the kernel says ELOOP.
    symlinkSync('/etc/kubernetes/pki/self/x', join(root, 'etc/kubernetes/pki/self'));
  });
  const codeFor = (file: string) => facts.warnings.find((w) => w.location?.file === file)?.code;
  assert.equal(codeFor('/var/lib/kubelet/config.yaml'), 'ENOTREG');
  assert.equal(facts.kubelet?.configFileError?.code, 'ENOTREG');
  assert.equal(codeFor('/proc/1391/cmdline'), 'ENOTREG');
  // Warnings about content have no code: a program must not take them for read failures.
  assert.ok(facts.warnings.filter((w) => /malformed|runs more than once/.test(w.message)).every((w) => w.code === undefined));
  const loop = (facts.files['pki-dir'] ?? []).find((f) => f.path === '/etc/kubernetes/pki/self');
  assert.equal(loop?.type, 'symlink');
  assert.match(loop?.error ?? '', /too many levels of symbolic links$/);
  assert.equal(loop?.errorCode, 'ELOOP');
});
