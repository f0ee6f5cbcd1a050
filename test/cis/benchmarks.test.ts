import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BENCHMARKS, benchmarkByName, selectBenchmark } from '../../src/cis/benchmarks/index.js';
import { benchmarkIds, evaluate } from '../../src/cis/evaluate.js';
import { TARGETS } from '../../src/cis/model.js';
import { UsageError } from '../../src/domain/errors.js';
import { renderCisJson } from '../../src/report/cis-json.js';
import { nodeFacts } from './builders.js';

/** The IDs kube-bench's cfg/cis-1.12 defines, section by section (reference for completeness). */
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const CIS_1_12_IDS = [
  ...range('1.1.', 21), ...range('1.2.', 30), ...range('1.3.', 7), ...range('1.4.', 2),
  ...range('2.', 7), ...range('3.1.', 3), ...range('3.2.', 2),
  ...range('4.1.', 10), ...range('4.2.', 14), '4.3.1',
  ...range('5.1.', 13), ...range('5.2.', 12), ...range('5.3.', 2), ...range('5.4.', 2), '5.5.1', ...range('5.6.', 4),
];

test('cis-1.12 defines every check of sections 1 to 5, in order, each once', () => {
  assert.deepEqual(benchmarkIds(benchmarkByName('cis-1.12')).checks, CIS_1_12_IDS);
});

test('cis-2.0 has the same check ids as cis-1.12 (the benchmark changed wording only)', () => {
  assert.deepEqual(benchmarkIds(benchmarkByName('cis-2.0')).checks, CIS_1_12_IDS);
});

test('the JSON output of a run over all targets lists every cis-1.12 check id exactly once', () => {
  const result = evaluate({ facts: nodeFacts(), benchmark: benchmarkByName('cis-1.12'), benchmarkReason: 'test', selection: { targets: [...TARGETS] } });
  const json = JSON.parse(renderCisJson(result)) as { controls: { groups: { checks: { id: string }[] }[] }[] };
  const ids = json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => k.id)));
  assert.deepEqual(ids, CIS_1_12_IDS);
});

test('every check has text, a remediation and a classification; scored checks are Automated', () => {
  for (const benchmark of BENCHMARKS) {
    for (const controls of benchmark.controls) for (const group of controls.groups) for (const check of group.checks) {
      assert.ok(check.text.length > 10 && check.remediation.length > 10, check.id);
      assert.ok(!/\((Automated|Manual)\)$/.test(check.text), `${check.id} text carries no suffix`);
      if (check.scored) assert.ok(check.automated, `${check.id} scored implies automated`);
    }
  }
});

test('definitions are frozen: running checks cannot change them', () => {
  const check = benchmarkByName('cis-1.12').controls[0]?.groups[0]?.checks[0];
  assert.ok(check && Object.isFrozen(check) && Object.isFrozen(check.test));
  assert.throws(() => { (check as { text: string }).text = 'x'; }, TypeError);
});

/** [rule, detected version, expected benchmark, reason fragment] */
const VERSIONS: [string, string | undefined, string, RegExp][] = [
  ['1.32 maps to cis-1.12', 'v1.32.4', 'cis-1.12', /1\.32 -> cis-1\.12/],
  ['1.34 maps to cis-2.0 (kube-bench cfg/config.yaml version_mapping "1.34": "cis-2.0")', 'v1.34.0', 'cis-2.0', /^Kubernetes 1\.34 -> cis-2\.0 \(covers 1\.34–1\.35\)/],
  ['1.35 maps to cis-2.0', 'v1.35.1', 'cis-2.0', /cis-2\.0/],
  ['a newer version uses the newest benchmark and says so', 'v1.40.0', 'cis-2.0', /^Kubernetes 1\.40 has no benchmark of its own \(newer than every bundled benchmark\); using the nearest, cis-2\.0/],
  ['an older version uses the oldest benchmark and names the one kube-bench maps it to', 'v1.18.3', 'cis-1.23', /^Kubernetes 1\.18 maps to cis-1\.6 in kube-bench, which is not bundled \(older than every bundled benchmark\); using the nearest, cis-1\.23/],
  ['a minor without a patch (1.33) is a version', '1.33', 'cis-1.12', /^Kubernetes 1\.33 -> cis-1\.12/],
  ['a provider suffix is part of a version', 'v1.35.2-eks-113cf36', 'cis-2.0', /^Kubernetes 1\.35 -> cis-2\.0/],
  ['an undetected version uses the newest benchmark and says so', undefined, 'cis-2.0', /not detected; using newest benchmark cis-2\.0/],
];
for (const [name, version, expected, reason] of VERSIONS) {
  test(name, () => {
    const chosen = selectBenchmark(version);
    assert.equal(chosen.benchmark.name, expected);
    assert.match(chosen.reason, reason);
  });
}

