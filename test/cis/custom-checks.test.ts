import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseAudit } from '../../src/cis/custom/audit.js';
import { judgeCustom } from '../../src/cis/custom/judge.js';
import type { CustomCheckSpec, TestItem } from '../../src/cis/custom/spec.js';
import { materializeNodeFixture, removeNodeFixture, writeNodeRoot } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { running } from './builders.js';

const weak = materializeNodeFixture('kubeadm-1.32-controlplane');
const hardened = materializeNodeFixture('kubeadm-1.32-hardened');
const scratch: string[] = [];
after(() => {
  for (const root of [weak, hardened, ...scratch]) removeNodeFixture(root);
});
const cfg = join(import.meta.dirname, '..', 'fixtures', 'cis', 'custom-cfg');

interface Json { benchmark: string; benchmarkReason: string; targets: string[]; controls: { groups: { checks: { id: string; status: string; verdict: string; reason: string }[] }[] }[] }
async function statuses(root: string, extra: string[] = []): Promise<{ code: number; err: string; json?: Json; of: Record<string, string> }> {
  const ran = await kubefort(['bench', '--root', root, '--config-dir', cfg, '--json', ...extra]);
  if (ran.out === '') return { code: ran.code, err: ran.err, of: {} };
  const json = JSON.parse(ran.out) as Json;
  return { code: ran.code, err: ran.err, json, of: Object.fromEntries(json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => [k.id, `${k.status}/${k.verdict}`])))) };
}

test('a kube-bench-format config dir runs on a node: benchmark by config.yaml version_mapping, only the targets its files declare', async () => {
  const run = await statuses(weak);
  assert.equal(run.json?.benchmark, 'team-baseline');
  assert.match(run.json?.benchmarkReason ?? '', /^custom checks from --config-dir .*team-baseline \(config\.yaml version_mapping "1\.32": "team-baseline"; audits are matched to collected facts, never run\)$/);
  assert.deepEqual(run.json?.targets, ['master', 'node']);
});

/** [check, on kubeadm's defaults, on the hardened node, rule] */
const VERDICTS: [string, string, string, string][] = [
  ['1.1.1', 'PASS/satisfied', 'PASS/satisfied', 'stat -c permissions=%a $apiserverconf (inside sh -c and if test -e) is the manifest\'s mode; bitmask 600'],
  ['1.1.2', 'PASS/satisfied', 'PASS/satisfied', 'stat -c %U:%G prints root:root; a bare flag item passes when the output has it'],
  ['1.1.10', 'PASS/satisfied', 'PASS/satisfied', 'find … -name *.key | xargs stat: every key file is one output line (use_multiple_values)'],
  ['1.2.1', 'FAIL/violated', 'PASS/satisfied', 'ps -ef | grep $apiserverbin: an absent --profiling fails a compare (kube-bench needs the flag present)'],
  ['1.2.2', 'PASS/satisfied', 'PASS/satisfied', 'set: false passes when the flag is absent'],
  ['1.2.3', 'PASS/satisfied', 'PASS/satisfied', 'has and nothave on a comma list, joined with bin_op and'],
  ['1.2.4', 'PASS/satisfied', 'PASS/satisfied', 'regex on the flag value'],
  ['1.2.5', 'FAIL/violated', 'PASS/satisfied', 'gte on a number'],
  ['1.2.6', 'WARN/unevaluated', 'WARN/unevaluated', 'an audit with no known idiom (journalctl) WARNs "audit not supported without a shell", never PASSes'],
  ['1.2.7', 'WARN/manual', 'WARN/manual', 'type: manual is a Manual check'],
  ['1.2.8', 'INFO/not-applicable', 'INFO/not-applicable', 'type: skip is INFO'],
  ['4.1.1', 'PASS/satisfied', 'PASS/satisfied', 'ps -fC $kubeletbin + audit_config cat $kubeletconf: path {.authentication.anonymous.enabled} in the effective config'],
  ['4.1.2', 'PASS/satisfied', 'PASS/satisfied', 'bin_op or: readOnlyPort 0, or not set'],
  ['4.1.3', 'WARN/violated', 'WARN/violated', 'valid_elements over {range .tlsCipherSuites[:]}…: absent on kubeadm, a suite outside the list on the hardened node; unscored -> WARN'],
  ['4.1.4', 'FAIL/violated', 'PASS/satisfied', 'the kubelet config file\'s mode: 644 on kubeadm\'s defaults, 600 hardened'],
  ['4.1.5', 'WARN/unevaluated', 'WARN/unevaluated', 'stat of a file kubefort does not collect WARNs instead of guessing'],
];
for (const [id, onWeak, onHardened, rule] of VERDICTS) {
  test(`custom ${id}: ${rule}`, async () => {
    assert.equal((await statuses(weak, ['--check', id])).of[id], onWeak, 'kubeadm defaults');
    assert.equal((await statuses(hardened, ['--check', id])).of[id], onHardened, 'hardened');
  });
}

