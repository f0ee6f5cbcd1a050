import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';

const FIX = 'test/fixtures/netpol';

async function cli(argv: string[], code: number): Promise<{ out: string; err: string }> {
  const ctx = captureContext();
  assert.equal(await run(argv, ctx), code, `${argv.join(' ')}: ${ctx.err.join('')}`);
  return { out: ctx.out.join(''), err: ctx.err.join('') };
}

test('netpol diff compares external ranges over a common partition and prints exactly what changed', async () => {
  const { out } = await cli(['netpol', 'diff', `${FIX}/diff-ranges/before.yaml`, `${FIX}/diff-ranges/after.yaml`], 1);
  assert.equal(out, [
    '- workload app/legacy[Pod]',
    '+ workload app/worker[Deployment]',
    '~ app/batch[Deployment] => 10.1.0.0-10.1.255.255[External] : TCP 443 -> TCP 443,8443',
    // Not "- 0.0.0.0-255.255.255.255 / + 0.0.0.0-127.255.255.255": the lower half did not change.
    '- app/web[Deployment] => 128.0.0.0-255.255.255.255[External] : All Connections',
    '0 added, 1 removed, 1 changed; workloads: 1 added, 1 removed',
    '',
  ].join('\n'));
  const json = JSON.parse((await cli(['netpol', 'diff', `${FIX}/diff-ranges/before.yaml`, `${FIX}/diff-ranges/after.yaml`, '-o', 'json'], 1)).out) as Record<string, unknown>;
  assert.deepEqual(json.workloadsAdded, ['app/worker[Deployment]']);
  assert.deepEqual(json.workloadsRemoved, ['app/legacy[Pod]']);
  assert.deepEqual(json.removed, [{ src: 'app/web[Deployment]', dst: '128.0.0.0-255.255.255.255[External]', conn: 'All Connections', ports: 'all' }]);
});

test('ranges cut differently on the two sides but allowing the same are no difference', async () => {
  // before-cut.yaml writes before.yaml's ipBlocks as halves (0.0.0.0/1 + 128.0.0.0/1, 10.0.0.0/9 + 10.128.0.0/9).
  const same = await cli(['netpol', 'diff', `${FIX}/diff-ranges/before.yaml`, `${FIX}/diff-ranges/before-cut.yaml`], 0);
  assert.equal(same.out, '0 added, 0 removed, 0 changed\n');
  // And against after.yaml it gives exactly what before.yaml gives.
  const a = await cli(['netpol', 'diff', `${FIX}/diff-ranges/before.yaml`, `${FIX}/diff-ranges/after.yaml`], 1);
  assert.equal((await cli(['netpol', 'diff', `${FIX}/diff-ranges/before-cut.yaml`, `${FIX}/diff-ranges/after.yaml`], 1)).out, a.out);
});

test('diff and list exit 2 when a document cannot be read, unless --allow-partial', async () => {
  const partial = `${FIX}/partial/broken-flow.yaml`;
  const list = await cli(['netpol', 'list', partial], 2);
  assert.match(list.err, /warning: test\/fixtures\/netpol\/partial\/broken-flow\.yaml:\d+:\d+: /);
  assert.match(list.err, /kubefort: 1 document\(s\) or file\(s\) could not be read: not answering on partial input \(--allow-partial answers anyway\)/);
  assert.equal(list.out, '');
  await cli(['netpol', 'diff', partial, `${FIX}/diff-ranges/after.yaml`], 2);
  assert.match((await cli(['netpol', 'list', partial, '--allow-partial'], 0)).out, /p\/b\[Pod\]/);
  await cli(['netpol', 'diff', partial, partial, '--allow-partial'], 0);
});

test('list and diff: two files joined without --- warn with both locations of each repeated key, and still answer', async () => {
  const joined = 'test/fixtures/objects/kubectl-compat/concatenated.yaml';
  const warning = /^kubefort: warning: test\/fixtures\/objects\/kubectl-compat\/concatenated\.yaml:10:1: duplicate key "metadata" in one mapping \(first at test\/fixtures\/objects\/kubectl-compat\/concatenated\.yaml:3:1\)/m;
  const list = await cli(['netpol', 'list', joined], 0);
  assert.match(list.err, warning);
  assert.match(list.out, /^shop\/two\[Pod\] => /m);
  assert.match((await cli(['netpol', 'diff', joined, joined], 0)).err, warning);
});
