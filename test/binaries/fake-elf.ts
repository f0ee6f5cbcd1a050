/**
 * Tiny fake Go/ELF binaries for tests: a real ELF64 header, a Go 1.18+ build-info blob and optional embedded
 * version strings. Not executable programs and not Kubernetes code: only the bytes kubefort looks at.
 */

export interface FakeElf {
  /** e_machine: 62 x86_64, 183 aarch64, 40 arm, 21 ppc64, 22 s390. */
  machine?: number;
  bigEndian?: boolean;
  goVersion?: string;
  /** Main package path in the build info. */
  path?: string;
  /** Recorded as `build -ldflags=... -X k8s.io/component-base/version.gitVersion=<v>`. */
  ldflagsVersion?: string;
  /** Raw rodata-like bytes: `gitVersion` then NULs then the version. */
  markerVersion?: string;
  vcsRevision?: string;
  /** Extra `dep` lines' versions in the build info (module versions, not Kubernetes versions). */
  depVersion?: string;
  /** Bytes laid out like Go's packed string data, no separators (a -trimpath release build). */
  packedStrings?: string;
  /** Extra bytes that change the digest (a "tampered" build). */
  salt?: string;
  /** Zero bytes between the header and the build info, to push data across read-chunk boundaries. */
  padding?: number;
}

function uvarint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v >= 0x80) { bytes.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
  bytes.push(v);
  return Buffer.from(bytes);
}

export function fakeElf(spec: FakeElf): Buffer {
  const header = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, spec.bigEndian ? 2 : 1, 1]).copy(header);
  const machine = spec.machine ?? 62;
  if (spec.bigEndian) { header.writeUInt16BE(2, 16); header.writeUInt16BE(machine, 18); } else { header.writeUInt16LE(2, 16); header.writeUInt16LE(machine, 18); }
  const parts: Buffer[] = [header, Buffer.alloc(spec.padding ?? 0)];
  const align = (): void => {
    const len = parts.reduce((n, p) => n + p.length, 0);
    if (len % 16 !== 0) parts.push(Buffer.alloc(16 - (len % 16)));
  };
  if (spec.goVersion !== undefined) {
    align();
    const lines = [`path\t${spec.path ?? 'k8s.io/kubernetes/cmd/kubectl'}`, 'mod\tk8s.io/kubernetes\t(devel)\t', `dep\tgithub.com/example/dependency\t${spec.depVersion ?? 'v1.2.3'}\th1:fake=`, 'build\t-buildmode=exe'];
    if (spec.ldflagsVersion !== undefined) lines.push(`build\t-ldflags="-X 'k8s.io/component-base/version.gitVersion=${spec.ldflagsVersion}' -X 'k8s.io/component-base/version.gitTreeState=clean'"`);
    lines.push('build\tGOOS=linux', 'build\tvcs=git');
    if (spec.vcsRevision !== undefined) lines.push(`build\tvcs.revision=${spec.vcsRevision}`);
    const sentinel = Buffer.from('kubefort-test-16');
    const modinfo = Buffer.concat([sentinel, Buffer.from(`${lines.join('\n')}\n`), sentinel]);
    const blobHeader = Buffer.alloc(32);
    Buffer.from('\xff Go buildinf:', 'latin1').copy(blobHeader);
    blobHeader[14] = 8;
    blobHeader[15] = 2;
    const version = Buffer.from(spec.goVersion);
    parts.push(blobHeader, uvarint(version.length), version, uvarint(modinfo.length), modinfo);
  }
  if (spec.markerVersion !== undefined) parts.push(Buffer.from(`\0\0json:"gitVersion"\0gitVersion\0\0${spec.markerVersion}\0gitCommit\0`, 'latin1'));
  if (spec.packedStrings !== undefined) parts.push(Buffer.from(spec.packedStrings, 'latin1'));
  if (spec.salt !== undefined) parts.push(Buffer.from(`\0${spec.salt}\0`));
  parts.push(Buffer.from('\0fake binary for kubefort tests: not a program\0'));
  return Buffer.concat(parts);
}
