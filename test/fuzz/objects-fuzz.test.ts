/**
 * Mutation fuzzing of everything that reads Kubernetes objects: the loaders, and every command that takes
 * object files (netpol list/lint/diff/graph/eval, bench --manifests) through the in-process CLI, plus the worst
 * inputs through the bundled CLI in a child process whose heap is capped, for the memory bound.
 * Seeded and deterministic: KUBEFORT_FUZZ_SEED and KUBEFORT_FUZZ_ITERATIONS reproduce or widen a run.
 * Every input that ever crashed is kept under test/fixtures/fuzz/objects/ and replayed on each run.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { loadObjects } from '../../src/collect/objects.js';
import { parseYamlText } from '../../src/collect/yaml-source.js';
import { buildModel } from '../../src/netpol/model.js';
import { workloadId } from '../../src/netpol/workloads.js';
import { kubefort } from '../helpers/cli.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { mutate, seeded } from './yaml-mutations.js';

const SEED = Number(process.env.KUBEFORT_FUZZ_SEED ?? 0x13f00d);
const ITERATIONS = Number(process.env.KUBEFORT_FUZZ_ITERATIONS ?? 200);
/** Mutated inputs are cut at this size: the point is hostile shapes, not throughput (bench/ measures that). */
const MAX_INPUT = 3_000_000;
const REGRESSIONS = 'test/fixtures/fuzz/objects';

const CORPUS = [
  'test/fixtures/objects/apiserver/shop-defaults.yaml',
  'test/fixtures/objects/apiserver/rbac-served.yaml',
  'test/fixtures/objects/kubectl-compat/tabs-in-flow.yaml',
  'test/fixtures/objects/kubectl-compat/merge-keys.yaml',
  'test/fixtures/objects/list-kinds/netpols.json',
  'test/fixtures/objects/seed-g04/policies.yaml',
  'test/fixtures/objects/seed-g04/ng04.yml',
  'test/fixtures/objects/shapes/wrong-types.yaml',
  'test/fixtures/netpol/seed-a12/a12.yaml',
].filter((f) => { try { return readFileSync(f).length > 0; } catch { return false; } });

const work = mkdtempSync(join(tmpdir(), 'kubefort-fuzz-objects-'));
let root = '';
let facts = '';
let bundle = '';
before(async () => {
  root = materializeNodeFixture('kubeadm-1.32-controlplane');
  facts = join(work, 'facts.json');
  const collected = await cli(['collect', '--root', root, '--output', facts]);
  assert.equal(collected.code, 0, collected.err);
  await build({
    entryPoints: ['src/cli/main.ts'], outfile: join(work, 'bundle', 'kubefort.mjs'), bundle: true, platform: 'node', format: 'esm',
    target: 'node20', logLevel: 'warning',
    banner: { js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);" },
  });
  bundle = join(work, 'bundle', 'kubefort.mjs');
});
after(() => {
  if (root !== '') removeNodeFixture(root);
  rmSync(work, { recursive: true, force: true });
});

async function cli(args: string[], stdin = '') {
  return kubefort(args, { readStdin: () => stdin });
}

/** What no input may cause: an exit code outside 0/1/2, an internal error, a stack trace. */
function assertHandled(what: string, result: { code: number | null; err: string; out?: string }): void {
  assert.ok(result.code === 0 || result.code === 1 || result.code === 2, `${what}: exit ${result.code}\n${result.err.slice(0, 2000)}`);
  assert.doesNotMatch(result.err, /internal error/, `${what}: ${result.err.slice(0, 2000)}`);
  // A V8 stack frame: `    at fn (file:///…/x.js:1:2)` or `    at node:internal/…:1:2` (findings' `at file:line` are not).
  assert.doesNotMatch(`${result.err}\n${result.out ?? ''}`, /^\s+at .*(?:\.[cm]?[jt]s|node:[\w/]+):\d+:\d+\)?$/m, `${what}: stack trace`);
}

/** Endpoints for `netpol eval`: two workloads of the unmutated fixture, or plain names. */
function endpoints(file: string): [string, string] {
  const ids = buildModel(loadObjects([file])).workloads.map((w) => workloadId(w));
  return [ids[0] ?? 'default/a', ids[1] ?? ids[0] ?? 'default/b'];
}

const COMMANDS: ((file: string, original: string, dir: string, pair: [string, string]) => string[])[] = [
  (file) => ['netpol', 'list', file, '-o', 'text'],
  (file) => ['netpol', 'list', file, '-o', 'dot'],
  (file) => ['netpol', 'list', file, '-o', 'mermaid'],
  (file) => ['netpol', 'lint', file],
  (file, original) => ['netpol', 'diff', original, file],
  (file) => ['netpol', 'graph', file],
  (file, _o, _d, [from, to]) => ['netpol', 'eval', file, '--from', from, '--to', to, '--port', '80'],
  (_f, _o, dir) => ['bench', '--facts', facts, '--manifests', dir, '--targets', 'policies', '--include-evidence'],
  // Areas that joined main later and read the same object files.
  (file) => ['rbac', file],
  (file) => ['ingress', file],
];

