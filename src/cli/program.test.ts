import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './program.js';
import { captureContext } from '../../test/helpers/cli.js';


test('--help exits 0 and describes the exit codes', async () => {
  const ctx = captureContext();
  assert.equal(await run(['--help'], ctx), 0);
  assert.match(ctx.out.join(''), /Exit codes: 0 nothing found, 1 a check failed/);
});

test('an unknown command is a usage error: exit 2, no stack trace', async () => {
  const ctx = captureContext();
  assert.equal(await run(['no-such-command'], ctx), 2);
  assert.doesNotMatch(ctx.err.join(''), /at .*\.ts:\d+/);
});
