import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectNodeFacts } from '../../src/collect/node/index.js';
import { benchmarkByName } from '../../src/cis/benchmarks/index.js';
import { evaluate } from '../../src/cis/evaluate.js';
import type { CheckResult } from '../../src/cis/result.js';
import { materializeNodeFixture, ownersApplied, removeNodeFixture } from '../helpers/materialize.js';

/** kube-bench's known faults, each checked on a real node fixture. */
const roots: string[] = [];
after(() => { for (const root of roots) removeNodeFixture(root); });

function checks(fixture: string, ids: string[]): Map<string, CheckResult> {
  const root = materializeNodeFixture(fixture);
  roots.push(root);
  const facts = collectNodeFacts({ root, now: new Date('2026-11-23T12:00:00Z') });
  const result = evaluate({ facts, benchmark: benchmarkByName('cis-1.12'), benchmarkReason: 'test', selection: { checks: ids, targets: ['master', 'etcd', 'node'] } });
  return new Map(result.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).map((c) => [c.id, c]));
}

test('the kubelet config is the file the running kubelet was given (--config=/etc/custom/kubelet.json), not a fixed path', () => {
  const found = checks('worker-custom-json-config', ['4.1.9', '4.2.1']);
  assert.equal(found.get('4.1.9')?.evidence[0]?.location?.file, '/etc/custom/kubelet.json');
  assert.equal(found.get('4.2.1')?.status, 'PASS');
  assert.equal(found.get('4.2.1')?.evidence[0]?.location?.file, '/etc/custom/kubelet.json');
});

test('--config-dir drop-ins are merged: the values judged come from the drop-in that set them last', () => {
  const found = checks('worker-config-dir', ['4.2.4', '4.2.8', '4.2.12']);
  const qps = found.get('4.2.8')?.evidence[0];
  assert.equal(qps?.value, '10');
  assert.equal(qps?.source, 'drop-in');
  assert.match(qps?.location?.file ?? '', /20-events\.conf$/);
  assert.equal(found.get('4.2.12')?.evidence[0]?.value, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'a later drop-in replaces the list');
  // --read-only-port=0 on the command line wins over readOnlyPort: 10257 in a drop-in.
  assert.equal(found.get('4.2.4')?.status, 'PASS');
  assert.equal(found.get('4.2.4')?.evidence[0]?.source, 'flag');
});

test('readOnlyPort absent from the config file is the config-file default 0: PASS, not FAIL', () => {
  const found = checks('kubeadm-1.32-controlplane', ['4.2.4']);
  assert.equal(found.get('4.2.4')?.status, 'PASS');
  assert.equal(found.get('4.2.4')?.evidence[0]?.source, 'default');
});

test('without an etcd entry in /etc/passwd, 1.1.12 WARNs with the numeric ids and root-owned files still PASS', { skip: ownersApplied ? false : 'owners need root' }, () => {
  const found = checks('controlplane-no-etcd-user', ['1.1.12', '1.1.2', '1.1.19']);
  assert.equal(found.get('1.1.12')?.status, 'WARN');
  assert.match(found.get('1.1.12')?.reason ?? '', /uid 989, gid 989, which have no name/);
  assert.equal(found.get('1.1.2')?.status, 'PASS');
  assert.equal(found.get('1.1.19')?.status, 'PASS');
});

test('a malformed API server manifest makes its checks WARN naming file:line:column; the run goes on', () => {
  const found = checks('broken-manifest', ['1.2.1', '1.2.15', '1.3.2']);
  for (const id of ['1.2.1', '1.2.15']) {
    assert.equal(found.get(id)?.status, 'WARN', id);
    assert.match(found.get(id)?.reason ?? '', /\/etc\/kubernetes\/manifests\/kube-apiserver\.yaml:19:4/);
  }
  assert.equal(found.get('1.3.2')?.status, 'FAIL', 'the controller manager is still judged');
});

test('etcd configured through ETCD_* variables (kubespray: systemd EnvironmentFile) is judged on them; flags shadow them', () => {
  const found = checks('etcd-systemd-environ', ['2.1', '2.2', '2.5', '2.6']);
  assert.equal(found.get('2.1')?.status, 'PASS');
  assert.equal(found.get('2.1')?.evidence[0]?.location?.file, '/proc/2231/environ');
  // ETCD_CLIENT_CERT_AUTH=false is shadowed by --client-cert-auth=true on the command line.
  assert.equal(found.get('2.2')?.status, 'PASS');
  assert.equal(found.get('2.2')?.evidence[0]?.location?.file, '/proc/2231/cmdline');
  assert.equal(found.get('2.5')?.status, 'PASS');
  assert.equal(found.get('2.6')?.status, 'FAIL');
  assert.match(found.get('2.6')?.remediation ?? '', /On this node: --peer-auto-tls comes from the environment variable ETCD_PEER_AUTO_TLS \(\/proc\/2231\/environ\)/);
});
