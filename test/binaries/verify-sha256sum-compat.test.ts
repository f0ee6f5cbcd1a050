import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runVerify, withTempDir } from './cli-run.js';

/**
 * `verify --check` next to the real GNU coreutils sha256sum on this machine: same stdout, same stderr once
 * sha256sum's `sha256sum: ` prefix is read as kubefort's `kubefort: `, same exit code.
 */
const sha256sum = spawnSync('sha256sum', ['--version'], { encoding: 'utf8' });
const skip = sha256sum.status !== 0 && 'GNU sha256sum is not installed';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');
/** Good, mismatching, malformed, missing, blank, a directory, BSD-tagged, and a name that needs quoting. */
function writeCase(dir: string): string {
  writeFileSync(join(dir, 'a'), 'alpha\n');
  writeFileSync(join(dir, 'b c'), 'bravo\n');
  mkdirSync(join(dir, 'adir'));
  const lines = [
    `${digest('alpha\n')}  a`,
    'garbage line',
    `${'0'.repeat(64)}  a`,
    `${digest('x')}  missing`,
    '',
    `SHA256 (b c) = ${digest('bravo\n')}`,
    `${digest('x')}  adir`,
    `${digest('x')}`,
  ];
  writeFileSync(join(dir, 'SUMS'), `${lines.join('\n')}\n`);
  return readFileSync(join(dir, 'SUMS'), 'utf8');
}

const flagSets: string[][] = [
  [], ['--status'], ['--warn'], ['--quiet'], ['--strict'], ['--status', '--warn'], ['--warn', '--status'],
  ['--quiet', '--warn'], ['--ignore-missing'], ['--status', '--ignore-missing'], ['--warn', '--strict'],
];

for (const flags of flagSets) {
  test(`verify --check ${flags.join(' ')} prints and exits as sha256sum --check ${flags.join(' ')}`, { skip }, async () => {
    await withTempDir('kubefort-coreutils-', async (dir) => {
      writeCase(dir);
      const real = spawnSync('sha256sum', ['--check', ...flags, 'SUMS'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
      const ours = await runVerify(['--check', 'SUMS', ...flags], dir);
      assert.equal(ours.out, real.stdout);
      assert.equal(ours.err, real.stderr.replaceAll(/^sha256sum: /gm, 'kubefort: '));
      assert.equal(ours.code, real.status);
    });
  });
}

for (const args of [['-c'], ['-c', '-'], ['--check', '-', '--warn']]) {
  test(`verify ${args.join(' ')} reads the list from standard input, as sha256sum ${args.join(' ')} does`, { skip }, async () => {
    await withTempDir('kubefort-coreutils-', async (dir) => {
      const sums = writeCase(dir);
      const real = spawnSync('sha256sum', args, { cwd: dir, encoding: 'utf8', input: sums, env: { ...process.env, LC_ALL: 'C' } });
      const ours = await runVerify(args, dir, sums);
      assert.equal(ours.out, real.stdout);
      assert.equal(ours.err, real.stderr.replaceAll(/^sha256sum: /gm, 'kubefort: '));
      assert.equal(ours.code, real.status);
    });
  });
}
