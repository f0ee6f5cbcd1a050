import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubefort } from '../helpers/cli.js';
import { materializeCase } from '../../scripts/materialize-fixture.mjs';
import { applyOps, mutateJson, mutateRoot, mutateSums, prng, type Op } from './node-mutations.js';

/**
 * Node-root fuzzing: real node fixtures mutated (file contents, links out of the root, FIFOs, huge sparse files) and
 * run through `collect --root`, `bench --root` and `verify --root|--check|--bundle`, in process and a few times
 * through the built CLI with a small heap and a timeout. Every run must end with exit 0, 1 or 2, without
 * "internal error", without a stack trace, in bounded memory. Seeded and deterministic (KUBEFORT_FUZZ_SEED to
 * explore other seeds); an input that ever failed is kept in test/fixtures/fuzz/node/ and replayed first.
 */
const SEED = Number(process.env.KUBEFORT_FUZZ_SEED ?? 13);
const ROOT_ITERATIONS = Number(process.env.KUBEFORT_FUZZ_ROOTS ?? 70);
const CASES = ['kubeadm-1.32-controlplane', 'worker-config-dir', 'etcd-systemd-environ', 'worker-custom-json-config', 'kubeadm-1.32-hardened'] as const;
const REGRESSIONS = join(import.meta.dirname, '..', 'fixtures', 'fuzz', 'node');
const BINARIES = join(import.meta.dirname, '..', 'fixtures', 'binaries');
const MEMORY_BOUND = 1.5 * 1024 ** 3;

let work = '';
before(() => {
  work = mkdtempSync(join(tmpdir(), 'kubefort-fuzz-'));
  for (const name of CASES) materializeCase(name, join(work, `base-${name}`));
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Outcome { code: number; out: string; err: string }
async function cli(args: string[], cwd = work): Promise<Outcome> {
  return kubefort(args, { cwd });
}

function assertSane(result: Outcome, what: string): void {
  const text = result.out + result.err;
  assert.ok([0, 1, 2].includes(result.code), `${what}: exit ${result.code}\n${result.err.slice(0, 2000)}`);
  assert.doesNotMatch(text, /internal error/, `${what}: ${result.err.slice(0, 2000)}`);
  assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+\)?\n/, `${what}: a stack trace`);
  assert.ok(process.memoryUsage().rss < MEMORY_BOUND, `${what}: rss ${process.memoryUsage().rss}`);
}

/** A fresh copy of a materialized fixture with `ops` applied. */
function mutatedRoot(caseName: string, ops: readonly Op[], label: string): string {
  const root = join(work, label);
  rmSync(root, { recursive: true, force: true });
  cpSync(join(work, `base-${caseName}`), root, { recursive: true, verbatimSymlinks: true });
  applyOps(root, ops);
  return root;
}

async function runRoot(root: string, rng: ReturnType<typeof prng>): Promise<Array<[string, Outcome]>> {
  const format = rng.pick(['text', 'json', 'junit']);
  return [
    ['collect --root', await cli(['collect', '--root', root])],
    [`bench --root --output ${format}`, await cli(['bench', '--root', root, '--output', format, '--include-evidence'])],
    ['verify --root', await cli(['verify', '--root', root, '-o', rng.pick(['text', 'json'])])],
  ];
}

test('kept regression inputs (test/fixtures/fuzz/node) still end cleanly', async () => {
  const files = existsSync(REGRESSIONS) ? readdirSync(REGRESSIONS).filter((f) => f.endsWith('.json')).sort() : [];
  for (const file of files) {
    const kept = JSON.parse(readFileSync(join(REGRESSIONS, file), 'utf8')) as { case: (typeof CASES)[number]; ops: Op[] };
    const root = mutatedRoot(kept.case, kept.ops, 'regression');
    for (const [command, outcome] of await runRoot(root, prng(SEED))) assertSane(outcome, `${file}: ${command}`);
  }
});

test(`mutated node roots (seed ${SEED}, ${ROOT_ITERATIONS} roots): collect, bench and verify --root end cleanly`, async () => {
  const rng = prng(SEED);
  for (let i = 0; i < ROOT_ITERATIONS; i++) {
    const caseName = rng.pick(CASES);
    const base = join(work, `base-${caseName}`);
    const ops = mutateRoot(rng, base);
    const root = mutatedRoot(caseName, ops, 'root');
    // KUBEFORT_FUZZ_LOG=FILE records each input before it runs: the last one is the culprit of a hang.
    if (process.env.KUBEFORT_FUZZ_LOG) writeFileSync(process.env.KUBEFORT_FUZZ_LOG, JSON.stringify({ case: caseName, ops }));
    for (const [command, outcome] of await runRoot(root, rng)) {
      // On failure the message carries the ops: save them as test/fixtures/fuzz/node/<name>.json to keep the case.
      assertSane(outcome, `${command} on ${JSON.stringify({ case: caseName, ops }).slice(0, 4000)}`);
    }
  }
});

