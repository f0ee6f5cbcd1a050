/**
 * Every command starts from one bundle (scripts/build.mjs). @kubernetes/client-node is large (about 85 ms to load
 * on the project machine, docs/performance.md) and only runs that read a cluster need it: it must stay behind a
 * dynamic import, never on a static import path from the CLI's entry point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

async function staticImports(): Promise<Map<string, string[]>> {
  const result = await build({
    entryPoints: ['src/cli/main.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', splitting: true,
    outdir: 'unused', metafile: true, write: false, logLevel: 'silent',
  });
  return new Map(Object.entries(result.metafile.inputs).map(([file, input]) => [file, input.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path)]));
}

/** The chain of static imports from `from` to the first file `wanted` accepts, or undefined. */
function chainTo(graph: Map<string, string[]>, from: string, wanted: (file: string) => boolean): string[] | undefined {
  const previous = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (wanted(file)) {
      const chain: string[] = [];
      for (let at: string | undefined = file; at !== undefined; at = previous.get(at)) chain.unshift(at);
      return chain;
    }
    for (const next of graph.get(file) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return undefined;
}

test('startup: @kubernetes/client-node is not statically imported by the CLI (only runs that read a cluster load it)', async () => {
  const graph = await staticImports();
  const client = (file: string): boolean => file.includes('node_modules/@kubernetes/client-node/');
  assert.ok([...graph.keys()].some(client), 'the bundle includes client-node (behind a dynamic import)');
  const chain = chainTo(graph, 'src/cli/main.ts', client);
  assert.equal(chain, undefined, `static import chain: ${chain?.join(' -> ')}`);
  // The check finds such a chain where one exists: the live loader itself imports it statically.
  assert.ok(chainTo(graph, 'src/collect/live/load.ts', client));
});
