import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ANY_BENCHMARK, BENCHMARK_FOR_MINOR, BENCHMARKS, benchmarkByName, KUBE_BENCH_MAP_SOURCE, selectBenchmark } from '../../src/cis/benchmarks/index.js';
import { benchmarkIds } from '../../src/cis/evaluate.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { kubeBenchIds } from './kube-bench-ids.js';

const node = materializeNodeFixture('kubeadm-1.32-controlplane');
after(() => removeNodeFixture(node));


interface Json { benchmark: string; benchmarkReason: string; controls: { groups: { checks: { id: string; automated: boolean; scored: boolean }[] }[] }[] }
const checksOf = (out: string) => (JSON.parse(out) as Json).controls.flatMap((c) => c.groups.flatMap((g) => g.checks));

const OLDER = ['cis-1.23', 'cis-1.24', 'cis-1.7', 'cis-1.8', 'cis-1.9', 'cis-1.10', 'cis-1.11'];

for (const name of [...OLDER, 'cis-1.12', 'cis-2.0']) {
  test(`bench --benchmark ${name} --output json lists exactly kube-bench's check ids, in order (test/fixtures/cis/ids/${name}.txt)`, async () => {
    const ran = await kubefort(['bench', '--benchmark', name, '--output', 'json', '--root', node, '--targets', 'master,etcd,controlplane,node,policies']);
    assert.equal((JSON.parse(ran.out) as Json).benchmark, name);
    assert.deepEqual(checksOf(ran.out).map((c) => c.id), kubeBenchIds(name));
  });
}

test('the document version of every bundled benchmark is in its title', () => {
  for (const b of BENCHMARKS) assert.match(b.title, /^CIS Kubernetes (V1\.2[34] )?Benchmark v\d+\.\d+\.\d+$/, b.name);
});

/** [rule, benchmark, check id, automated, scored] — classifications as kube-bench's cfg gives them. */
const CLASSIFIED: [string, string, string, boolean, boolean][] = [
  ['cis-1.11 1.2.30 is titled Automated but kube-bench does not score it', 'cis-1.11', '1.2.30', true, false],
  ['cis-1.9 5.1.1 is titled Automated (unscored); cis-1.10 made it Manual', 'cis-1.9', '5.1.1', true, false],
  ['cis-1.10 5.1.1 is Manual', 'cis-1.10', '5.1.1', false, false],
  ['cis-1.8 5.2.3 is titled Automated (unscored)', 'cis-1.8', '5.2.3', true, false],
  ['cis-1.8 5.1.6 is Manual again', 'cis-1.8', '5.1.6', false, false],
  ['cis-1.7 1.2.16 --secure-port is Manual (obsolete)', 'cis-1.7', '1.2.16', false, false],
  ['cis-1.24 1.2.16 --secure-port is Automated and scored', 'cis-1.24', '1.2.16', true, true],
  ['cis-1.24 1.2.3 (DenyServiceExternalIPs not set) is Automated and scored', 'cis-1.24', '1.2.3', true, true],
  ['cis-1.23 1.2.4 --kubelet-https is Automated and scored', 'cis-1.23', '1.2.4', true, true],
  ['cis-1.24 4.2.6 --protect-kernel-defaults is Automated and scored', 'cis-1.24', '4.2.6', true, true],
];
for (const [rule, name, id, automated, scored] of CLASSIFIED) {
  test(rule, () => {
    const check = benchmarkByName(name).controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).find((c) => c.id === id);
    assert.ok(check, `${name} has ${id}`);
    assert.deepEqual([check.automated, check.scored], [automated, scored]);
  });
}

/** [rule, benchmark, id, text fragment] — the delta put the right recommendation under the renumbered id. */
const RENUMBERED: [string, string, string, RegExp][] = [
  ['cis-1.8 inserts SecurityContextDeny as 1.2.12, so ServiceAccount is 1.2.13', 'cis-1.8', '1.2.13', /ServiceAccount is set/],
  ['cis-1.8 1.2.12 is SecurityContextDeny', 'cis-1.8', '1.2.12', /SecurityContextDeny/],
  ['cis-1.7 keeps --secure-port as 1.2.16, so --profiling is 1.2.17', 'cis-1.7', '1.2.17', /--profiling/],
  ['cis-1.7 1.2.31 is the cipher suites check', 'cis-1.7', '1.2.31', /Strong Cryptographic Ciphers/],
  ['cis-1.23 inserts --kubelet-https as 1.2.4, so the kubelet client certificate is 1.2.5', 'cis-1.23', '1.2.5', /--kubelet-client-certificate/],
  ['cis-1.24 4.2.7 is make-iptables-util-chains (after protect-kernel-defaults)', 'cis-1.24', '4.2.7', /--make-iptables-util-chains/],
  ['cis-1.24 4.2.13 is the kubelet cipher suites check (no pod PID limit)', 'cis-1.24', '4.2.13', /Strong Cryptographic Ciphers/],
  ['cis-1.11 5.2.9 is added capabilities, 5.2.10 capabilities assigned', 'cis-1.11', '5.2.9', /added capabilities/],
  ['cis-1.11 5.2.13 is HostPorts', 'cis-1.11', '5.2.13', /HostPorts/],
  ['cis-1.10 General Policies are 5.7', 'cis-1.10', '5.7.4', /default namespace/],
  ['cis-1.11 4.2.15 is IPAddressDeny', 'cis-1.11', '4.2.15', /IPAddressDeny/],
];
for (const [rule, name, id, text] of RENUMBERED) {
  test(rule, () => {
    const check = benchmarkByName(name).controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).find((c) => c.id === id);
    assert.match(check?.text ?? '', text);
  });
}

