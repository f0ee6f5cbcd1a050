// What every bench script starts with: where the repository and its CLI are, and a refusal to time a stale or
// missing build (the scripts time bin/kubefort, which runs dist/kubefort.js).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cli = join(repo, 'bin', 'kubefort');

/** Exits 2 (could not measure) when `npm run build` has not been run. */
export function requireBuild() {
  if (!existsSync(join(repo, 'dist', 'kubefort.js'))) {
    console.error('dist/kubefort.js is missing: run `npm run build` first');
    process.exit(2);
  }
}

/** Builds dist/ (for the scripts that time a fresh build rather than refuse a missing one). */
export function build() {
  execFileSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: repo, stdio: 'inherit' });
}
