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
import { etcdFlagsFor, etcdVersionFromImage } from '../../src/validate/etcd-version.js';
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

/** The kubeadm manifest of 1.N with etcd's image replaced, e.g. an etcd kept at 3.5 on a 1.34 control plane. */
function withEtcdImage(minor: number, image: string, arg?: string): string {
  const text = arg === undefined ? manifest(minor, 'etcd') : withArg(minor, 'etcd', arg);
  const replaced = text.replace(/image: registry\.k8s\.io\/etcd:\S+/, `image: ${image}`);
  assert.notEqual(replaced, text);
  return replaced;
}

test('etcd 3.6 flags (--feature-gates, --watch-progress-notify-interval) are unknown to etcd 3.5, whatever the Kubernetes minor', () => {
  assert.deepEqual(check(manifest(34, 'etcd'), 'etcd', 34), []);
  assert.deepEqual(check(manifest(34, 'etcd'), 'etcd', 33), [], 'the 3.6 image is judged as 3.6 on a 1.33 control plane too');
  for (const minor of [33, 34, 35]) {
    const on35 = rules(check(withEtcdImage(34, 'registry.k8s.io/etcd:3.5.21-0'), 'etcd', minor));
    assert.equal(on35.length, 2, `1.${minor}`);
    assert.match(on35[0] ?? '', /^MV001 unknown flag --feature-gates for etcd 3\.5/);
    assert.match(on35[1] ?? '', /^MV001 unknown flag --watch-progress-notify-interval for etcd 3\.5/);
  }
  for (const flag of ['--memory-mlock', '--corrupt-check-time=3h', '--max-learners=2', '--discovery-endpoints=https://d:2379']) {
    assert.deepEqual(check(withArg(35, 'etcd', flag), 'etcd', 35), [], flag);
    assert.deepEqual(check(withArg(33, 'etcd', flag), 'etcd', 33).map((f) => f.ruleId), ['MV001'], flag);
  }
});

test('etcd kept at 3.5 on a 1.34+ control plane (kubeadm upgrade --etcd-upgrade=false): its --enable-v2 is accepted, as etcd 3.5 does', () => {
  for (const minor of [34, 35]) {
    assert.deepEqual(check(withArg(33, 'etcd', '--enable-v2=false'), 'etcd', minor), [], `1.${minor}`);
    assert.deepEqual(check(withEtcdImage(33, 'registry.k8s.io/etcd:3.6.4-0', '--enable-v2=false'), 'etcd', minor).map((f) => f.ruleId), ['MV001']);
  }
});

test('etcd 3.4 (quay.io/coreos/etcd:v3.4.27): --log-package-levels, --debug, --log-output, --experimental-backend-bbolt-freelist-type are known; 3.5 rejects them', () => {
  for (const flag of ['--log-package-levels=etcdmain=INFO', '--debug', '--log-output=stderr', '--experimental-backend-bbolt-freelist-type=map']) {
    assert.deepEqual(check(withEtcdImage(32, 'quay.io/coreos/etcd:v3.4.27', flag), 'etcd', 32), [], flag);
    assert.deepEqual(check(withArg(32, 'etcd', flag), 'etcd', 32).map((f) => f.ruleId), ['MV001'], `${flag} on 3.5`);
  }
  assert.deepEqual(check(withEtcdImage(32, 'quay.io/coreos/etcd:v3.4.27', '--backend-bbolt-freelist-type=map'), 'etcd', 32), [], 'the 3.5 name is not reported on 3.4');
});