/**
 * kube-bench's cfg/config.yaml version_mapping, every Kubernetes minor from 1.15, as read at
 * aquasecurity/kube-bench cfg/config.yaml@c4fd3ecb647b9d9affbf01a0f5a60e8385a9fe22 (also at 03db01dff48a, the
 * commit that added cis-2.0): [minor, kube-bench's benchmark, kubefort's benchmark, reason]. Minors whose
 * kube-bench benchmark is not bundled (cis-1.5, cis-1.6, cis-1.20) take the oldest bundled one and say so;
 * minors newer than the map take the newest, saying so.
 */
const KUBE_BENCH_CONFIG = 'c4fd3ecb647b9d9affbf01a0f5a60e8385a9fe22';
const MAP: [string, string, string, RegExp][] = [
  ['1.15', 'cis-1.5', 'cis-1.23', /^Kubernetes 1\.15 maps to cis-1\.5 in kube-bench, which is not bundled \(older than every bundled benchmark\); using the nearest, cis-1\.23/],
  ['1.16', 'cis-1.6', 'cis-1.23', /^Kubernetes 1\.16 maps to cis-1\.6 in kube-bench, which is not bundled/],
  ['1.17', 'cis-1.6', 'cis-1.23', /^Kubernetes 1\.17 maps to cis-1\.6 in kube-bench/],
  ['1.18', 'cis-1.6', 'cis-1.23', /^Kubernetes 1\.18 maps to cis-1\.6 in kube-bench/],
  ['1.19', 'cis-1.20', 'cis-1.23', /^Kubernetes 1\.19 maps to cis-1\.20 in kube-bench, which is not bundled/],
  ['1.20', 'cis-1.20', 'cis-1.23', /^Kubernetes 1\.20 maps to cis-1\.20 in kube-bench/],
  ['1.21', 'cis-1.20', 'cis-1.23', /^Kubernetes 1\.21 maps to cis-1\.20 in kube-bench/],
  ['1.22', 'cis-1.23', 'cis-1.23', /^Kubernetes 1\.22 -> cis-1\.23 \(covers 1\.22–1\.23\)/],
  ['1.23', 'cis-1.23', 'cis-1.23', /^Kubernetes 1\.23 -> cis-1\.23/],
  ['1.24', 'cis-1.24', 'cis-1.24', /^Kubernetes 1\.24 -> cis-1\.24/],
  ['1.25', 'cis-1.7', 'cis-1.7', /^Kubernetes 1\.25 -> cis-1\.7/],
  ['1.26', 'cis-1.8', 'cis-1.8', /^Kubernetes 1\.26 -> cis-1\.8/],
  ['1.27', 'cis-1.9', 'cis-1.9', /^Kubernetes 1\.27 -> cis-1\.9/],
  ['1.28', 'cis-1.10', 'cis-1.10', /^Kubernetes 1\.28 -> cis-1\.10/],
  ['1.29', 'cis-1.11', 'cis-1.11', /^Kubernetes 1\.29 -> cis-1\.11 \(covers 1\.29–1\.31\)/],
  ['1.30', 'cis-1.11', 'cis-1.11', /^Kubernetes 1\.30 -> cis-1\.11/],
  ['1.31', 'cis-1.11', 'cis-1.11', /^Kubernetes 1\.31 -> cis-1\.11/],
  ['1.32', 'cis-1.12', 'cis-1.12', /^Kubernetes 1\.32 -> cis-1\.12 \(covers 1\.32–1\.33\)/],
  ['1.33', 'cis-1.12', 'cis-1.12', /^Kubernetes 1\.33 -> cis-1\.12/],
  ['1.34', 'cis-2.0', 'cis-2.0', /^Kubernetes 1\.34 -> cis-2\.0 \(covers 1\.34–1\.35\)/],
  ['1.35', 'cis-2.0', 'cis-2.0', /^Kubernetes 1\.35 -> cis-2\.0/],
  ['1.36', '(none)', 'cis-2.0', /^Kubernetes 1\.36 has no benchmark of its own \(newer than every bundled benchmark\); using the nearest, cis-2\.0/],
];
for (const [minor, kubeBench, expected, reason] of MAP) {
  test(`Kubernetes ${minor}: kube-bench (config.yaml@${KUBE_BENCH_CONFIG.slice(0, 12)}) runs ${kubeBench}, kubefort ${expected}`, () => {
    const chosen = selectBenchmark(`v${minor}.3`);
    assert.equal(chosen.benchmark.name, expected);
    assert.match(chosen.reason, reason);
    if (kubeBench === expected) assert.equal(BENCHMARK_FOR_MINOR[minor], kubeBench);
  });
}

