import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { ANY_BENCHMARK, BENCHMARKS, benchmarkByName, selectBenchmark } from '../../src/cis/benchmarks/index.js';
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

/** [rule, version, benchmark, reason] — kube-bench's version_mapping. */
const MAP: [string, string, string, RegExp][] = [
  ['1.22 maps to cis-1.23', 'v1.22.17', 'cis-1.23', /^Kubernetes 1\.22 -> cis-1\.23 \(covers 1\.22–1\.23\)/],
  ['1.23 maps to cis-1.23', '1.23', 'cis-1.23', /^Kubernetes 1\.23 -> cis-1\.23/],
  ['1.24 maps to cis-1.24', '1.24', 'cis-1.24', /^Kubernetes 1\.24 -> cis-1\.24/],
  ['1.25 maps to cis-1.7', '1.25', 'cis-1.7', /^Kubernetes 1\.25 -> cis-1\.7/],
  ['1.26 maps to cis-1.8', 'v1.26.15', 'cis-1.8', /^Kubernetes 1\.26 -> cis-1\.8/],
  ['1.27 maps to cis-1.9', '1.27', 'cis-1.9', /^Kubernetes 1\.27 -> cis-1\.9/],
  ['1.28 maps to cis-1.10', 'v1.28.3', 'cis-1.10', /^Kubernetes 1\.28 -> cis-1\.10/],
  ['1.29 maps to cis-1.11', '1.29', 'cis-1.11', /^Kubernetes 1\.29 -> cis-1\.11 \(covers 1\.29–1\.31\)/],
  ['1.30 maps to cis-1.11', 'v1.30.14', 'cis-1.11', /^Kubernetes 1\.30 -> cis-1\.11/],
  ['1.31 maps to cis-1.11', '1.31', 'cis-1.11', /^Kubernetes 1\.31 -> cis-1\.11/],
  ['1.32 maps to cis-1.12', '1.32', 'cis-1.12', /^Kubernetes 1\.32 -> cis-1\.12/],
  ['a minor older than the map takes the oldest benchmark, saying so', 'v1.19.16', 'cis-1.23', /^Kubernetes 1\.19 has no benchmark of its own \(older than every bundled benchmark\); using the nearest, cis-1\.23/],
];
for (const [rule, version, expected, reason] of MAP) {
  test(rule, () => {
    const chosen = selectBenchmark(version);
    assert.equal(chosen.benchmark.name, expected);
    assert.match(chosen.reason, reason);
  });
}

test('every mapped minor lies inside the range its benchmark says it covers', () => {
  for (const b of BENCHMARKS) {
    const [from, to] = b.kubernetes.map((m) => Number(m.split('.')[1]));
    for (let minor = from as number; minor <= (to as number); minor++) {
      assert.ok(['cis-1.12', 'cis-2.0'].includes(b.name) || selectBenchmark(`1.${minor}`).benchmark.name === b.name, `${b.name} 1.${minor}`);
    }
  }
});

test('a --check id that exists only in an older benchmark is accepted before the benchmark is known', async () => {
  const ran = await kubefort(['bench', '--k8s-version', '1.25', '--root', node, '--check', '1.2.31', '--output', 'json']);
  assert.equal(ran.code === 2, false, ran.err);
  assert.deepEqual(checksOf(ran.out).map((c) => c.id), ['1.2.31']);
  assert.ok(benchmarkIds(ANY_BENCHMARK).checks.includes('4.2.15'));
});
