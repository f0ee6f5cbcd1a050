import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkByName } from '../../src/cis/benchmarks/index.js';
import { evaluate } from '../../src/cis/evaluate.js';
import type { NodeFacts } from '../../src/domain/node-facts.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort } from '../helpers/cli.js';
import { running } from './builders.js';

const k123 = materializeNodeFixture('kubeadm-1.23-controlplane');
const weak = materializeNodeFixture('kubeadm-1.32-controlplane');
const hardened = materializeNodeFixture('kubeadm-1.32-hardened');
after(() => {
  for (const root of [k123, weak, hardened]) removeNodeFixture(root);
});

interface Json { benchmark: string; benchmarkReason: string; controls: { groups: { checks: { id: string; status: string; reason: string }[] }[] }[] }
async function statuses(args: string[]): Promise<{ json: Json; of: Record<string, string> }> {
  const ran = await kubefort(['bench', ...args, '--json']);
  const json = JSON.parse(ran.out) as Json;
  const of = Object.fromEntries(json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => [k.id, k.status]))));
  return { json, of };
}

function status(benchmark: string, id: string, facts: NodeFacts): string {
  const result = evaluate({ facts, benchmark: benchmarkByName(benchmark), benchmarkReason: 'test', selection: { checks: [id] } });
  return result.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).find((c) => c.id === id)?.status ?? 'missing';
}

test('a kubeadm 1.23 control plane is judged by cis-1.23, chosen from its image version through the map entry 1.23', async () => {
  const { json } = await statuses(['--root', k123, '--check', '1.2.1']);
  assert.equal(json.benchmark, 'cis-1.23');
  assert.match(json.benchmarkReason, /^Kubernetes 1\.23 -> cis-1\.23 \(covers 1\.22–1\.23\); v1\.23\.17 from /);
});

test('cis-1.23 on kubeadm 1.23 defaults: --kubelet-https and --secure-port pass on their defaults, protect-kernel-defaults fails, SecurityContextDeny is violated', async () => {
  const { of } = await statuses(['--root', k123, '--check', '1.2.3,1.2.4,1.2.13,1.2.17,4.2.6']);
  assert.deepEqual(of, { '1.2.3': 'PASS', '1.2.4': 'PASS', '1.2.13': 'WARN', '1.2.17': 'PASS', '4.2.6': 'FAIL' });
});

test('cis-1.23 1.2.4 fails when the API server is told --kubelet-https=false', () => {
  assert.equal(status('cis-1.23', '1.2.4', running('kube-apiserver', ['--kubelet-https=false'])), 'FAIL');
  assert.equal(status('cis-1.23', '1.2.4', running('kube-apiserver', ['--kubelet-https=true'])), 'PASS');
});

test('cis-1.24 1.2.3 fails when DenyServiceExternalIPs is enabled (the opposite of 1.7 and later) and passes without it', async () => {
  assert.equal((await statuses(['--benchmark', 'cis-1.24', '--root', hardened, '--check', '1.2.3'])).of['1.2.3'], 'FAIL');
  assert.equal((await statuses(['--benchmark', 'cis-1.24', '--root', weak, '--check', '1.2.3'])).of['1.2.3'], 'PASS');
  assert.equal((await statuses(['--benchmark', 'cis-1.7', '--root', hardened, '--check', '1.2.3'])).of['1.2.3'], 'PASS');
});

test('cis-1.24 1.2.16 --secure-port: 0 fails, 6443 and the default pass', () => {
  assert.equal(status('cis-1.24', '1.2.16', running('kube-apiserver', ['--secure-port=0'])), 'FAIL');
  assert.equal(status('cis-1.24', '1.2.16', running('kube-apiserver', ['--secure-port=6443'])), 'PASS');
  assert.equal(status('cis-1.24', '1.2.16', running('kube-apiserver', ['--profiling=false'])), 'PASS');
  assert.equal(status('cis-1.7', '1.2.16', running('kube-apiserver', ['--secure-port=0'])), 'WARN', 'Manual in cis-1.7');
});

test('cis-1.24 4.2.6 --protect-kernel-defaults passes on the hardened kubelet config and fails on kubeadm\'s default', async () => {
  assert.equal((await statuses(['--benchmark', 'cis-1.24', '--root', hardened, '--check', '4.2.6'])).of['4.2.6'], 'PASS');
  assert.equal((await statuses(['--benchmark', 'cis-1.24', '--root', weak, '--check', '4.2.6'])).of['4.2.6'], 'FAIL');
});

test('cis-1.8 1.2.12 SecurityContextDeny is satisfied by SecurityContextDeny or PodSecurityPolicy, violated by neither', () => {
  assert.equal(status('cis-1.8', '1.2.12', running('kube-apiserver', ['--enable-admission-plugins=NodeRestriction,PodSecurityPolicy'])), 'PASS');
  assert.equal(status('cis-1.8', '1.2.12', running('kube-apiserver', ['--enable-admission-plugins=SecurityContextDeny'])), 'PASS');
  assert.equal(status('cis-1.8', '1.2.12', running('kube-apiserver', ['--enable-admission-plugins=NodeRestriction,PodSecurityPolicyX'])), 'WARN');
});

test('cis-1.10 asks 600 of PKI certificates and the kubelet client CA, where cis-1.11 accepts kubeadm\'s 644', async () => {
  assert.deepEqual((await statuses(['--benchmark', 'cis-1.10', '--root', hardened, '--check', '1.1.20,4.1.7'])).of, { '1.1.20': 'WARN', '4.1.7': 'WARN' });
  assert.deepEqual((await statuses(['--benchmark', 'cis-1.11', '--root', hardened, '--check', '1.1.20,4.1.7'])).of, { '1.1.20': 'PASS', '4.1.7': 'PASS' });
});

test('the API server cipher lists widen going back: a CBC suite passes cis-1.11, not cis-1.12; an RSA key-exchange suite passes cis-1.9, not cis-1.10', () => {
  const cbc = running('kube-apiserver', ['--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA']);
  assert.equal(status('cis-1.12', '1.2.29', cbc), 'WARN');
  assert.equal(status('cis-1.11', '1.2.29', cbc), 'PASS');
  const rsa = running('kube-apiserver', ['--tls-cipher-suites=TLS_RSA_WITH_AES_128_GCM_SHA256']);
  assert.equal(status('cis-1.10', '1.2.29', rsa), 'WARN');
  assert.equal(status('cis-1.9', '1.2.29', rsa), 'PASS');
  assert.equal(status('cis-1.8', '1.2.30', rsa), 'PASS', 'renumbered to 1.2.30 in cis-1.8');
});

test('a --check id of another benchmark is refused once the node\'s version picked one without it', async () => {
  const ran = await kubefort(['bench', '--root', weak, '--check', '4.2.15']);
  assert.equal(ran.code, 2);
  assert.match(ran.err, /unknown check id "4\.2\.15" in cis-1\.12/);
});
