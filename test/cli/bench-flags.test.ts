import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { errLines, kubefort } from '../helpers/cli.js';

const demo = materializeNodeFixture('kubeadm-1.32-controlplane');
const scratch = mkdtempSync(join(tmpdir(), 'kubefort-flags-'));
after(() => {
  removeNodeFixture(demo);
  rmSync(scratch, { recursive: true, force: true });
});

interface Json {
  benchmark: string;
  benchmarkReason: string;
  targets: string[];
  controls: { target: string; groups: { checks: { id: string; scored: boolean }[] }[] }[];
}
const ids = (out: string) => (JSON.parse(out) as Json).controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => k.id)));

test('bench --version V is kube-bench\'s: the Kubernetes version to pick the benchmark by, not kubefort\'s version', async () => {
  const ran = await kubefort(['bench', '--version', '1.35', '--json', '--root', demo, '--check', '3.2.2']);
  assert.equal((JSON.parse(ran.out) as Json).benchmark, 'cis-2.0');
  assert.doesNotMatch(ran.out, /^0\.1\.0$/m);
  assert.equal((await kubefort(['--version'])).out, '0.1.0\n', 'kubefort --version alone still prints ours');
  const disagree = await kubefort(['bench', '--version', '1.35', '--k8s-version', '1.32', '--root', demo]);
  assert.equal(disagree.code, 2);
  assert.match(disagree.err, /^kubefort: --k8s-version 1\.32 and --version 1\.35 disagree/);
});

test('--k8s-version that is not a version is a usage error (exit 2, one line), before the node is read', async () => {
  for (const flag of ['--k8s-version', '--version']) {
    const ran = await kubefort(['bench', flag, 'banana', '--root', '/nonexistent']);
    assert.equal(ran.code, 2);
    assert.deepEqual(errLines(ran), ['kubefort: --k8s-version banana: not a Kubernetes version such as 1.32 or v1.32.4']);
    assert.equal(ran.out, '');
  }
});

test('--k8s-version 1.20 prints one line: the benchmark chosen, why, and where the version came from', async () => {
  const ran = await kubefort(['bench', '--k8s-version', '1.20', '--root', demo, '--check', '1.2.1']);
  const about = ran.out.split('\n').filter((l) => /1\.20|version/i.test(l));
  assert.deepEqual(about, ['[INFO] Benchmark cis-1.23: Kubernetes 1.20 maps to cis-1.20 in kube-bench, which is not bundled (older than every bundled benchmark); using the nearest, cis-1.23 (covers 1.22–1.23); 1.20 from --k8s-version']);
  const newer = await kubefort(['bench', '--k8s-version', 'v1.40.1', '--root', demo, '--check', '1.2.1', '--json']);
  assert.match((JSON.parse(newer.out) as Json).benchmarkReason, /^Kubernetes 1\.40 has no benchmark of its own \(newer than every bundled benchmark\); using the nearest, cis-2\.0/);
});

test('repeated list options accumulate, comma lists still work, short forms -c -g -s', async () => {
  const repeated = await kubefort(['bench', '--root', demo, '--check', '1.2.1', '--check', '1.2.15', '--json']);
  assert.deepEqual(ids(repeated.out), ['1.2.1', '1.2.15']);
  const short = await kubefort(['bench', '--root', demo, '-c', '1.2.1,1.2.15', '--json']);
  assert.deepEqual(ids(short.out), ['1.2.1', '1.2.15']);
  const groups = await kubefort(['bench', '--root', demo, '-g', '1.3', '-g', '4.3', '--json']);
  assert.deepEqual([...new Set(ids(groups.out).map((id) => id.split('.').slice(0, 2).join('.')))], ['1.3', '4.3']);
  const targets = await kubefort(['bench', '--root', demo, '--targets', 'master', '--targets', 'node', '--json']);
  assert.deepEqual((JSON.parse(targets.out) as Json).targets, ['master', 'node']);
  const s = await kubefort(['bench', '--root', demo, '-s', 'etcd', '-s', 'controlplane', '--json']);
  assert.deepEqual((JSON.parse(s.out) as Json).controls.map((c) => c.target), ['etcd', 'controlplane']);
  const skips = await kubefort(['bench', '--root', demo, '-g', '1.3', '--skip', '1.3.1', '--skip', '1.3.2', '--json']);
  assert.match(skips.out, /"id": "1\.3\.2",[^}]*"status": "INFO"/s);
});

/** [rule, argv] — every usage error: exit 2, one line `kubefort: ...` and at most one hint line. */
const USAGE: [string, string[]][] = [
  ['an unknown option', ['bench', '--bogus']],
  ['an unknown option with a suggestion', ['bench', '--chek', '1.2.1']],
  ['an option without its value', ['bench', '--root']],
  ['an invalid choice', ['bench', '--output', 'xml']],
  ['an invalid --fail-on', ['bench', '--fail-on', 'sometimes']],
  ['a boolean that is not one', ['bench', '--scored=maybe']],
  ['conflicting formats --output text --json', ['bench', '--output', 'text', '--json']],
  ['conflicting formats -o junit --json=true', ['bench', '-o', 'junit', '--json=true']],
  ['an unknown command', ['benchh']],
  ['an unknown netpol sub-command', ['netpol', 'lst', 'x.yaml']],
  ['a missing argument', ['netpol', 'list']],
  ['an unknown target', ['bench', '--targets', 'workers']],
  ['an invalid --color', ['--color', 'sometimes', '--help']],
  ['--scored=false with --unscored=false', ['bench', '--scored=false', '--unscored=false']],
  ['no command at all', []],
  ['a command group without its command', ['netpol']],
  ['collect -o yaml (collect writes JSON only)', ['collect', '-o', 'yaml']],
  ['collect -o with another format', ['collect', '--root', '/nonexistent', '-o', 'json', '--outputfile', 'a', '--output', 'b']],
];
for (const [rule, argv] of USAGE) {
  test(`usage error, one line plus at most one hint, exit 2: ${rule}`, async () => {
    const ran = await kubefort(argv);
    assert.equal(ran.code, 2, ran.err);
    const lines = errLines(ran);
    assert.ok(lines.length <= 2, lines.join('\n'));
    assert.match(lines[0] ?? '', /^kubefort: \S/);
    if (lines[1] !== undefined) assert.match(lines[1], /^\((run "kubefort .*--help" for usage|Did you mean .*\?)\)$/);
    assert.doesNotMatch(ran.err, /^error:|at .*\.(ts|js):\d+/m);
  });
}