test('the unsupported audit is named in the reason', async () => {
  const ran = await kubefort(['bench', '--root', weak, '--config-dir', cfg, '--check', '1.2.6', '--json']);
  const check = (JSON.parse(ran.out) as Json).controls[0]?.groups[0]?.checks[0];
  assert.equal(check?.reason, "audit not supported without a shell: journalctl -u kube-apiserver --since today | grep -c 'audit webhook'");
});

test('--k8s-version picks another benchmark of the directory through version_mapping; an unmapped version is a usage error listing them', async () => {
  const legacy = await statuses(weak, ['--k8s-version', '1.28']);
  assert.equal(legacy.json?.benchmark, 'team-legacy');
  assert.deepEqual(legacy.of, { '1.1.1': 'FAIL/violated' });
  const unmapped = await kubefort(['bench', '--root', weak, '--config-dir', cfg, '--k8s-version', '1.30']);
  assert.equal(unmapped.code, 2);
  assert.match(unmapped.err, /^kubefort: --config-dir .*: cannot tell which benchmark to run \(Kubernetes version 1\.30 is not in config\.yaml version_mapping\) \(valid: team-baseline, team-legacy\)\n$/);
});

function configDir(files: Record<string, string>): string {
  const dir = writeNodeRoot(files, 'custom-cfg');
  scratch.push(dir);
  return dir;
}

test('a malformed controls file is exit 2 with file:line:column, nothing judged', async () => {
  const dir = configDir({ '/b/master.yaml': 'type: master\ngroups:\n  - id: 1.1\n    checks: [\n' });
  const ran = await kubefort(['bench', '--root', weak, '--config-dir', dir]);
  assert.equal(ran.code, 2);
  assert.match(ran.err, /^kubefort: .*\/b\/master\.yaml:\d+:\d+: /);
});

