// Runs every *.test.ts under src/ and test/ with node:test through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
// Fuzz tests live in test/fuzz/*.test.ts and are found like the others; each is seeded and bounded (about half a
// minute). KUBEFORT_FUZZ_SEED and KUBEFORT_FUZZ_ITERATIONS reproduce a failure or widen a run, e.g.
//   KUBEFORT_FUZZ_SEED=7 KUBEFORT_FUZZ_ITERATIONS=2000 node scripts/test.mjs test/fuzz/objects-fuzz.test.ts
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];
const files = [];
for (const root of roots) {
  if (root.endsWith('.test.ts')) { files.push(root); continue; }
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.test.ts') && !join(entry.parentPath, entry.name).includes('fixtures')) {
      files.push(join(entry.parentPath, entry.name));
    }
  }
}
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// The tests get a temp dir of their own (TMPDIR): whatever a test leaves behind there is found and removed
// here, and a leftover kubefort-* directory fails the run, so no test leaves /tmp/kubefort-* behind.
const testTmp = mkdtempSync(join(tmpdir(), 'kubefort-test-run-'));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit', env: { ...process.env, TMPDIR: testTmp } });
const left = readdirSync(testTmp).filter((name) => name.startsWith('kubefort-')).sort();
rmSync(testTmp, { recursive: true, force: true });
if (left.length > 0) {
  console.error(`tests left ${left.length} temporary director${left.length === 1 ? 'y' : 'ies'} behind (remove them in an after() hook, or use test/helpers/tmp.ts): ${left.join(', ')}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
