import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './program.js';
import type { CliContext } from './context.js';

export function captureContext(overrides: Partial<CliContext> = {}): CliContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    color: false,
    isTTY: false,
    env: {},
    now: () => new Date('2026-11-23T12:00:00Z'),
    cwd: process.cwd(),
    readStdin: () => '',
    ...overrides,
  };
}

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