test('--benchmark overrides the version; an unknown benchmark is a UsageError listing the valid ones', () => {
  assert.equal(selectBenchmark('v1.35.0', 'cis-1.12').benchmark.name, 'cis-1.12');
  assert.throws(() => selectBenchmark(undefined, 'cis-1.6'), (e: unknown) => e instanceof UsageError && /cis-1\.12, cis-2\.0/.test(e.message));
});

test('unknown check, group and skip ids are UsageErrors listing valid ids', () => {
  const benchmark = benchmarkByName('cis-1.12');
  const run = (selection: object) => () => evaluate({ facts: nodeFacts(), benchmark, benchmarkReason: 't', selection });
  assert.throws(run({ checks: ['9.9'] }), (e: unknown) => e instanceof UsageError && /unknown check id "9\.9".*1\.1\.1, 1\.1\.2/.test(e.message));
  assert.throws(run({ groups: ['1.9'] }), (e: unknown) => e instanceof UsageError && /unknown group id/.test(e.message));
  assert.throws(run({ skip: ['7'] }), UsageError);
});

test('--skip reports the skipped checks as INFO; --check and --group select', () => {
  const result = evaluate({
    facts: nodeFacts(), benchmark: benchmarkByName('cis-1.12'), benchmarkReason: 't',
    selection: { targets: ['master'], groups: ['1.4'], checks: ['1.2.1'], skip: ['1.4.2'] },
  });
  const checks = result.controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  assert.deepEqual(checks.map((c) => `${c.id}:${c.status}`), ['1.2.1:WARN', '1.4.1:WARN', '1.4.2:INFO']);
  assert.deepEqual(result.total, { pass: 0, fail: 0, warn: 2, info: 1, violated: 0 });
});

test('scored-only and unscored-only selections split the checks', () => {
  const run = (scored: boolean, unscored: boolean) => evaluate({ facts: nodeFacts(), benchmark: benchmarkByName('cis-1.12'), benchmarkReason: 't', selection: { targets: [...TARGETS], scored, unscored } })
    .controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  const scored = run(true, false);
  const unscored = run(false, true);
  assert.ok(scored.every((c) => c.scored) && unscored.every((c) => !c.scored));
  assert.equal(scored.length + unscored.length, CIS_1_12_IDS.length);
});

test('manual checks always WARN and say what a person must look at', () => {
  const benchmark = benchmarkByName('cis-1.12');
  const manual = benchmark.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).filter((c) => c.test.kind === 'manual');
  assert.ok(manual.length >= 8);
  const result = evaluate({ facts: nodeFacts(), benchmark, benchmarkReason: 't', selection: { targets: [...TARGETS], checks: manual.map((c) => c.id) } });
  for (const check of result.controls.flatMap((c) => c.groups.flatMap((g) => g.checks))) {
    assert.equal(check.status, 'WARN', check.id);
    assert.match(check.reason, /^Manual check: \S.{20,}/, check.id);
  }
});
