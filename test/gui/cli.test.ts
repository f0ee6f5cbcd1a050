import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubefort } from '../helpers/cli.js';
import { goldenIn } from '../helpers/golden.js';

const golden = goldenIn('gui');
const FIX = join('test', 'fixtures', 'gui');

/** [case, extra args, expected exit code] */
const CASES: [string, string[], number][] = [
  ['dashboard-v2-recommended', [], 1],
  ['dashboard-v2-alternative', [], 1],
  ['dashboard-v7-helm', ['--values', join(FIX, 'helm-values', 'seeds-values.yaml')], 1],
  ['headlamp-clean', [], 0],
  ['headlamp-exposed', [], 1],
  ['portainer-agent', [], 1],
  ['dashboard-cronjob', [], 1],
  ['headlamp-sidecar', [], 1],
];

for (const [name, extra, code] of CASES) {
  test(`gui ${name} (golden)`, async () => {
    const r = await kubefort(['gui', ...extra, join(FIX, name)]);
    assert.equal(r.code, code, r.err);
    golden(`${name}.txt`, r.out);
  });
}

test('gui sees the containers the CIS checks see: a Dashboard in a CronJob\'s jobTemplate, Headlamp as a native sidecar (init container)', async () => {
  const cron = await kubefort(['gui', '-o', 'json', join(FIX, 'dashboard-cronjob')]);
  const cronFindings = (JSON.parse(cron.out) as { findings: { ruleId: string; subject?: string; location?: { line?: number } }[] }).findings;
  assert.ok(cronFindings.some((f) => f.ruleId === 'GUI001' && f.location?.line === 34), 'the --enable-skip-login arg of the jobTemplate\'s container');
  assert.ok(cronFindings.every((f) => f.subject === 'ops/dashboard-office-hours[CronJob]'), cron.out);
  const sidecar = await kubefort(['gui', '-o', 'json', join(FIX, 'headlamp-sidecar')]);
  const sidecarFindings = (JSON.parse(sidecar.out) as { findings: { ruleId: string; message: string }[] }).findings;
  assert.ok(sidecarFindings.some((f) => f.ruleId === 'GUI012' && f.message.includes('(Headlamp, container headlamp)')), sidecar.out);
});

test('gui JSON output for the seeds\' Dashboard v7 install (golden)', async () => {
  const r = await kubefort(['gui', '-o', 'json', '--values', join(FIX, 'helm-values', 'seeds-values.yaml'), join(FIX, 'dashboard-v7-helm')]);
  golden('dashboard-v7-helm.json', r.out);
});

test('the Dashboard v2 recommended install fails only on being unmaintained: --fail-on high passes it', async () => {
  assert.equal((await kubefort(['gui', '--fail-on', 'high', join(FIX, 'dashboard-v2-recommended')])).code, 0);
});

test('gui: no workloads is exit 2; no arguments is a usage error; an unreadable --values is exit 2', async () => {
  assert.equal((await kubefort(['gui', join('test', 'fixtures', 'ports', 'objects')])).code, 2);
  assert.equal((await kubefort(['gui'])).code, 2);
  assert.equal((await kubefort(['gui', '--values', join(FIX, 'missing.yaml')])).code, 2);
});

test('gui --values alone: the seeds\' values and a misplaced http key (golden)', async () => {
  const seeds = await kubefort(['gui', '--values', join(FIX, 'helm-values', 'seeds-values.yaml')]);
  assert.equal(seeds.code, 1);
  const misplaced = await kubefort(['gui', '--values', join(FIX, 'helm-values', 'misplaced.yaml')]);
  golden('helm-values.txt', seeds.out + misplaced.out);
});

test('gui --values /dev/zero is refused by its type (one line, exit 2), not read until the process dies', async () => {
  const r = await kubefort(['gui', '--values', '/dev/zero']);
  assert.equal(r.code, 2);
  assert.equal(r.err, 'kubefort: --values /dev/zero: is a character device, not a file of objects; not read\n');
});
