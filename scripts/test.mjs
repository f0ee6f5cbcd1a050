// Runs every *.test.ts under src/ and test/ with node:test through tsx.
// Node 20's --test does not expand globs, so the files are listed here.
// Fuzz tests live in test/fuzz/*.test.ts and are found like the others; each is seeded and bounded (about half a
// minute). KUBEFORT_FUZZ_SEED and KUBEFORT_FUZZ_ITERATIONS reproduce a failure or widen a run, e.g.
//   KUBEFORT_FUZZ_SEED=7 KUBEFORT_FUZZ_ITERATIONS=2000 node scripts/test.mjs test/fuzz/objects-fuzz.test.ts
import { readdirSync } from 'node:fs';
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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
