import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseElfHeader } from './elf.js';
import { decodeBuildInfo } from './go-buildinfo.js';
import { looseVersionsAt, VersionScanner, VersionSource, versionInWindow } from './version-scan.js';
import { streamFile } from './file-stream.js';
import { fakeElf } from '../../test/binaries/fake-elf.js';

const machines: Array<[number, boolean, string | undefined]> = [
  [62, false, 'amd64'], [183, false, 'arm64'], [40, false, 'arm'], [21, false, 'ppc64le'], [22, true, 's390x'], [3, false, '386'], [8, false, undefined],
];
for (const [machine, bigEndian, arch] of machines) {
  test(`ELF e_machine ${machine} (${bigEndian ? 'big' : 'little'}-endian) is release arch ${arch ?? 'none'}`, () => {
    const header = parseElfHeader(fakeElf({ machine, bigEndian }));
    assert.equal(header?.machine, machine);
    assert.equal(header?.arch, arch);
  });
}

test('a file that is not ELF has no ELF header (scripts, PE, Mach-O)', () => {
  assert.equal(parseElfHeader(Buffer.from('#!/bin/sh\necho kubectl\n')), undefined);
  assert.equal(parseElfHeader(Buffer.from([0x7f, 0x45, 0x4c])), undefined);
});

test('Go build info (1.18+ inline layout): toolchain, main package, module, build settings', () => {
  const bin = fakeElf({ goVersion: 'go1.23.8', path: 'k8s.io/kubernetes/cmd/kubelet', ldflagsVersion: 'v1.32.4', vcsRevision: 'abc123' });
  const info = decodeBuildInfo(bin.subarray(bin.indexOf('\xff Go buildinf:', 0, 'latin1')));
  assert.equal(info?.goVersion, 'go1.23.8');
  assert.equal(info?.path, 'k8s.io/kubernetes/cmd/kubelet');
  assert.equal(info?.mainModule, 'k8s.io/kubernetes (devel)');
  assert.equal(info?.settings['vcs.revision'], 'abc123');
  assert.match(info?.settings['-ldflags'] ?? '', /version\.gitVersion=v1\.32\.4/);
  assert.equal(info?.dependencies, 1);
});

test('Go build info in the old pointer layout is recognised but not decoded, and says so', () => {
  const blob = Buffer.alloc(64);
  Buffer.from('\xff Go buildinf:', 'latin1').copy(blob);
  blob[14] = 8;
  blob[15] = 0;
  assert.match(decodeBuildInfo(blob)?.note ?? '', /pre-Go-1\.18/);
  assert.equal(decodeBuildInfo(Buffer.alloc(64)), undefined);
});

const windows: Array<[string, string, string | undefined, string | undefined]> = [
  ['the -X linker flag text', "gitVersion=v1.32.4' -X", 'v1.32.4', VersionSource.ldflags],
  ['a pre-release', 'gitVersion=v1.33.0-rc.1 ', 'v1.33.0-rc.1', VersionSource.ldflags],
  ['a distribution build suffix', 'gitVersion=v1.32.4+k3s1\0', 'v1.32.4+k3s1', VersionSource.ldflags],
  ['a version string a few NULs after the marker', 'gitVersion\0\0v1.30.0\0gitCommit', 'v1.30.0', VersionSource.marker],
  ['a marker with no version nearby', 'gitVersion\0json:"gitCommit"\0major\0minor', undefined, undefined],
  ['the development placeholder v0.0.0-master+$Format', 'gitVersion=v0.0.0-master+$Format:%H$', 'v0.0.0-master', VersionSource.ldflags],
];
for (const [name, window, version, source] of windows) {
  test(`version near gitVersion: ${name}`, () => {
    const hit = versionInWindow(window);
    assert.equal(hit?.version, version);
    assert.equal(hit?.source, source);
  });
}

test('the scanner finds version and build info across read-chunk boundaries (one streaming pass, tiny chunks)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-scan-'));
  try {
    const file = join(dir, 'kubelet');
    writeFileSync(file, fakeElf({ goVersion: 'go1.22.12', ldflagsVersion: 'v1.31.7', markerVersion: 'v1.31.7', padding: 5000, path: 'k8s.io/kubernetes/cmd/kubelet' }));
    for (const chunkSize of [100, 4096, 4099, 65536]) {
      const scanner = new VersionScanner();
      await streamFile(file, [scanner], { chunkSize });
      const identity = scanner.result();
      assert.deepEqual(identity.versions.map((v) => [v.version, v.source]), [['v1.31.7', VersionSource.ldflags]], `chunk ${chunkSize}`);
      assert.equal(identity.goBuildInfo?.goVersion, 'go1.22.12', `chunk ${chunkSize}`);
      assert.equal(identity.elf?.arch, 'amd64');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a chunk boundary anywhere inside a gitVersion window never yields a cut-short version (v1.30.12, not v1.30.1)', () => {
  const file = fakeElf({ markerVersion: 'v1.30.12' });
  const at = file.indexOf('gitVersion');
  for (let cut = at; cut <= at + 80; cut++) {
    const scanner = new VersionScanner();
    scanner.update(file.subarray(0, cut), 0);
    scanner.update(file.subarray(cut), cut);
    assert.deepEqual(scanner.result().versions.map((v) => [v.version, v.offset]), [['v1.30.12', at]], `cut at ${cut}`);
  }
});

test('a binary carrying two different versions lists both (the checksum tree decides)', async () => {
  const scanner = new VersionScanner();
  scanner.update(fakeElf({ markerVersion: 'v1.30.1', salt: 'gitVersion\0v1.30.2' }), 0);
  assert.deepEqual(scanner.result().versions.map((v) => v.version), ['v1.30.1', 'v1.30.2']);
});

test('the -ldflags version outranks a different gitVersion marker elsewhere in the file (the build set it)', () => {
  const scanner = new VersionScanner();
  scanner.update(fakeElf({ goVersion: 'go1.23.8', ldflagsVersion: 'v1.31.7', markerVersion: 'v1.30.1' }), 0);
  assert.deepEqual(scanner.result().versions.map((v) => [v.version, v.source]), [['v1.31.7', VersionSource.ldflags]]);
});

test('a file with no Go build info and no marker identifies as nothing', () => {
  const scanner = new VersionScanner();
  scanner.update(Buffer.from('#!/bin/sh\nexec /usr/bin/kubectl.real "$@"\n'), 0);
  assert.deepEqual(scanner.result(), { versions: [], looseVersions: [] });
});

const loose: Array<[string, string, string[]]> = [
  ['a version followed by the next packed string', 'v1.32.4cleanv0.0.0', ['v1.32.4']],
  ['a two-digit patch also yields its one-digit prefix (packed strings have no terminator)', 'v1.32.11amd64', ['v1.32.11', 'v1.32.1']],
  ['a release candidate keeps its suffix and its bare version', 'v1.33.0-rc.1linux', ['v1.33.0-rc.1', 'v1.33.0']],
  ['not a version', 'v1.beta1', []],
];
for (const [name, window, expected] of loose) {
  test(`loose version strings: ${name}`, () => assert.deepEqual(looseVersionsAt(window), expected));
}

test('loose version strings inside the Go build info (module versions) are not taken as Kubernetes versions', () => {
  const scanner = new VersionScanner();
  scanner.update(fakeElf({ goVersion: 'go1.23.8', depVersion: 'v1.30.1', packedStrings: 'linuxamd64v1.32.4clean2025-04-22T16:03:36Z' }), 0);
  const identity = scanner.result();
  assert.deepEqual(identity.versions, []);
  assert.deepEqual(identity.looseVersions, ['v1.32.4']);
});
