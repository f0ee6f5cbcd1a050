import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { runVerify, withTempDir } from './cli-run.js';

/**
 * Every input of `verify` is bounded: a character device or a FIFO is refused by type, a file named on the
 * command line by a size limit suited to it, a checksum list is read line by line.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'binaries', 'check');
const hex = 'a'.repeat(64);

const deviceCases: Array<[string, string[]]> = [
  ['FILE', ['/dev/zero', '--sha256', hex]],
  ['--check', ['--check', '/dev/zero']],
  ['--checksum', ['kubectl', '--checksum', '/dev/zero']],
  ['--certificate', ['kubectl', '--certificate', '/dev/zero', '--signature', 'kubectl.sha256']],
  ['--signature', ['kubectl', '--certificate', 'kubectl.sha256', '--signature', '/dev/zero']],
  ['--bundle', ['kubectl', '--bundle', '/dev/zero']],
  ['--trusted-root', ['kubectl', '--bundle', 'kubectl.sha256', '--trusted-root', '/dev/zero']],
];
for (const [name, args] of deviceCases) {
  test(`/dev/zero as ${name} is refused as a character device, not read until memory runs out`, async () => {
    const r = await runVerify(args, FIXTURES);
    assert.match(r.out + r.err, /is a character device/);
    assert.ok(r.code === 1 || r.code === 2);
    assert.doesNotMatch(r.err, /Is a directory|internal error/);
  });
}

test('a FIFO as FILE or as --check is refused ("is a FIFO") without blocking', async () => {
  await withTempDir('kubefort-fifo-', async (dir) => {
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const file = await runVerify(['pipe', '--sha256', hex], dir);
    assert.equal(file.out, 'pipe: FAILED open or read (is a FIFO)\n');
    const check = await runVerify(['--check', 'pipe'], dir);
    assert.deepEqual([check.code, check.err], [2, 'kubefort: pipe: is a FIFO\n']);
  });
});

test('a 1.5 GB sums file is streamed: a line longer than any checksum line stops it at once (exit 2, one line)', async () => {
  await withTempDir('kubefort-sums-', async (dir) => {
    writeFileSync(join(dir, 'SUMS'), `${hex}  x\n`);
    truncateSync(join(dir, 'SUMS'), 1.5 * 1024 ** 3);
    const r = await runVerify(['--check', 'SUMS'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'kubefort: x: No such file or directory\nkubefort: SUMS: line 2 is longer than 65536 bytes: not a checksum list\n');
  });
});

test('endless standard input without a newline (/dev/zero piped into -) ends with exit 2', async () => {
  async function* zeros(): AsyncGenerator<Buffer> {
    for (;;) yield Buffer.alloc(65536);
  }
  const ctx = captureContext({ cwd: FIXTURES, stdinChunks: zeros });
  assert.equal(await run(['verify', '-c', '-'], ctx), 2);
  assert.equal(ctx.err.join(''), "kubefort: 'standard input': line 1 is longer than 65536 bytes: not a checksum list\n");
});

test('a --checksum file larger than 16 MiB is refused with the limit named', async () => {
  await withTempDir('kubefort-sums-', async (dir) => {
    writeFileSync(join(dir, 'big.sha256'), hex);
    truncateSync(join(dir, 'big.sha256'), 17 * 1024 ** 2);
    writeFileSync(join(dir, 'x'), 'x');
    const r = await runVerify(['x', '--checksum', 'big.sha256'], dir);
    assert.deepEqual([r.code, r.err], [2, 'kubefort: big.sha256: larger than 16 MiB, the limit for a checksum file\n']);
  });
});
