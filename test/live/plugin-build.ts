import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Bundles the CLI as `npm run build` does, into DIR/dist, with the kubectl plugin launcher in DIR/bin. */
export async function buildPlugin(dir: string): Promise<string> {
  await build({
    entryPoints: ['src/cli/main.ts'],
    outdir: join(dir, 'dist'),
    entryNames: 'kubefort',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);" },
  });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  for (const name of ['kubefort', 'kubectl-fort']) copyFileSync(join('bin', name), join(dir, 'bin', name));
  return join(dir, 'bin');
}