/** Loaders and every command on one input text. */
async function exercise(what: string, text: string, original: string, pair: [string, string], commands: number[]): Promise<void> {
  assert.doesNotThrow(() => parseYamlText(text, 'fuzz.yaml'), what);
  assert.doesNotThrow(() => loadObjects(['-'], { readStdin: () => text }), what);
  const dir = mkdtempSync(join(work, 'case-'));
  const file = join(dir, 'objects.yaml');
  writeFileSync(file, text);
  for (const index of commands) {
    const args = (COMMANDS[index] as (typeof COMMANDS)[number])(file, original, dir, pair);
    assertHandled(`${what}: kubefort ${args.join(' ')}`, await cli(args));
  }
  rmSync(dir, { recursive: true, force: true });
}

test(`fuzz: ${ITERATIONS} mutations of real fixtures through the loaders and every command (seed ${SEED})`, async () => {
  const random = seeded(SEED);
  const pairs = new Map(CORPUS.map((f) => [f, endpoints(f)]));
  const applied = new Map<string, number>();
  for (let i = 0; i < ITERATIONS; i++) {
    const original = CORPUS[Math.floor(random() * CORPUS.length)] as string;
    const mutation = mutate(random, readFileSync(original, 'utf8'));
    for (const name of mutation.applied) applied.set(name, (applied.get(name) ?? 0) + 1);
    const text = mutation.text.slice(0, MAX_INPUT);
    // Two commands per input, rotating, so that every command meets every kind of mutation.
    const commands = [i % COMMANDS.length, (i * 5 + 3) % COMMANDS.length];
    await exercise(`seed ${SEED} iteration ${i} (${mutation.applied.join(' + ')} of ${original})`, text, original, pairs.get(original) ?? ['a/a', 'a/b'], commands);
  }
  assert.ok(applied.size >= 15, `only ${applied.size} kinds of mutation were drawn`);
});

test('every input the fuzzer ever crashed on is replayed through the loaders and every command', async () => {
  const files = readdirSync(REGRESSIONS).sort();
  assert.ok(files.length > 0);
  for (const name of files) {
    const text = readFileSync(join(REGRESSIONS, name), 'latin1');
    await exercise(`${REGRESSIONS}/${name}`, text, CORPUS[0] as string, ['shop/web[Deployment]', 'shop/web[Deployment]'], COMMANDS.map((_c, i) => i));
  }
});

/** The worst shapes of each class, at full size, for the bundled CLI under a 192 MiB heap. */
function worstInputs(): [string, string][] {
  const bomb = Array.from({ length: 12 }, (_, i) => (i === 0 ? 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]' : `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`)).join('\n');
  return [
    ['alias bomb', `kind: ConfigMap\nmetadata: {name: bomb}\n${bomb}\n`],
    ['900 aliases of a 1 MB string', `kind: ConfigMap\nmetadata: {name: wide}\ns: &s "${'x'.repeat(1_000_000)}"\nl: [${Array(900).fill('*s').join(', ')}]\n`],
    ['a 1 MB line of [', '['.repeat(1_000_000)],
    ['5,000 levels of block mappings', Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
    ['a 100 KB tab-indented file', `kind: Pod\nmetadata:\n${'\tname: x\n'.repeat(12_000)}`],
    ['20,000 documents', Array.from({ length: 20_000 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: n${i}}\n`).join('---\n')],
    ['binary garbage', Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
    // Valid, but more than a 192 MiB heap can parse with positions: refused by the heap-derived limit, not OOM.
    ['40 MB of valid objects', `${'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {k: v}\n---\n'.repeat(550_000)}`],
  ];
}

test('the bundled CLI stays within a 192 MiB heap and a time bound on the worst inputs, devices and FIFOs included', () => {
  const cases = worstInputs().map(([name, text]) => {
    const file = join(work, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, text, 'latin1');
    return [name, file] as const;
  });
  const fifo = join(work, 'fifo.yaml');
  spawnSync('mkfifo', [fifo]);
  const BENCH_TOO = new Set(['alias bomb', 'a 1 MB line of [', '/dev/zero']);
  for (const [name, path] of [...cases, ['/dev/zero', '/dev/zero'], ['a FIFO without writer', fifo]] as const) {
    const commands = [['netpol', 'list', path], ...(BENCH_TOO.has(name) ? [['bench', '--facts', facts, '--manifests', path, '--targets', 'policies']] : [])];
    for (const args of commands) {
      const child = spawnSync(process.execPath, ['--max-old-space-size=192', bundle, ...args], { encoding: 'utf8', timeout: 60_000, input: '' });
      assert.equal(child.signal, null, `${name}: ${args.join(' ')} killed by ${child.signal} (time bound)`);
      assertHandled(`${name}: kubefort ${args.join(' ')}`, { code: child.status, err: child.stderr, out: child.stdout });
      if (name.startsWith('40 MB')) assert.match(child.stderr, /the input is larger than .* in all, what Node's heap of .* can hold .*; not read; raise the heap too: NODE_OPTIONS=--max-old-space-size=\d+$/m);
    }
  }
});