test('an unknown compare op and a target kubefort does not have are input errors naming the file', async () => {
  const op = configDir({ '/b/master.yaml': 'type: master\ngroups:\n  - id: 1.1\n    checks:\n      - id: 1.1.1\n        text: x (Automated)\n        audit: ps -ef | grep kube-apiserver\n        tests:\n          test_items:\n            - flag: --profiling\n              compare:\n                op: equals\n                value: "false"\n        scored: true\n' });
  const bad = await kubefort(['bench', '--root', weak, '--config-dir', op]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /master\.yaml check 1\.1\.1 test_items\[0\]: compare\.op "equals" is not one of eq, noteq/);
  const workers = configDir({ '/b/workers.yaml': 'type: workers\ngroups: []\n' });
  const target = await kubefort(['bench', '--root', weak, '--config-dir', workers]);
  assert.equal(target.code, 2);
  assert.match(target.err, /workers\.yaml: type "workers" is not one of kubefort's targets/);
});

/** [audit, what it is read as] — kube-bench's shipped idioms; anything else is unsupported. */
const AUDITS: [string, string][] = [
  ['/bin/ps -ef | grep $apiserverbin | grep -v grep', 'process kube-apiserver'],
  ['/bin/ps -ef | /bin/grep $etcdbin | /bin/grep -v grep', 'process etcd'],
  ['/bin/ps -fC $kubeletbin', 'process kubelet'],
  ['ps -ef | grep kube-controller-manager', 'process kube-controller-manager'],
  ["/bin/sh -c 'if test -e $schedulerconf; then stat -c permissions=%a $schedulerconf; fi'", 'stat permissions scheduler-manifest'],
  ["/bin/sh -c 'stat -c %U:%G $kubeletsvc'", 'stat owner kubelet-service'],
  ['stat -c %a /var/lib/rancher/rke2/server/cred/admin.kubeconfig', 'stat permissions /var/lib/rancher/rke2/server/cred/admin.kubeconfig'],
  ["find /etc/kubernetes/pki/ -name '*.crt' | xargs stat -c permissions=%a", 'find-stat permissions /etc/kubernetes/pki *.crt'],
  ['/bin/cat $kubeletconf', 'cat kubelet-config'],
  ['ps -ef | grep kube-apiserver; rm -rf /', 'unsupported'],
  ['$(curl http://example.invalid)', 'unsupported'],
  ['stat -c %a $(find /)', 'unsupported'],
];
for (const [audit, expected] of AUDITS) {
  test(`audit ${JSON.stringify(audit)} is read as ${expected}`, () => {
    const source = parseAudit(audit);
    const shown = source.kind === 'process' ? `process ${source.component}`
      : source.kind === 'stat' ? `stat ${source.what} ${'role' in source.file ? source.file.role : source.file.path}`
        : source.kind === 'find-stat' ? `find-stat ${source.what} ${source.dir} ${source.name ?? ''}`.trim()
          : source.kind === 'cat' ? `cat ${'role' in source.file ? source.file.role : source.file.path}` : 'unsupported';
    assert.equal(shown, expected);
  });
}

const spec = (items: TestItem[], binOp: 'and' | 'or' = 'and'): CustomCheckSpec => ({ audit: 'ps -ef | grep kube-apiserver', binOp, items, multipleValues: false });
/** [rule, args, item, verdict] — kube-bench's compare ops on a flag's value. */
const OPS: [string, string[], TestItem, string][] = [
  ['noteq passes a different value', ['--a=1'], { flag: '--a', compare: { op: 'noteq', value: '2' } }, 'pass'],
  ['gt is numeric', ['--a=10'], { flag: '--a', compare: { op: 'gt', value: '9' } }, 'pass'],
  ['lt fails an equal number', ['--a=10'], { flag: '--a', compare: { op: 'lt', value: '10' } }, 'fail'],
  ['lte passes an equal number', ['--a=10'], { flag: '--a', compare: { op: 'lte', value: '10' } }, 'pass'],
  ['a number compare never passes text', ['--a=ten'], { flag: '--a', compare: { op: 'gte', value: '1' } }, 'fail'],
  ['has is a substring test, as in kube-bench', ['--a=NodeRestriction'], { flag: '--a', compare: { op: 'has', value: 'Node' } }, 'pass'],
  ['nothave fails when present', ['--a=AlwaysAdmit,X'], { flag: '--a', compare: { op: 'nothave', value: 'AlwaysAdmit' } }, 'fail'],
  ['valid_elements fails one stranger', ['--a=x,y,z'], { flag: '--a', compare: { op: 'valid_elements', value: 'x,y' } }, 'fail'],
  ['a bare boolean flag is true', ['--profiling'], { flag: '--profiling', compare: { op: 'eq', value: 'true' } }, 'pass'],
  ['set: true needs the flag', [], { flag: '--a', set: true }, 'fail'],
];
for (const [rule, args, item, verdict] of OPS) {
  test(`compare: ${rule}`, () => {
    assert.equal(judgeCustom(spec([item]), running('kube-apiserver', args)).verdict, verdict);
  });
}

test('bitmask: 644 is not within 600, 400 is', () => {
  const item: TestItem = { flag: 'permissions', compare: { op: 'bitmask', value: '600' } };
  const facts = (mode: number) => ({ ...running('kube-apiserver', []), files: { 'apiserver-manifest': [{ path: '/etc/kubernetes/manifests/kube-apiserver.yaml', exists: true, mode, uid: 0, gid: 0 }] } });
  const stat: CustomCheckSpec = { audit: 'stat -c permissions=%a $apiserverconf', binOp: 'and', items: [item], multipleValues: false };
  assert.equal(judgeCustom(stat, facts(0o644)).verdict, 'fail');
  assert.equal(judgeCustom(stat, facts(0o400)).verdict, 'pass');
});

test('scored is the file\'s: a "(Manual)" check with scored: true FAILs, one with scored: false WARNs (kube-bench\'s rule)', async () => {
  const check = (id: string, scored: boolean) => `      - id: ${id}\n        text: "Profiling is off (Manual)"\n        audit: "/bin/ps -ef | grep $apiserverbin | grep -v grep"\n        tests:\n          test_items:\n            - flag: "--profiling"\n              compare:\n                op: eq\n                value: false\n        scored: ${String(scored)}\n`;
  const dir = configDir({ '/b/master.yaml': `type: master\ngroups:\n  - id: 9.1\n    text: t\n    checks:\n${check('9.1.1', true)}${check('9.1.2', false)}` });
  const ran = await kubefort(['bench', '--root', weak, '--config-dir', dir, '--json']);
  const checks = (JSON.parse(ran.out) as Json).controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  assert.deepEqual(checks.map((c) => `${c.id}:${c.status}`), ['9.1.1:FAIL', '9.1.2:WARN']);
  assert.equal(ran.code, 1);
});
