import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertGolden, runVerify, withTempDir } from './cli-run.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'binaries', 'check');
const KUBECTL_SHA256 = readFileSync(join(FIXTURES, 'kubectl.sha256'), 'utf8');

const verify = (args: string[], cwd = FIXTURES, stdin = '') => runVerify(args, cwd, stdin);

test('--check: mixed sha256sum/binary-mode/BSD-sha512 lines all verify: exit 0, one OK line each', async () => {
  const r = await verify(['--check', 'mixed.sums']);
  assert.equal(r.code, 0);
  assert.equal(r.out, 'kubectl: OK\nkubeadm: OK\nkubelet: OK\n');
  assert.equal(r.err, '');
});

test('--check: mismatch, missing file and malformed lines print what sha256sum --check prints, exit 1', async () => {
  const r = await verify(['--check', 'failing.sums']);
  assert.equal(r.code, 1);
  assertGolden('check-failing.txt', `--- stdout\n${r.out}--- stderr\n${r.err}`);
});

test('--check --quiet hides OK lines only', async () => {
  const r = await verify(['--check', 'failing.sums', '--quiet']);
  assert.equal(r.out, 'kubelet: FAILED\nkube-proxy: FAILED open or read\n');
});

test('--check --status prints nothing on stdout and exits 1 on failure; an unreadable file is still named, as sha256sum does', async () => {
  const r = await verify(['--check', 'failing.sums', '--status']);
  assert.deepEqual([r.code, r.out, r.err], [1, '', 'kubefort: kube-proxy: No such file or directory\n']);
});

test('--check: malformed lines only warn without --strict, and fail with it', async () => {
  await withTempDir('kubefort-check-', async (dir) => {
      writeFileSync(join(dir, 'kubectl'), readFileSync(join(FIXTURES, 'kubectl')));
      writeFileSync(join(dir, 'SUMS'), `${KUBECTL_SHA256}  kubectl\nnot a checksum line\n`);
      const loose = await verify(['--check', 'SUMS'], dir);
      assert.equal(loose.code, 0);
      assert.equal(loose.err, 'kubefort: WARNING: 1 line is improperly formatted\n');
      const strict = await verify(['--check', 'SUMS', '--strict'], dir);
      assert.equal(strict.code, 1);
      const warned = await verify(['--check', 'SUMS', '--warn'], dir);
      assert.match(warned.err, /^kubefort: SUMS: 2: improperly formatted SHA256 checksum line$/m);
  });
});

test('--check: a file with no usable line fails like sha256sum', async () => {
  const r = await verify(['--check', 'kubectl.sha256']);
  assert.equal(r.code, 1);
  assert.equal(r.err, 'kubefort: kubectl.sha256: no properly formatted checksum lines found\n');
});

test('--check - reads the list from stdin (the seed\'s echo "$(cat kubectl.sha256) kubectl" pipeline)', async () => {
  const r = await verify(['--check', '-'], FIXTURES, `${KUBECTL_SHA256} kubectl\n`);
  assert.deepEqual([r.code, r.out], [0, 'kubectl: OK\n']);
});

test('--check --ignore-missing skips absent files', async () => {
  await withTempDir('kubefort-check-', async (dir) => {
      writeFileSync(join(dir, 'kubectl'), readFileSync(join(FIXTURES, 'kubectl')));
      writeFileSync(join(dir, 'SUMS'), `${KUBECTL_SHA256}  kubectl\n${KUBECTL_SHA256}  kubeadm\n`);
      const r = await verify(['--check', 'SUMS', '--ignore-missing'], dir);
      assert.deepEqual([r.code, r.out, r.err], [0, 'kubectl: OK\n', '']);
  });
});

test('--check --ignore-missing with every listed file absent says no file was verified and exits 1, like sha256sum', async () => {
  await withTempDir('kubefort-check-', async (dir) => {
    writeFileSync(join(dir, 'SUMS'), `${KUBECTL_SHA256}  kubectl\n`);
    const r = await verify(['--check', 'SUMS', '--ignore-missing'], dir);
    assert.deepEqual([r.code, r.out, r.err], [1, '', 'kubefort: SUMS: no file was verified\n']);
  });
});

test('--check: a listed name that cannot be read (a directory) is "FAILED open or read" with the reason on stderr', async () => {
  await withTempDir('kubefort-check-', async (dir) => {
      mkdirSync(join(dir, 'kubectl'));
      writeFileSync(join(dir, 'SUMS'), `${KUBECTL_SHA256}  kubectl\n`);
      const r = await verify(['--check', 'SUMS'], dir);
      assert.equal(r.code, 1);
      assert.equal(r.out, 'kubectl: FAILED open or read\n');
      assert.equal(r.err, 'kubefort: kubectl: Is a directory\nkubefort: WARNING: 1 listed file could not be read\n');
  });
});

