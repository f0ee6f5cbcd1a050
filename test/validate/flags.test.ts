import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StaticPodComponent } from '../../src/collect/node/manifests.js';
import { APISERVER_FLAGS } from '../../src/validate/flags/apiserver.js';
import { CONTROLLER_MANAGER_FLAGS } from '../../src/validate/flags/controller-manager.js';
import { ETCD_FLAGS } from '../../src/validate/flags/etcd.js';
import { FlagKind, knownFlags, SUPPORTED_MINORS } from '../../src/validate/flags/index.js';
import type { ComponentFlagData } from '../../src/validate/flags/model.js';
import { SCHEDULER_FLAGS } from '../../src/validate/flags/scheduler.js';
import { validateManifest } from '../../src/validate/manifest.js';

const COMPONENTS: readonly StaticPodComponent[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'];
const MINORS = Array.from({ length: SUPPORTED_MINORS.high - SUPPORTED_MINORS.low + 1 }, (_, i) => SUPPORTED_MINORS.low + i);

/** kubeadm's manifests for 1.N (test/validate/fixtures/kubeadm-1.N; etcd 3.5 up to 1.33, etcd 3.6 with --feature-gates from 1.34). */
function manifest(minor: number, component: StaticPodComponent): string {
  return readFileSync(join('test/validate/fixtures', `kubeadm-1.${minor}`, 'etc/kubernetes/manifests', `${component}.yaml`), 'utf8');
}
function check(text: string, component: StaticPodComponent, minor: number) {
  return validateManifest({ text, file: `/etc/kubernetes/manifests/${component}.yaml`, component, minor, exists: () => true });
}
/** The kubeadm manifest of 1.N with one argument added after the command name (as `    - --flag=value`). */
function withArg(minor: number, component: StaticPodComponent, arg: string): string {
  const text = manifest(minor, component);
  const head = `    - ${component}\n`;
  assert.ok(text.includes(head), head);
  return text.replace(head, `${head}    - ${arg}\n`);
}
const rules = (findings: { ruleId: string; message: string }[]) => findings.map((f) => `${f.ruleId} ${f.message}`);

for (const minor of MINORS) {
  for (const component of COMPONENTS) {
    test(`kubeadm 1.${minor} ${component} manifest: no finding at all (no false MV001 unknown flag, no false MV003 value)`, () => {
      assert.deepEqual(rules(check(manifest(minor, component), component, minor)), []);
    });
  }
}

test('the kubeadm fixtures carry the image kubeadm uses for the minor (etcd 3.5 for 1.29–1.33, etcd 3.6 for 1.34–1.35)', () => {
  for (const minor of MINORS) {
    assert.match(manifest(minor, 'kube-apiserver'), new RegExp(`image: registry\\.k8s\\.io/kube-apiserver:v1\\.${minor}\\.`));
    assert.match(manifest(minor, 'etcd'), minor >= 34 ? /image: registry\.k8s\.io\/etcd:3\.6\./ : /image: registry\.k8s\.io\/etcd:3\.5\./);
  }
});

test('etcd 3.6 flags (--feature-gates, --watch-progress-notify-interval) are unknown to the etcd 3.5 of 1.33 and known from 1.34', () => {
  const etcd36 = manifest(34, 'etcd');
  assert.deepEqual(check(etcd36, 'etcd', 34), []);
  const on33 = rules(check(etcd36, 'etcd', 33));
  assert.equal(on33.length, 2);
  assert.match(on33[0] ?? '', /^MV001 unknown flag --feature-gates for etcd 1\.33/);
  assert.match(on33[1] ?? '', /^MV001 unknown flag --watch-progress-notify-interval for etcd 1\.33/);
  for (const flag of ['--memory-mlock', '--corrupt-check-time=3h', '--max-learners=2', '--discovery-endpoints=https://d:2379']) {
    assert.deepEqual(check(withArg(35, 'etcd', flag), 'etcd', 35), [], flag);
    assert.deepEqual(check(withArg(33, 'etcd', flag), 'etcd', 33).map((f) => f.ruleId), ['MV001'], flag);
  }
});

test('etcd deprecated-but-accepted: 3.6 still takes every experimental-* flag kubeadm 1.29–1.33 wrote', () => {
  for (const flag of ['--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s', '--experimental-compact-hash-check-enabled=true', '--snapshot-count=10000', '--v2-deprecation=write-only']) {
    for (const minor of MINORS) assert.deepEqual(check(withArg(minor, 'etcd', flag), 'etcd', minor), [], `${flag} on 1.${minor}`);
  }
});

test('etcd removed in 3.6: --enable-v2, --experimental-enable-v2v3 and the v2 proxy flags are MV001 from 1.34, accepted on 1.33', () => {
  for (const flag of ['--enable-v2=false', '--experimental-enable-v2v3=/v2/', '--proxy=off', '--proxy-dial-timeout=1000']) {
    assert.deepEqual(check(withArg(33, 'etcd', flag), 'etcd', 33), [], flag);
    const on34 = check(withArg(34, 'etcd', flag), 'etcd', 34);
    assert.deepEqual(on34.map((f) => f.ruleId), ['MV001'], flag);
  }
});

test('etcd has no --initial-corrupt-check on any version: 3.6 moved it to --feature-gates=InitialCorruptCheck=true', () => {
  for (const minor of MINORS) assert.deepEqual(check(withArg(minor, 'etcd', '--initial-corrupt-check=true'), 'etcd', minor).map((f) => f.ruleId), ['MV001']);
});

test('etcd value kinds as Go\'s flag package parses them: --heartbeat-interval is milliseconds (uint), the keepalives are durations', () => {
  assert.match(rules(check(withArg(32, 'etcd', '--heartbeat-interval=100ms'), 'etcd', 32))[0] ?? '', /^MV003 --heartbeat-interval=100ms: not an integer/);
  assert.match(rules(check(withArg(35, 'etcd', '--grpc-keepalive-timeout=20'), 'etcd', 35))[0] ?? '', /^MV003 --grpc-keepalive-timeout=20: not a Go duration/);
  assert.match(rules(check(withArg(35, 'etcd', '--client-cert-auth=yes'), 'etcd', 35))[0] ?? '', /^MV003 --client-cert-auth=yes: not a boolean/);
  assert.deepEqual(check(withArg(35, 'etcd', '--election-timeout=1000'), 'etcd', 35), []);
});

test('kube-scheduler --pod-max-in-unschedulable-pods-duration: deprecated but still registered, known on 1.29–1.35 (was unknown after 1.32)', () => {
  for (const minor of MINORS) {
    assert.deepEqual(check(withArg(minor, 'kube-scheduler', '--pod-max-in-unschedulable-pods-duration=5m'), 'kube-scheduler', minor), [], `1.${minor}`);
  }
  assert.match(rules(check(withArg(35, 'kube-scheduler', '--pod-max-in-unschedulable-pods-duration=5 minutes'), 'kube-scheduler', 35))[0] ?? '', /^MV003 .*not a Go duration/);
});

test('kube-scheduler value kinds: durations, ints and the float --kube-api-qps are checked (they were untyped)', () => {
  const bad = ['--leader-elect-lease-duration=fifteen', '--secure-port=10259a', '--kube-api-burst=lots', '--kube-api-qps=fast', '--authentication-token-webhook-cache-ttl=10'];
  for (const arg of bad) assert.deepEqual(check(withArg(33, 'kube-scheduler', arg), 'kube-scheduler', 33).map((f) => f.ruleId), ['MV003'], arg);
  for (const arg of ['--leader-elect-lease-duration=15s', '--secure-port=10259', '--kube-api-qps=50.5', '--v=2']) {
    assert.deepEqual(check(withArg(33, 'kube-scheduler', arg), 'kube-scheduler', 33), [], arg);
  }
});

test('kube-apiserver: --cloud-config removed in 1.33 (kubernetes#130162), coordinated-leadership durations stay durations, --storage-initialization-timeout known on 1.29', () => {
  assert.deepEqual(check(withArg(32, 'kube-apiserver', '--cloud-config=/etc/kubernetes/cloud.conf'), 'kube-apiserver', 32).map((f) => f.ruleId), []);
  assert.deepEqual(check(withArg(33, 'kube-apiserver', '--cloud-config=/etc/kubernetes/cloud.conf'), 'kube-apiserver', 33).map((f) => f.ruleId), ['MV001']);
  assert.equal(knownFlags('kube-apiserver', 33).flags.get('coordinated-leadership-lease-duration'), FlagKind.duration);
  assert.deepEqual(check(withArg(33, 'kube-apiserver', '--coordinated-leadership-lease-duration=15'), 'kube-apiserver', 33).map((f) => f.ruleId), ['MV003']);
  assert.deepEqual(check(withArg(29, 'kube-apiserver', '--storage-initialization-timeout=2m'), 'kube-apiserver', 29), []);
});

const DATA: readonly ComponentFlagData[] = [APISERVER_FLAGS, CONTROLLER_MANAGER_FLAGS, SCHEDULER_FLAGS, ETCD_FLAGS];
const names = (text: string) => text.split(/\s+/).filter((w) => w !== '').map((w) => w.split(':')[0] ?? w);

test('flag data provenance: every list names its source and every delta says why; no base flag is also limited by an `until` delta', () => {
  for (const data of DATA) {
    assert.match(data.provenance, /\S{10,}/, data.component);
    const base = new Set(names(data.base));
    for (const delta of [...data.deltas, ...(data.admissionPlugins?.deltas ?? [])]) {
      assert.ok(delta.why.length > 10, `${data.component}: ${delta.flags}`);
      assert.ok(delta.since !== undefined || delta.until !== undefined, `${data.component}: ${delta.flags}`);
      // An `until` delta only adds; a flag also in the base would stay known after its removal.
      if (delta.until !== undefined && data.deltas.includes(delta)) {
        for (const name of names(delta.flags)) assert.ok(!base.has(name), `${data.component}: --${name} is in the base and in an until-delta`);
      }
    }
    for (const word of data.base.split(/\s+/).filter((w) => w !== '')) assert.match(word, /^[a-z0-9][a-z0-9.-]*(:[blmifd])?$/, `${data.component}: ${word}`);
  }
});
