/**
 * Regenerates test/fixtures/binaries/node-root and test/fixtures/binaries/checksums (committed; run by hand:
 * `node --import tsx test/binaries/make-node-root.ts`). The node root is laid out as on a kubeadm node.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fakeElf, type FakeElf } from './fake-elf.js';

const BASE = join(import.meta.dirname, '..', 'fixtures', 'binaries');
const ROOT = join(BASE, 'node-root');
const SUMS = join(BASE, 'checksums');
rmSync(ROOT, { recursive: true, force: true });
rmSync(SUMS, { recursive: true, force: true });

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const put = (path: string, data: Buffer | string, mode = 0o644): void => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data, { mode });
};
const release = (version: string, arch: string, name: string, binary: Buffer): void =>
  put(join(SUMS, version, 'bin', 'linux', arch, `${name}.sha256`), sha256(binary));

const spec = (name: string, extra: FakeElf): FakeElf => ({ goVersion: 'go1.23.8', path: `k8s.io/kubernetes/cmd/${name}`, vcsRevision: '0123456789abcdef0123456789abcdef01234567', ...extra });

// kubectl v1.32.4 amd64, identical to the release: OK.
const kubectl = fakeElf(spec('kubectl', { ldflagsVersion: 'v1.32.4' }));
put(join(ROOT, 'usr/bin/kubectl'), kubectl, 0o755);
release('v1.32.4', 'amd64', 'kubectl', kubectl);

// kubelet v1.32.4 amd64 as released, but the file on the node differs (tampered): MISMATCH. Version from a raw marker.
const releasedKubelet = fakeElf(spec('kubelet', { markerVersion: 'v1.32.4' }));
const tamperedKubelet = fakeElf(spec('kubelet', { markerVersion: 'v1.32.4', salt: 'injected' }));
put(join(ROOT, 'usr/bin/kubelet'), tamperedKubelet, 0o755);
release('v1.32.4', 'amd64', 'kubelet', releasedKubelet);

// kubeadm v1.31.9: no checksum in the tree for that version: NO CHECKSUM.
put(join(ROOT, 'usr/local/bin/kubeadm'), fakeElf(spec('kubeadm', { ldflagsVersion: 'v1.31.9' })), 0o755);

// kube-proxy reached through a relative symlink in /opt/bin (as some distributions install it): OK.
const proxy = fakeElf(spec('kube-proxy', { ldflagsVersion: 'v1.32.4' }));
put(join(ROOT, 'usr/local/lib/kubernetes/v1.32.4/kube-proxy'), proxy, 0o755);
mkdirSync(join(ROOT, 'opt/bin'), { recursive: true });
symlinkSync('../../usr/local/lib/kubernetes/v1.32.4/kube-proxy', join(ROOT, 'opt/bin/kube-proxy'));
release('v1.32.4', 'amd64', 'kube-proxy', proxy);

// Also in the release tree: an arm64 kubectl, to prove the arch is taken from the ELF header.
release('v1.32.4', 'arm64', 'kubectl', fakeElf(spec('kubectl', { ldflagsVersion: 'v1.32.4', machine: 183 })));

// The running kubelet (pid 4242) and an unrelated process (pid 77). /proc/<pid>/exe is an absolute symlink.
put(join(ROOT, 'proc/4242/comm'), 'kubelet\n');
put(join(ROOT, 'proc/4242/cmdline'), '/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0--kubeconfig=/etc/kubernetes/kubelet.conf\0');
symlinkSync('/usr/bin/kubelet', join(ROOT, 'proc/4242/exe'));
put(join(ROOT, 'proc/77/comm'), 'bash\n');
put(join(ROOT, 'proc/77/cmdline'), '-bash\0');
symlinkSync('/usr/bin/bash', join(ROOT, 'proc/77/exe'));
console.log('wrote', ROOT, 'and', SUMS);
