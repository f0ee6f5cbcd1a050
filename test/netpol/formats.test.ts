import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';

const FIX = 'test/fixtures/netpol';

async function cli(argv: string[], code: number): Promise<string> {
  const ctx = captureContext();
  assert.equal(await run(argv, ctx), code, `${argv.join(' ')}: ${ctx.err.join('')}`);
  return ctx.out.join('');
}

test("list -o json --json-compat is netpol-analyzer's top-level array", async () => {
  const rows = JSON.parse(await cli(['netpol', 'list', `${FIX}/seed-g04`, '-o', 'json', '--json-compat'], 0)) as unknown[];
  assert.ok(Array.isArray(rows));
  assert.deepEqual(rows.find((r) => (r as { dst: string }).dst === 'g04/backend[Pod]'), { src: 'g04/frontend[Pod]', dst: 'g04/backend[Pod]', conn: 'TCP 3000' });
  await cli(['netpol', 'list', `${FIX}/seed-g04`, '--json-compat'], 2);
});

test('DOT and mermaid draw isolated workloads too', async () => {
  // The quarantined pod has no connection at all.
  const dot = await cli(['netpol', 'list', `${FIX}/splits/quarantine.yaml`, '-o', 'dot'], 0);
  assert.match(dot, /\[label="api\[Deployment\]\{quarantine=true\}"\]/);
  const mermaid = await cli(['netpol', 'list', `${FIX}/splits/quarantine.yaml`, '-o', 'mermaid'], 0);
  assert.match(mermaid, /\("api\[Deployment\]\{quarantine=true\}"\)/);
});

test('--focus takes a bare name and a list; --focus-direction keeps one direction', async () => {
  const both = await cli(['netpol', 'list', `${FIX}/seed-g04`, '--focus', 'backend,other'], 0);
  assert.match(both, /^default\/other\[Pod\] => /m);
  assert.match(both, /=> g04\/backend\[Pod\]/);
  const ingress = await cli(['netpol', 'list', `${FIX}/seed-g04`, '--focus', 'backend', '--focus-direction', 'ingress'], 0);
  assert.equal(ingress, 'g04/frontend[Pod] => g04/backend[Pod] : TCP 3000\n');
  await cli(['netpol', 'list', `${FIX}/seed-g04`, '--focus-direction', 'ingress'], 2);
});

test('--dirpath is one more input path for list, lint and graph, as netpol-analyzer spells it', async () => {
  const byPath = await cli(['netpol', 'list', `${FIX}/seed-g04`], 0);
  assert.ok(byPath.length > 0);
  assert.equal(await cli(['netpol', 'list', '--dirpath', `${FIX}/seed-g04`], 0), byPath);
  assert.equal(await cli(['netpol', 'lint', '--dirpath', `${FIX}/seed-g04`], 1), await cli(['netpol', 'lint', `${FIX}/seed-g04`], 1));
  assert.equal(await cli(['netpol', 'graph', '--dirpath', `${FIX}/seed-g04`], 0), await cli(['netpol', 'graph', `${FIX}/seed-g04`], 0));
});

test('--focus-direction holds for --explain and --exposure too', async () => {
  const heads = (out: string): string[] => out.split('\n').filter((l) => / => .* : /.test(l)).map((l) => l.replace(/ : .*/, ''));
  assert.deepEqual(heads(await cli(['netpol', 'list', `${FIX}/seed-g04`, '--explain', '--focus', 'backend', '--focus-direction', 'ingress'], 0)), [
    'default/other[Pod] => g04/backend[Pod]',
    'g04/frontend[Pod] => g04/backend[Pod]',
  ]);
  assert.deepEqual(heads(await cli(['netpol', 'list', `${FIX}/seed-g04`, '--explain', '--focus', 'backend', '--focus-direction', 'egress'], 0)), [
    'g04/backend[Pod] => default/other[Pod]',
    'g04/backend[Pod] => g04/frontend[Pod]',
  ]);
  const exposure = await cli(['netpol', 'list', `${FIX}/seed-g04`, '--exposure', '--focus', 'backend', '--focus-direction', 'ingress'], 0);
  assert.ok(exposure.length > 0);
  assert.deepEqual(exposure.split('\n').filter((l) => l !== '' && !l.includes(' <= ')), []);
});

test('diff in csv, md and dot; --dir1/--dir2 as netpol-analyzer spells them', async () => {
  const args = ['netpol', 'diff', '--dir1', `${FIX}/diff-ranges/before.yaml`, '--dir2', `${FIX}/diff-ranges/after.yaml`];
  assert.equal(await cli([...args, '-o', 'csv'], 1), [
    'change,src,dst,before,after',
    'workload removed,app/legacy[Pod],,,',
    'workload added,app/worker[Deployment],,,',
    'changed,app/batch[Deployment],10.1.0.0-10.1.255.255[External],TCP 443,"TCP 443,8443"',
    'removed,app/web[Deployment],128.0.0.0-255.255.255.255[External],All Connections,',
    '',
  ].join('\n'));
  assert.match(await cli([...args, '-o', 'md'], 1), /^\| removed \| app\/web\[Deployment\] \| 128\.0\.0\.0-255\.255\.255\.255\[External\] \| All Connections \| {2}\|$/m);
  const dot = await cli([...args, '-o', 'dot'], 1);
  assert.match(dot, /-> n\d+ \[label="All Connections" color=red style=dashed\]/);
  assert.match(dot, /\[label="app\/worker\[Deployment\]" color=green\]/);
});