test(`mutated checksum lists (seed ${SEED}): verify --check [--warn|--status|--strict|--quiet] ends cleanly`, async () => {
  const rng = prng(SEED + 1);
  const dir = join(work, 'check');
  cpSync(join(BINARIES, 'check'), dir, { recursive: true });
  const seeds = ['mixed.sums', 'failing.sums', 'tagged.sums', 'crlf-single-space.sums'].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  for (let i = 0; i < 60; i++) {
    writeFileSync(join(dir, 'SUMS'), mutateSums(rng, seeds));
    const flags = [rng.pick([[], ['--warn'], ['--status'], ['--quiet'], ['--strict'], ['--ignore-missing'], ['--status', '--warn']])].flat();
    const viaStdin = rng.int(3) === 0;
    const ran = await kubefort(['verify', '-c', ...(viaStdin ? [] : ['SUMS']), ...flags], { cwd: dir, readStdin: () => readFileSync(join(dir, 'SUMS'), 'utf8') });
    assertSane(ran, `verify -c ${flags.join(' ')}: ${JSON.stringify(readFileSync(join(dir, 'SUMS'), 'utf8')).slice(0, 2000)}`);
  }
});

test(`mutated Sigstore bundles and trusted roots (seed ${SEED}): verify --bundle and --certificate end cleanly`, async () => {
  const rng = prng(SEED + 2);
  const dir = join(work, 'bundle');
  cpSync(join(BINARIES, 'bundle'), dir, { recursive: true });
  const bundle = JSON.parse(readFileSync(join(dir, 'kubectl.sigstore.json'), 'utf8')) as unknown;
  const root = JSON.parse(readFileSync(join(dir, 'trusted_root.json'), 'utf8')) as unknown;
  for (let i = 0; i < 80; i++) {
    const which = rng.int(3);
    writeFileSync(join(dir, 'b.json'), JSON.stringify(which === 1 ? bundle : mutateJson(rng, bundle)));
    writeFileSync(join(dir, 'r.json'), JSON.stringify(which === 0 ? root : mutateJson(rng, root)));
    const args = rng.int(4) === 0
      ? ['verify', 'kubectl', '--signature', 'kubectl.sig', '--certificate', 'kubectl.cert', '--trusted-root', 'r.json']
      : ['verify', 'kubectl', '--bundle', 'b.json', '--trusted-root', 'r.json', ...(rng.int(2) === 0 ? ['--insecure-ignore-sct'] : [])];
    const outcome = await cli(args, dir);
    assertSane(outcome, `${args.join(' ')} with ${readFileSync(join(dir, which === 0 ? 'b.json' : 'r.json'), 'utf8').slice(0, 3000)}`);
    // eslint-disable-next-line no-control-regex -- output must hold no raw control characters
    assert.doesNotMatch(outcome.out + outcome.err, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'printable output only');
  }
});

test('the built CLI with a 192 MiB heap: huge, endless and blocking inputs end with 0, 1 or 2 within the timeout', async () => {
  const { build } = await import('esbuild');
  const out = join(work, 'dist');
  await build({
    entryPoints: [join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts')], outdir: out, entryNames: 'kubefort', bundle: true, splitting: true,
    platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
    banner: { js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);" },
  });
  const root = mutatedRoot('kubeadm-1.32-controlplane', [
    { op: 'sparse', path: '/var/lib/kubelet/config.yaml', size: 2 * 1024 ** 3 },
    { op: 'sparse', path: '/proc/1391/cmdline', size: 300 * 1024 ** 2 },
    { op: 'fifo', path: '/etc/kubernetes/manifests/etcd.yaml' },
    { op: 'symlink', path: '/proc/1043', target: '../../../../../../../proc/self' },
  ], 'built');
  writeFileSync(join(work, 'SUMS'), `${'a'.repeat(64)}  x\n`);
  truncateSync(join(work, 'SUMS'), 1.5 * 1024 ** 3);
  copyFileSync(join(BINARIES, 'check', 'kubectl'), join(work, 'kubectl'));
  const zero = openSync('/dev/zero', 'r');
  try {
    const runs: Array<[string[], number | 'pipe']> = [
      [['collect', '--root', root], 'pipe'],
      [['bench', '--root', root, '--output', 'json', '--include-evidence'], 'pipe'],
      [['verify', '--root', root], 'pipe'],
      [['verify', '-c', 'SUMS'], 'pipe'],
      [['verify', '-c', '-'], zero],
      [['verify', 'kubectl', '--checksum', '/dev/zero'], 'pipe'],
      [['bench', '--facts', '/dev/zero'], 'pipe'],
    ];
    for (const [args, stdin] of runs) {
      const result = spawnSync(process.execPath, ['--max-old-space-size=192', join(out, 'kubefort.js'), ...args], {
        cwd: work, stdio: [stdin, 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 * 1024 ** 2, encoding: 'utf8',
      });
      const what = `kubefort ${args.join(' ')}`;
      assert.equal(result.signal, null, `${what}: killed (${result.signal}): ${result.stderr.slice(0, 500)}`);
      assertSane({ code: result.status ?? -1, out: result.stdout, err: result.stderr }, what);
    }
  } finally {
    closeSync(zero);
  }
});