test('the map names kube-bench\'s commit, and every mapped minor lies inside the range its benchmark says it covers', () => {
  assert.match(KUBE_BENCH_MAP_SOURCE.config, new RegExp(KUBE_BENCH_CONFIG));
  for (const b of BENCHMARKS) {
    const [from, to] = b.kubernetes.map((m) => Number(m.split('.')[1]));
    for (let minor = from as number; minor <= (to as number); minor++) {
      assert.equal(selectBenchmark(`1.${minor}`).benchmark.name, b.name, `${b.name} 1.${minor}`);
    }
  }
  for (const [minor, name] of Object.entries(BENCHMARK_FOR_MINOR)) {
    const b = benchmarkByName(name);
    const [from, to] = b.kubernetes.map((m) => Number(m.split('.')[1]));
    const at = Number(minor.split('.')[1]);
    assert.ok((from as number) <= at && at <= (to as number), `${minor} in ${b.name}`);
  }
});

test('a --check id that exists only in an older benchmark is accepted before the benchmark is known', async () => {
  const ran = await kubefort(['bench', '--k8s-version', '1.25', '--root', node, '--check', '1.2.31', '--output', 'json']);
  assert.equal(ran.code === 2, false, ran.err);
  assert.deepEqual(checksOf(ran.out).map((c) => c.id), ['1.2.31']);
  assert.ok(benchmarkIds(ANY_BENCHMARK).checks.includes('4.2.15'));
});

/**
 * Sections 2 (etcd) and 3 (control plane) as kube-bench's cfg/<benchmark>/etcd.yaml and controlplane.yaml give
 * them (commits in test/fixtures/cis/ids/<benchmark>.txt): [id, automated, scored, title].
 */
const ETCD_AND_CONTROL_PLANE: [string, boolean, boolean, string][] = [
  ['2.1', true, true, 'Ensure that the --cert-file and --key-file arguments are set as appropriate'],
  ['2.2', true, true, 'Ensure that the --client-cert-auth argument is set to true'],
  ['2.3', true, true, 'Ensure that the --auto-tls argument is not set to true'],
  ['2.4', true, true, 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate'],
  ['2.5', true, true, 'Ensure that the --peer-client-cert-auth argument is set to true'],
  ['2.6', true, true, 'Ensure that the --peer-auto-tls argument is not set to true'],
  ['2.7', false, false, 'Ensure that a unique Certificate Authority is used for etcd'],
  ['3.1.1', false, false, 'Client certificate authentication should not be used for users'],
  ['3.1.2', false, false, 'Service account token authentication should not be used for users'],
  ['3.1.3', false, false, 'Bootstrap token authentication should not be used for users'],
  ['3.2.1', false, false, 'Ensure that a minimal audit policy is created'],
  ['3.2.2', false, false, 'Ensure that the audit policy covers key security concerns'],
];
for (const name of [...OLDER, 'cis-1.12', 'cis-2.0']) {
  test(`${name} sections 2 and 3 have kube-bench's ids, titles and classification${['cis-1.23', 'cis-1.24'].includes(name) ? ' (3.1 is only 3.1.1)' : ''}`, () => {
    const checks = benchmarkByName(name).controls.filter((c) => c.id === '2' || c.id === '3').flatMap((c) => c.groups.flatMap((g) => g.checks));
    const expected = ETCD_AND_CONTROL_PLANE.filter(([id]) => !(['cis-1.23', 'cis-1.24'].includes(name) && (id === '3.1.2' || id === '3.1.3')));
    assert.deepEqual(checks.map((c) => [c.id, c.automated, c.scored, c.text]), expected);
  });
}