/** [image, Kubernetes minor, flag data used, MV008 note or undefined] */
const ETCD_CHOICE: [string, number, string, RegExp | undefined][] = [
  ['registry.k8s.io/etcd:3.5.21-0', 34, 'etcd 3.5', undefined],
  ['registry.k8s.io/etcd:3.6.4-0', 33, 'etcd 3.6', undefined],
  ['gcr.io/etcd-development/etcd:v3.6.0', 35, 'etcd 3.6', undefined],
  ['rancher/hardened-etcd:v3.5.9-k3s1-build20230802', 35, 'etcd 3.5', undefined],
  ['registry.k8s.io/etcd:3.5.21-0@sha256:0123456789abcdef', 35, 'etcd 3.5', undefined],
  ['localhost:5000/etcd:3.4.27', 35, 'etcd 3.4', undefined],
  ['registry.k8s.io/etcd@sha256:0123456789abcdef', 34, 'etcd 3.6', /^etcd version not known \(the image registry\.k8s\.io\/etcd@sha256:0123456789abcdef has no etcd version tag\); the flags of etcd 3\.6 are assumed, the etcd kubeadm installs for Kubernetes 1\.34$/],
  ['localhost:5000/etcd', 33, 'etcd 3.5', /^etcd version not known .* etcd 3\.5 are assumed, the etcd kubeadm installs for Kubernetes 1\.33$/],
  ['mirror.example/base:3.5.1', 34, 'etcd 3.6', /^etcd version not known/],
  ['gcr.io/etcd-development/etcd:v3.7.0', 35, 'etcd 3.6', /^etcd 3\.7\.0 \(image gcr\.io\/etcd-development\/etcd:v3\.7\.0\) is outside the flag data \(etcd 3\.4–3\.6\); the flags of etcd 3\.6 are assumed$/],
  ['quay.io/coreos/etcd:v3.3.25', 29, 'etcd 3.4', /^etcd 3\.3\.25 .* outside the flag data/],
];
for (const [image, minor, shown, note] of ETCD_CHOICE) {
  test(`etcd flag data for image ${image} on Kubernetes 1.${minor}: ${shown}${note ? ', with an MV008 note' : ''}`, () => {
    const chosen = etcdFlagsFor(image, minor);
    assert.equal(chosen.known.shown, shown);
    if (note === undefined) assert.equal(chosen.note, undefined);
    else assert.match(chosen.note ?? '', note);
  });
}

test('an etcd manifest without a usable version tag: MV008 (info) at its image line says which etcd flags were assumed', () => {
  const findings = check(withEtcdImage(34, 'registry.k8s.io/etcd@sha256:0123456789abcdef'), 'etcd', 34);
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.severity}`), ['MV008 info']);
  assert.match(findings[0]?.message ?? '', /flags of etcd 3\.6 are assumed/);
  const lines = withEtcdImage(34, 'registry.k8s.io/etcd@sha256:0123456789abcdef').split('\n');
  assert.match(lines[(findings[0]?.location?.line ?? 0) - 1] ?? '', /image: registry\.k8s\.io\/etcd@sha256/);
  assert.equal(etcdFlagsFor(undefined, 33).known.shown, 'etcd 3.5');
  assert.match(etcdFlagsFor(undefined, 33).note ?? '', /the manifest names no image/);
});

test('etcd versions from image references: a 3.N.P tag of an etcd repository, never a digest, a port or another image', () => {
  assert.deepEqual(etcdVersionFromImage('registry.k8s.io/etcd:3.5.21-0'), { minor: 5, version: '3.5.21' });
  assert.deepEqual(etcdVersionFromImage('gcr.io/etcd-development/etcd:v3.6.4'), { minor: 6, version: '3.6.4' });
  assert.deepEqual(etcdVersionFromImage('localhost:5000/etcd:3.4.27@sha256:ab'), { minor: 4, version: '3.4.27' });
  for (const image of ['registry.k8s.io/etcd@sha256:ab', 'localhost:5000/etcd', 'registry.k8s.io/etcd:latest', 'registry.k8s.io/etcd:3.5', 'registry.k8s.io/pause:3.10.1', 'registry.k8s.io/etcd:4.0.0', 'registry.k8s.io/etcd:3.5.21.7']) {
    assert.equal(etcdVersionFromImage(image), undefined, image);
  }
});

test('etcd deprecated-but-accepted: 3.6 still takes every experimental-* flag kubeadm 1.29–1.33 wrote', () => {
  for (const flag of ['--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s', '--experimental-compact-hash-check-enabled=true', '--snapshot-count=10000', '--v2-deprecation=write-only']) {
    for (const minor of MINORS) assert.deepEqual(check(withArg(minor, 'etcd', flag), 'etcd', minor), [], `${flag} on 1.${minor}`);
  }
});

test('etcd removed in 3.6: --enable-v2, --experimental-enable-v2v3 and the v2 proxy flags are MV001 for kubeadm 1.34\'s etcd 3.6, accepted by 1.33\'s 3.5', () => {
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
