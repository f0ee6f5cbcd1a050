import { after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';

export interface Check { id: string; status: string; reason: string; automated: boolean; scored: boolean }
export interface Json { benchmark: string; benchmarkReason: string; controls: { groups: { checks: Check[] }[] }[] }
export const checksOf = (out: string) => (JSON.parse(out) as Json).controls.flatMap((c) => c.groups.flatMap((g) => g.checks));

/**
 * The RKE2 server fixture (test/fixtures/cis/rke2-1.25-server), removed after the file's tests, with
 * `check` (one check's result, under `benchmark` when given, else the one kubefort picks) and `withArg`.
 */
export function rke2Server(defaultBenchmark?: string) {
  const rke2 = materializeNodeFixture('rke2-1.25-server');
  after(() => removeNodeFixture(rke2));

  async function check(id: string, benchmark: string | undefined = defaultBenchmark): Promise<Check> {
    const ran = await kubefort(['bench', '--root', rke2, '--check', id, '--json', ...(benchmark === undefined ? [] : ['--benchmark', benchmark])]);
    return checksOf(ran.out)[0] as Check;
  }

  /** Runs `body` with one NUL-separated argument of /proc/<pid>/cmdline replaced, then restores the file. */
  async function withArg(pid: string, from: string, to: string, body: () => Promise<void>): Promise<void> {
    const file = join(rke2, 'proc', pid, 'cmdline');
    const original = readFileSync(file);
    const args = original.toString('utf8').split('\0');
    assert.ok(args.includes(from), `${file} has ${from}`);
    writeFileSync(file, args.map((a) => (a === from ? to : a)).join('\0'));
    try {
      await body();
    } finally {
      writeFileSync(file, original);
    }
  }

  return { rke2, check, withArg };
}