test('a command group run without its command names the commands it has', async () => {
  // The top-level list grows with every area; it must name each registered command, in registration order.
  const [first, hint] = errLines(await kubefort([]));
  assert.match(first ?? '', /^kubefort: missing command \(one of bench, collect, netpol, verify(, [a-z-]+)*\)$/);
  assert.equal(hint, '(run "kubefort --help" for usage)');
  assert.deepEqual(errLines(await kubefort(['netpol'])), ['kubefort: netpol: missing command (one of list, eval, lint, diff, graph)', '(run "kubefort netpol --help" for usage)']);
});

test('`bench run` is kube-bench\'s spelling of bench', async () => {
  const a = await kubefort(['bench', 'run', '--root', demo, '-c', '1.2.1', '--json']);
  const b = await kubefort(['bench', '--root', demo, '-c', '1.2.1', '--json']);
  assert.equal(a.code, b.code);
  assert.equal(a.out, b.out);
  const before = await kubefort(['bench', '--root', demo, '--fail-on', 'never', 'run', '-c', '1.2.15', '--json']);
  assert.equal(before.code, 0, 'flags before `run` count (1.2.15 FAILs on the demo node, --fail-on never)');
  assert.deepEqual(ids(before.out), ['1.2.15']);
  const after = await kubefort(['bench', '--fail-on', 'never', 'run', '--root', demo, '-c', '1.2.15', '--fail-on', 'fail']);
  assert.equal(after.code, 1, 'a flag after `run` wins over the same flag before it');
});

test('--outputfile writes the report to the file and nothing to stdout', async () => {
  const file = join(scratch, 'report.json');
  const ran = await kubefort(['bench', '--root', demo, '-c', '1.2.1', '--json', '--outputfile', file]);
  assert.equal(ran.out, '');
  assert.ok(existsSync(file));
  assert.deepEqual(ids(readFileSync(file, 'utf8')), ['1.2.1']);
  const bad = await kubefort(['bench', '--root', demo, '-c', '1.2.1', '--outputfile', join(scratch, 'no', 'dir', 'r.txt')]);
  assert.equal(bad.code, 2);
  assert.deepEqual(errLines(bad), [`kubefort: cannot write --outputfile ${join(scratch, 'no', 'dir', 'r.txt')}: No such file or directory`]);
});

test('--nototals leaves out the total summary; --include-test-output is --include-evidence', async () => {
  const ran = await kubefort(['bench', '--root', demo, '-g', '1.3', '--nototals']);
  assert.match(ran.out, /== Summary master ==/);
  assert.doesNotMatch(ran.out, /== Summary total ==/);
  const a = await kubefort(['bench', '--root', demo, '-c', '4.2.1', '--include-test-output']);
  const b = await kubefort(['bench', '--root', demo, '-c', '4.2.1', '--include-evidence']);
  assert.equal(a.out, b.out);
  assert.match(a.out, /authentication\.anonymous\.enabled = false \[config-file\]/);
});

test('boolean spellings: --json=true, --json=false, --scored=false, --unscored=false, --nosummary=true', async () => {
  assert.ok(JSON.parse((await kubefort(['bench', '--root', demo, '-c', '1.2.1', '--json=true'])).out));
  assert.match((await kubefort(['bench', '--root', demo, '-c', '1.2.1', '--json=false'])).out, /^\[INFO\] Benchmark/);
  const unscoredOnly = JSON.parse((await kubefort(['bench', '--root', demo, '-g', '1.2', '--scored=false', '--json'])).out) as Json;
  const checks = unscoredOnly.controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  assert.ok(checks.length > 0 && checks.every((c) => !c.scored));
  const scoredOnly = JSON.parse((await kubefort(['bench', '--root', demo, '-g', '1.2', '--unscored=false', '--json'])).out) as Json;
  assert.ok(scoredOnly.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).every((c) => c.scored));
  assert.doesNotMatch((await kubefort(['bench', '--root', demo, '-g', '1.2', '--nosummary=true'])).out, /== Summary/);
});

test('-o json on bench and on collect', async () => {
  assert.deepEqual(ids((await kubefort(['bench', '--root', demo, '-c', '1.2.1', '-o', 'json'])).out), ['1.2.1']);
  const collect = await kubefort(['collect', '--root', demo, '-o', 'json']);
  assert.equal(collect.code, 0, collect.err);
  assert.equal((JSON.parse(collect.out) as { schemaVersion: number }).schemaVersion, 1);
  const file = join(scratch, 'facts.json');
  const toFile = await kubefort(['collect', '--root', demo, '--outputfile', file]);
  assert.equal(toFile.out, '');
  assert.equal(readFileSync(file, 'utf8'), collect.out);
});
