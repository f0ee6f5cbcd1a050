import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Bundles the CLI with `npm run build`'s own script into DIR/dist, with the kubectl plugin launcher in DIR/bin. */
export async function buildPlugin(dir: string): Promise<string> {
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', join(dir, 'dist')]);
  mkdirSync(join(dir, 'bin'), { recursive: true });
  for (const name of ['kubefort', 'kubectl-fort']) copyFileSync(join('bin', name), join(dir, 'bin', name));
  return join(dir, 'bin');
}
