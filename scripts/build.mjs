// Bundles the CLI into one ESM file so that start-up reads one module instead of hundreds.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// The output directory: dist, or the one given (tests bundle into a temporary directory).
const outdir = process.argv[2] ?? 'dist';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outdir,
  entryNames: 'kubefort',
  chunkNames: 'chunks/[name]-[hash]',
  // Rarely used, heavy parts (Sigstore bundle verification) are dynamic imports in their own chunks.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);" },
});
