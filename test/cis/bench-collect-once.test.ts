import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, mock, test } from 'node:test';
import { NodeFs } from '../../src/collect/node/node-fs.js';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';

const root = materializeNodeFixture('kubeadm-1.32-controlplane');
after(() => removeNodeFixture(root));
// A scheduler manifest that would not start (MV003), so the validation hook has something to report.
const manifest = join(root, 'etc/kubernetes/manifests/kube-scheduler.yaml');
writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('    - --leader-elect=true\n', '    - --leader-elect=ture\n'));

/**
 * Runs `kubefort bench ARGS` and counts the reads of /etc/hostname: the collector reads it exactly once per
 * collection (src/collect/node/index.ts), and nothing else reads it, so the count is the number of collections.
 */
async function collections(args: string[]): Promise<{ count: number; code: number; out: string }> {
  const readText = mock.method(NodeFs.prototype, 'readText');
  try {
    const ctx = captureContext();
    const code = await run(['bench', '--root', root, ...args], ctx);
    const count = readText.mock.calls.filter((call) => call.arguments[0] === '/etc/hostname').length;
    return { count, code, out: ctx.out.join('') };
  } finally {
    readText.mock.restore();
  }
}

for (const output of ['text', 'json', 'junit'] as const) {
  test(`bench --output ${output} collects the node facts once per run, and the manifest validation (MV) still reports from them`, async () => {
    const { count, code, out } = await collections(['--check', '1.4.1', '--output', output]);
    assert.equal(count, 1, 'one collection for the benchmark and its validation hook');
    assert.equal(code, 1, 'MV003 blocks the scheduler from starting: the run fails');
    assert.match(out, /MV003/);
  });
}

test('bench run (kube-bench\'s spelling) also collects once', async () => {
  const { count } = await collections(['run', '--check', '1.4.1']);
  assert.equal(count, 1);
});
