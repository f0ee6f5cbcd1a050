/**
 * Standard input of the real CLI is bounded: `cat /dev/zero | kubefort netpol list -` stops at the limit with one
 * line and exit 2 instead of reading until the process is killed. Run through the bundled CLI in a child process
 * whose heap is capped, so an unbounded read would end in a crash or a kill, not in a pass.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { tempDir } from '../helpers/tmp.js';

const work = tempDir('stdin-limit');
const bundle = join(work, 'kubefort.mjs');
before(async () => {
  await build({
    entryPoints: ['src/cli/main.ts'], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
    banner: { js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);" },
  });
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Exit { code: number | null; signal: NodeJS.Signals | null; err: string; out: string }

/** `cat /dev/zero | node --max-old-space-size=64 kubefort ARGS`, killed after a minute (a bound, not an assertion on time). */
function fromZero(args: readonly string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const cat = spawn('cat', ['/dev/zero'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const child = spawn(process.execPath, ['--max-old-space-size=64', bundle, ...args], { stdio: [cat.stdout, 'pipe', 'pipe'], timeout: 60_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      cat.kill();
      resolve({ code, signal, err, out });
    });
  });
}

for (const args of [['netpol', 'list', '-'], ['bench', '--targets', 'policies', '--manifests', '-']]) {
  test(`stdin: cat /dev/zero | kubefort ${args.join(' ')} stops at the limit with one line and exit 2`, async () => {
    const ran = await fromZero(args);
    assert.equal(ran.signal, null, `killed by ${ran.signal}: ${ran.err.slice(0, 500)}`);
    assert.equal(ran.code, 2, ran.err.slice(0, 500));
    assert.equal(ran.out, '');
    assert.equal(ran.err.split('\n').filter((l) => l !== '').length, 1, ran.err.slice(0, 500));
    assert.match(ran.err, /^kubefort: .*<stdin>: larger than 64 MiB \(the limit for one file\); not read/);
    assert.doesNotMatch(ran.err, /internal error|heap|\n\s+at /);
  });
}