test('--check of a SUMS file that does not exist is a runtime error: exit 2, no stack', async () => {
  const r = await verify(['--check', 'nope.sums']);
  assert.equal(r.code, 2);
  assert.equal(r.err, 'kubefort: nope.sums: No such file or directory\n');
});

const fileCases: Array<[string, string[], number, RegExp]> = [
  ['FILE --sha256 with the right digest is OK', ['kubectl', '--sha256', KUBECTL_SHA256], 0, /^kubectl: OK \(sha256 /],
  ['FILE --sha256 accepts upper-case hex', ['kubectl', '--sha256', KUBECTL_SHA256.toUpperCase()], 0, /^kubectl: OK/],
  ['FILE --sha256 with another file\'s digest FAILS with both digests shown', ['kubeadm', '--sha256', KUBECTL_SHA256], 1, /^kubeadm: FAILED \(sha256 mismatch: expected c3b8.* computed 122e/],
  ['FILE --checksum bare-digest .sha256 file (dl.k8s.io layout)', ['kubectl', '--checksum', 'kubectl.sha256'], 0, /expected from kubectl\.sha256:1/],
  ['FILE --checksum upper-case bare SHA-512 file', ['kubeadm', '--checksum', 'kubeadm.sha512'], 0, /^kubeadm: OK \(sha512 /],
  ['FILE --checksum picks the line naming FILE from a multi-line list', ['kubeadm', '--checksum', 'mixed.sums'], 0, /expected from mixed\.sums:2/],
  ['FILE --checksum of a tampered file FAILS', ['kubelet', '--checksum', 'failing.sums'], 1, /^kubelet: FAILED/],
  ['FILE that does not exist: FAILED open or read, exit 1', ['kube-proxy', '--sha256', KUBECTL_SHA256], 1, /^kube-proxy: FAILED open or read \(No such file or directory\)/],
];
for (const [name, args, code, pattern] of fileCases) {
  test(`verify ${name}`, async () => {
    const r = await verify(args);
    assert.equal(r.code, code, r.err);
    assert.match(r.out, pattern);
  });
}

test('verify FILE --sha256 and --sha512 hashes once and reports both', async () => {
  const sha512 = readFileSync(join(FIXTURES, 'kubeadm.sha512'), 'utf8').trim();
  const r = await verify(['kubeadm', '--sha512', sha512, '--sha256', '122ebfe9f4ee37c3115fa99192e843460ae3d6022688716849163ce58cfe6c71']);
  assert.equal(r.code, 0);
  assert.equal(r.out.split('\n').filter(Boolean).length, 2);
});

const usage: Array<[string, string[], RegExp]> = [
  ['a digest of the wrong length', ['kubectl', '--sha256', 'abc'], /--sha256 needs 64 hex digits/],
  ['FILE with nothing to compare against', ['kubectl'], /nothing to verify FILE against/],
  ['FILE together with --check', ['kubectl', '--check', 'mixed.sums'], /exactly one of/],
  ['a --check flag in FILE mode', ['kubectl', '--sha256', KUBECTL_SHA256, '--quiet'], /--quiet does not apply to FILE mode/],
  ['a FILE flag in --check mode', ['--check', 'mixed.sums', '--sha256', KUBECTL_SHA256], /--sha256 does not apply to --check mode/],
  ['--checksums outside node mode', ['--check', 'mixed.sums', '--checksums', '.'], /--checksums does not apply to --check mode/],
  ['a non-hex --sha512', ['kubectl', '--sha512', 'x'.repeat(128)], /--sha512 needs 128 hex digits/],
  ['a checksum file whose lines name other files only', ['kubelet', '--checksum', 'tagged.sums'], /tagged\.sums: no line names kubelet/],
];
for (const [name, args, pattern] of usage) {
  test(`usage error (exit 2): ${name}`, async () => {
    const r = await verify(args);
    assert.equal(r.code, 2);
    assert.match(r.err, pattern);
  });
}

test('FILE --checksum naming a file that does not exist is a runtime error: exit 2, the reason, no stack', async () => {
  const r = await verify(['kubectl', '--checksum', 'nope.sha256']);
  assert.deepEqual([r.code, r.err], [2, 'kubefort: nope.sha256: No such file or directory\n']);
});
