import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { benchmarkByName } from '../../src/cis/benchmarks/index.js';
import { checkDef } from './definitions.js';
import { materializeNodeFixture, ownersApplied, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';

/**
 * k3s nodes as k3s lays them out: a hardened server with embedded etcd whose openrc service logs to
 * /var/log/k3s.log (k3s-server-log), an insecure one whose journal was exported with `journalctl -u k3s`
 * (k3s-server-insecure + k3s-journal/), a default SQLite server with only config.yaml (k3s-server) and an
 * agent configured through its unit, config.yaml and config.yaml.d (k3s-agent).
 */
const CASES = ['k3s-server-log', 'k3s-server-insecure', 'k3s-server', 'k3s-agent'] as const;
const roots = Object.fromEntries(CASES.map((name) => [name, materializeNodeFixture(name)])) as Record<(typeof CASES)[number], string>;
after(() => {
  for (const root of Object.values(roots)) removeNodeFixture(root);
});
const JOURNAL = join(import.meta.dirname, '..', 'fixtures', 'cis', 'k3s-journal', 'k3s-server-insecure.journal.txt');
const ALL_TARGETS = ['--targets', 'master,etcd,controlplane,node,policies'];

interface Evidence { subject: string; value?: string; source: string; location?: { file: string; line?: number } }
interface Check { id: string; text: string; status: string; verdict: string; automated: boolean; scored: boolean; type: string; reason: string; evidence: Evidence[] }
interface Json { benchmark: string; benchmarkReason: string; targets: string[]; components: { name: string; source: string; from: string }[]; controls: { groups: { checks: Check[] }[] }[] }
async function bench(args: string[]): Promise<{ code: number; out: string; err: string; json: Json; checks: Check[]; check: (id: string) => Check }> {
  const ran = await kubefort(['bench', ...args, '--json', '--include-evidence']);
  const json = (ran.out === '' ? { controls: [] } : JSON.parse(ran.out)) as Json;
  const checks = json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
  return { code: ran.code, out: ran.out, err: ran.err, json, checks, check: (id) => checks.find((c) => c.id === id) as Check };
}

/** The automated checks the k3s profile judges on the node (not Manual looks, not section 5, which needs --manifests). */
function judged(name: string): string[] {
  const ids = benchmarkByName(name).controls.filter((c) => c.target !== 'policies').flatMap((c) => c.groups.flatMap((g) => g.checks))
    .filter((c) => c.automated && c.test.kind !== 'manual').map((c) => c.id);
  // The "every check PASSes / FAILs" tests below filter this list to what is wrong: empty, they would pass vacuously.
  assert.ok(ids.length >= 40, `${name}: ${ids.length} judged checks`);
  return ids;
}
/** Ownership can only be wrong on a materialized fixture when chown worked (root). */
const OWNER_CHECKS = new Set(['1.1.14', '1.1.16', '1.1.18', '1.1.19', '4.1.4', '4.1.6', '4.1.8']);

for (const name of ['k3s-cis-1.24', 'k3s-cis-1.23', 'k3s-cis-1.7', 'k3s-cis-1.8']) {
  test(`bench --benchmark ${name} --output json lists exactly kube-bench's ${name} ids, in order`, async () => {
    const run = await bench(['--benchmark', name, '--root', roots['k3s-server-log'], ...ALL_TARGETS]);
    assert.deepEqual(run.checks.map((c) => c.id), kubeBenchIds(name));
  });
}

test('a hardened k3s server (openrc, /var/log/k3s.log, embedded etcd) on 1.24 is judged by k3s-cis-1.24 from its log: every automated check PASSes', async () => {
  const run = await bench(['--root', roots['k3s-server-log']]);
  assert.equal(run.json.benchmark, 'k3s-cis-1.24');
  assert.match(run.json.benchmarkReason, /^platform k3s server \(process k3s server \(\/proc\/2301\/cmdline\).*\) -> k3s-cis-1\.24 \(kube-bench's k3s map: 1\.24 -> k3s-cis-1\.24\); Kubernetes v1\.24\.17 from k3s log \/var\/log\/k3s\.log \("Starting k3s v1\.24\.17\+k3s1"\)$/);
  assert.deepEqual(run.json.targets, ['master', 'etcd', 'controlplane', 'node', 'policies']);
  const notPassed = judged('k3s-cis-1.24').map((id) => run.check(id)).filter((c) => c.status !== 'PASS').map((c) => `${c.id} ${c.status}: ${c.reason}`);
  assert.deepEqual(notPassed, []);
  assert.equal(run.code, 0);
});

test('on the log fixture each flag is located at the last "Running <component>" line (an earlier start with --profiling=true is not what runs)', async () => {
  const run = await bench(['--root', roots['k3s-server-log'], '--check', '1.2.18,1.3.2,1.4.1,4.2.4,2.1,1.1.11']);
  assert.deepEqual(run.json.components.map((c) => `${c.name} ${c.source} ${c.from}`), [
    'etcd k3s /var/lib/rancher/k3s/server/db/etcd/config (etcd --config-file, written by k3s)',
    'kube-apiserver k3s-log /var/log/k3s.log:10 (last "Running kube-apiserver" line)',
    'kube-controller-manager k3s-log /var/log/k3s.log:12 (last "Running kube-controller-manager" line)',
    'kube-proxy k3s-log /var/log/k3s.log:15 (last "Running kube-proxy" line)',
    'kube-scheduler k3s-log /var/log/k3s.log:11 (last "Running kube-scheduler" line)',
    'kubelet k3s-log /var/log/k3s.log:14 (last "Running kubelet" line)',
  ]);
  assert.deepEqual(run.check('1.2.18').evidence.map((e) => `${e.subject}=${e.value} ${e.source} ${e.location?.file}:${e.location?.line}`), ['--profiling=false k3s-log /var/log/k3s.log:10']);
  assert.deepEqual(run.check('2.1').evidence.map((e) => `${e.subject} ${e.location?.file}:${e.location?.line}`), ['--cert-file /var/lib/rancher/k3s/server/db/etcd/config:3', '--key-file /var/lib/rancher/k3s/server/db/etcd/config:5']);
  assert.match(run.check('1.1.11').reason, /^\/var\/lib\/rancher\/k3s\/server\/db\/etcd has permissions 700$/);
});

test('an insecure k3s server judged from its exported journal (--k3s-log): every scored automated check FAILs, the unscored ones are violated', async () => {
  const run = await bench(['--root', roots['k3s-server-insecure'], '--k3s-log', JOURNAL]);
  assert.equal(run.json.benchmark, 'k3s-cis-1.24');
  assert.equal(run.code, 1);
  // 4.1.7/4.1.8 need the kubelet's --client-ca-file, which this kubelet lacks (4.2.3): they FAIL on the agent fixture.
  const expected = judged('k3s-cis-1.24').filter((id) => !['4.1.7', '4.1.8'].includes(id) && (ownersApplied || !OWNER_CHECKS.has(id)));
  const wrong = expected.map((id) => run.check(id)).filter((c) => (c.scored ? c.status !== 'FAIL' : c.verdict !== 'violated')).map((c) => `${c.id} ${c.status} ${c.verdict}: ${c.reason}`);
  assert.deepEqual(wrong, []);
  const api = run.check('1.2.1').evidence[0];
  assert.equal(api?.location?.file, JOURNAL);
  assert.equal(api?.location?.line, 5, 'the journal line of "Running kube-apiserver"');
  assert.match(run.check('4.1.7').reason, /^k3s always creates .*, and it was not found on this node/);
});

test('the secrets k3s keeps beside its options never reach the report: the token in config.yaml and k3s.service.env', async () => {
  const run = await bench(['--root', roots['k3s-server-insecure'], '--k3s-log', JOURNAL, ...ALL_TARGETS]);
  assert.doesNotMatch(run.out, /deadbeefcafef00d|K10aa11bb/);
  const log = await bench(['--root', roots['k3s-server-log'], ...ALL_TARGETS]);
  assert.doesNotMatch(log.out, /3c7e6b5a4f3e2d1c|K10f4b1c7/);
});

test('a default k3s server on SQLite (config.yaml only, no log): flags derived from k3s\'s defaults and config.yaml, located there; etcd checks are not applicable, never PASS', async () => {
  const run = await bench(['--root', roots['k3s-server'], '--k8s-version', 'v1.24.17+k3s1', ...ALL_TARGETS]);
  assert.equal(run.json.benchmark, 'k3s-cis-1.24');
  for (const id of ['1.1.11', '1.2.26', '1.2.29', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7']) {
    assert.equal(run.check(id).status, 'INFO', id);
    assert.equal(run.check(id).verdict, 'not-applicable', id);
    assert.match(run.check(id).reason, /^Not applicable: k3s keeps its data in SQLite through kine; there is no etcd \(\/var\/lib\/rancher\/k3s\/server\/db\/state\.db/);
  }
  const anonymous = run.check('1.2.1');
  assert.equal(anonymous.status, 'PASS');
  assert.deepEqual(anonymous.evidence.map((e) => `${e.subject}=${e.value} ${e.source} ${e.location?.file}`), ['--anonymous-auth=false k3s k3s default (k3s-io/k3s pkg/daemons/control/server.go)']);
  const plugins = run.check('1.2.10').evidence[0];
  assert.equal(`${plugins?.value} ${plugins?.location?.file}:${plugins?.location?.line}`, 'NodeRestriction,EventRateLimit /etc/rancher/k3s/config.yaml:5');
  assert.equal(run.check('4.2.6').evidence[0]?.location?.file, '/etc/rancher/k3s/config.yaml', 'protect-kernel-defaults: true is a k3s option, located where it is written');
  // k3s-cis-1.24 asks 600 of the kubelet's client CA; this node's is 644.
  assert.equal(run.check('4.1.7').status, 'FAIL');
  assert.match(run.check('4.1.7').reason, /^\/var\/lib\/rancher\/k3s\/agent\/client-ca\.crt has permissions 644, more open than 600$/);
});

test('a k3s agent: its ExecStart, config.yaml and config.yaml.d are merged as k3s does (later files win, `kubelet-arg+` appends, only *.yaml/*.yml are read)', async () => {
  const run = await bench(['--root', roots['k3s-agent'], '--k8s-version', '1.24']);
  assert.equal(run.json.benchmark, 'k3s-cis-1.24');
  assert.deepEqual(run.json.targets, ['node']);
  assert.deepEqual(run.json.components.map((c) => c.name), ['kube-proxy', 'kubelet']);
  const port = run.check('4.2.4');
  assert.equal(port.status, 'PASS', 'read-only-port=0 from 10-hardening.yaml comes after config.yaml\'s 10255');
  assert.deepEqual(port.evidence.map((e) => `${e.value} ${e.location?.file}:${e.location?.line}`), ['0 /etc/rancher/k3s/config.yaml.d/10-hardening.yaml:3']);
  assert.equal(run.check('4.2.1').status, 'PASS', 'README.txt in config.yaml.d is not a k3s config file');
  assert.equal(run.check('4.2.9').evidence[0]?.location?.file, '/etc/rancher/k3s/config.yaml.d/10-hardening.yaml');
  assert.deepEqual(['4.1.7', '4.1.8'].map((id) => run.check(id).status), ownersApplied ? ['FAIL', 'FAIL'] : ['FAIL', 'PASS']);
  assert.match(run.check('4.1.7').reason, /client-ca\.crt has permissions 640, more open than 600/);
  assert.doesNotMatch(run.out, /deadbeefcafef00d/);
});

test('k3s on a minor without a bundled k3s profile uses the version-mapped CIS benchmark and says so; --benchmark wins', async () => {
  const newer = await bench(['--root', roots['k3s-server-log'], '--k8s-version', '1.27', '--check', '1.2.1']);
  assert.equal(newer.json.benchmark, 'cis-1.9');
  assert.match(newer.json.benchmarkReason, /platform k3s server .*; kube-bench's k3s map: 1\.27 -> k3s-cis-1\.9, which is not bundled, the CIS benchmark is used/);
  const chosen = await bench(['--root', roots['k3s-server-log'], '--benchmark', 'cis-1.24', '--check', '1.2.1']);
  assert.equal(chosen.json.benchmark, 'cis-1.24');
  assert.match(chosen.json.benchmarkReason, /^chosen with --benchmark cis-1\.24; .*; platform k3s server \(/);
  assert.equal(chosen.check('1.2.1').status, 'PASS', 'the CIS benchmark judges the same k3s-logged flags');
});

test('--k3s-log naming a file that is not there is an input error (exit 2), not a silent fallback', async () => {
  const run = await kubefort(['bench', '--root', roots['k3s-server-log'], '--k3s-log', join(roots['k3s-server-log'], 'no-such.journal')]);
  assert.equal(run.code, 2);
  assert.match(run.err, /^kubefort: --k3s-log .*no-such\.journal: no such file\n$/);
});

test('k3s on 1.22–1.23 is judged by k3s-cis-1.23 (kube-bench\'s k3s map: 1.23 -> k3s-cis-1.23), which leaves more to a person and accepts 644 where 1.24 asks 600', async () => {
  const run = await bench(['--root', roots['k3s-server'], '--k8s-version', 'v1.23.17+k3s1', ...ALL_TARGETS]);
  assert.equal(run.json.benchmark, 'k3s-cis-1.23');
  assert.match(run.json.benchmarkReason, /-> k3s-cis-1\.23 \(kube-bench's k3s map: 1\.23 -> k3s-cis-1\.23\); Kubernetes v1\.23\.17\+k3s1 from --k8s-version$/);
  // The kubelet's client CA is 644 on this node: 4.1.7 (Manual, but scored in k3s-cis-1.23) accepts it.
  assert.equal(run.check('4.1.7').status, 'PASS');
  for (const id of ['1.2.1', '1.2.19', '1.2.23', '1.2.25', '1.3.6', '3.2.1', '4.2.6', '4.2.7', '4.2.9', '4.2.11', '4.2.12', '4.2.13']) {
    assert.equal(run.check(id).type, 'manual', id);
    assert.match(run.check(id).reason, /^Manual check: .*kube-bench's k3s-cis-1\.23 does not judge it/, id);
  }
  const of = checkDef;
  assert.deepEqual(['1.1.21', '1.2.32', '2.7', '4.1.3', '4.2.4', '4.2.10'].map((id) => `${id} ${String(of('k3s-cis-1.23', id)?.automated)}/${String(of('k3s-cis-1.24', id)?.automated)}`),
    ['1.1.21 false/true', '1.2.32 false/true', '2.7 false/true', '4.1.3 false/true', '4.2.4 false/true', '4.2.10 false/true']);
  assert.equal(of('k3s-cis-1.23', '4.1.7')?.scored, true, '4.1.7 is Manual but scored in k3s-cis-1.23');
});

test('k3s-cis-1.23 accepts the scheduler and kubelet kubeconfigs at 644 (k3s-cis-1.24 asks 600) and FAILs them at 664', async () => {
  const { chmodSync } = await import('node:fs');
  const sched = join(roots['k3s-server-log'], 'var/lib/rancher/k3s/server/cred/scheduler.kubeconfig');
  const kubelet = join(roots['k3s-server-log'], 'var/lib/rancher/k3s/agent/kubelet.kubeconfig');
  const statuses = async (name: string) => { const r = await bench(['--root', roots['k3s-server-log'], '--benchmark', name, '--check', '1.1.15,4.1.5']); return ['1.1.15', '4.1.5'].map((id) => r.check(id).status); };
  try {
    chmodSync(sched, 0o644);
    chmodSync(kubelet, 0o644);
    assert.deepEqual(await statuses('k3s-cis-1.23'), ['PASS', 'PASS']);
    assert.deepEqual(await statuses('k3s-cis-1.24'), ['FAIL', 'FAIL']);
    chmodSync(sched, 0o664);
    chmodSync(kubelet, 0o664);
    assert.deepEqual(await statuses('k3s-cis-1.23'), ['FAIL', 'FAIL']);
  } finally {
    chmodSync(sched, 0o600);
    chmodSync(kubelet, 0o600);
  }
});

test('k3s on 1.25 is judged by k3s-cis-1.7 (CIS v1.7 numbering): every automated check PASSes on the hardened server and FAILs (or is violated) on the insecure one', async () => {
  const good = await bench(['--root', roots['k3s-server-log'], '--k8s-version', 'v1.25.16+k3s4']);
  assert.equal(good.json.benchmark, 'k3s-cis-1.7');
  assert.match(good.json.benchmarkReason, /-> k3s-cis-1\.7 \(kube-bench's k3s map: 1\.25 -> k3s-cis-1\.7\);/);
  const ids = judged('k3s-cis-1.7');
  assert.deepEqual(ids.map((id) => good.check(id)).filter((c) => c.status !== 'PASS').map((c) => `${c.id} ${c.status}: ${c.reason}`), []);
  const bad = await bench(['--root', roots['k3s-server-insecure'], '--k8s-version', '1.25', '--k3s-log', JOURNAL]);
  const wrong = ids.filter((id) => ownersApplied || !OWNER_CHECKS.has(id)).map((id) => bad.check(id))
    .filter((c) => (c.scored ? c.status !== 'FAIL' : c.verdict !== 'violated')).map((c) => `${c.id} ${c.status} ${c.verdict}: ${c.reason}`);
  assert.deepEqual(wrong, []);
  // CIS v1.7 asks for DenyServiceExternalIPs; k3s's self-assessment asks that it is not set.
  assert.equal(good.check('1.2.3').text, 'Ensure that the --DenyServiceExternalIPs is not set (Automated)');
  assert.match(bad.check('1.2.3').reason, /not to include DenyServiceExternalIPs/);
  assert.match(good.check('1.1.10').reason, /^Manual check: the ownership of the files under \/var\/lib\/cni\/networks/);
});

test('k3s on 1.26 is judged by k3s-cis-1.8 (CIS v1.8 numbering): automated checks PASS on the hardened server, FAIL or are violated on the insecure one and the agent', async () => {
  const good = await bench(['--root', roots['k3s-server-log'], '--k8s-version', 'v1.26.15+k3s1']);
  assert.equal(good.json.benchmark, 'k3s-cis-1.8');
  const ids = judged('k3s-cis-1.8');
  assert.deepEqual(ids.map((id) => good.check(id)).filter((c) => c.status !== 'PASS').map((c) => `${c.id} ${c.status}: ${c.reason}`), []);
  const bad = await bench(['--root', roots['k3s-server-insecure'], '--k8s-version', '1.26', '--k3s-log', JOURNAL]);
  const wrong = ids.filter((id) => !['4.1.7', '4.1.8'].includes(id) && (ownersApplied || !OWNER_CHECKS.has(id))).map((id) => bad.check(id))
    .filter((c) => (c.scored ? c.status !== 'FAIL' : c.verdict !== 'violated')).map((c) => `${c.id} ${c.status} ${c.verdict}: ${c.reason}`);
  assert.deepEqual(wrong, []);
  // etcd's checks are Automated but unscored in k3s-cis-1.8: violated, not FAIL.
  assert.deepEqual(['2.1', '2.3'].map((id) => `${bad.check(id).status} ${bad.check(id).verdict}`), ['WARN violated', 'WARN violated']);
  const agent = await bench(['--root', roots['k3s-agent'], '--k8s-version', '1.26']);
  assert.equal(agent.json.benchmark, 'k3s-cis-1.8');
  assert.deepEqual(['4.1.7', '4.1.8'].map((id) => agent.check(id).status), ownersApplied ? ['FAIL', 'FAIL'] : ['FAIL', 'PASS']);
});

test('facts saved by `kubefort collect` on a k3s node keep what k3s showed: bench --facts chooses the k3s profile and judges the same evidence', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-k3s-facts-'));
  try {
    const file = join(dir, 'facts.json');
    const collected = await kubefort(['collect', '--root', roots['k3s-server-log'], '--outputfile', file]);
    assert.equal(collected.code, 0);
    const run = await bench(['--facts', file, '--check', '1.2.18,1.2.26']);
    assert.equal(run.json.benchmark, 'k3s-cis-1.24');
    assert.match(run.json.benchmarkReason, /^platform k3s server \(process k3s server \(\/proc\/2301\/cmdline\), \/etc\/rancher\/k3s\/config\.yaml, [^)]*\) -> k3s-cis-1\.24 \(kube-bench's k3s map: 1\.24 -> k3s-cis-1\.24\)/);
    assert.deepEqual(['1.2.18', '1.2.26'].map((id) => run.check(id).status), ['PASS', 'PASS']);
    assert.equal(run.check('1.2.18').evidence[0]?.location?.file, '/var/log/k3s.log');
    // collect --k3s-log reads an exported journal the same way bench does.
    const fromJournal = join(dir, 'insecure.json');
    assert.equal((await kubefort(['collect', '--root', roots['k3s-server-insecure'], '--k3s-log', JOURNAL, '--outputfile', fromJournal])).code, 0);
    const judged2 = await bench(['--facts', fromJournal, '--check', '1.2.18']);
    assert.equal(judged2.check('1.2.18').status, 'FAIL');
    assert.equal(judged2.check('1.2.18').evidence[0]?.location?.file, JOURNAL);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
