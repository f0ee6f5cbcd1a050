import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { judgeMirrorPod, mirrorPodPath, mirrorPodProbe, nodeNameOf } from '../../src/fix/verify-mirror.js';
import { stableRestart, type ProcessState } from '../../src/fix/verify-process.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { DEMO, fixWith, read, RESTART_PID_OFFSET, simulateRestart, snapshot } from './helpers.js';

/** A probe that answers from a script, one state per poll, and a clock moved by the test. */
function scripted(states: (ProcessState | undefined)[]) {
  let i = 0;
  let clock = 0;
  const restarted = stableRestart({
    probe: () => states[Math.min(i++, states.length - 1)],
    now: () => clock,
    intervalMs: 1000,
    before: { 'kube-scheduler': 1418 },
  });
  return { poll: () => restarted('kube-scheduler'), tick: (ms: number) => { clock += ms; } };
}

test('stable restart: a new pid with the new arguments counts once the same pid is seen a poll interval later', () => {
  const s = scripted([{ pid: 11418, current: true }]);
  assert.equal(s.poll(), false, 'first sight');
  s.tick(500);
  assert.equal(s.poll(), false, 'half an interval is not "stayed up"');
  s.tick(500);
  assert.equal(s.poll(), true);
});

test('stable restart: a component in a restart loop (a new pid on every poll) never counts as back', () => {
  const s = scripted([11418, 11419, 11420, 11421].map((pid) => ({ pid, current: true })));
  for (let n = 0; n < 4; n += 1) {
    assert.equal(s.poll(), false);
    s.tick(1000);
  }
});

test('stable restart: the old process, old arguments, or no process are not back', () => {
  const old = scripted([{ pid: 1418, current: true }]);
  old.poll();
  old.tick(2000);
  assert.equal(old.poll(), false, 'the pid from before --apply: an env-only edit has not restarted it');
  const stale = scripted([{ pid: 11418, current: false }]);
  stale.poll();
  stale.tick(2000);
  assert.equal(stale.poll(), false, 'runs arguments that differ from the manifest (MV007)');
  const gone = scripted([{ pid: 11418, current: true }, undefined, { pid: 11418, current: true }]);
  gone.poll();
  gone.tick(1000);
  assert.equal(gone.poll(), false, 'not running');
  gone.tick(1000);
  assert.equal(gone.poll(), false, 'seen again: the interval starts over');
});

const SINCE = new Date('2026-11-23T12:00:00.700Z');
function pod(containers: { ready: boolean; restartCount: number; startedAt?: string; waiting?: boolean }[]): unknown {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-scheduler-controlplane', namespace: 'kube-system' },
    status: {
      phase: 'Running',
      containerStatuses: containers.map((c) => ({
        name: 'kube-scheduler', ready: c.ready, restartCount: c.restartCount, image: 'registry.k8s.io/kube-scheduler:v1.32.4',
        state: c.waiting ? { waiting: { reason: 'CrashLoopBackOff' } } : { running: { startedAt: c.startedAt } },
      })),
    },
  };
}

test('mirror pod: running, ready and started since the change (RFC 3339 whole seconds) is back; the old container is not', () => {
  assert.equal(judgeMirrorPod(pod([{ ready: true, restartCount: 0, startedAt: '2026-11-23T12:00:00Z' }]), SINCE).ok, true, 'same second');
  assert.match(judgeMirrorPod(pod([{ ready: true, restartCount: 0, startedAt: '2026-11-23T11:59:59Z' }]), SINCE).reason, /from before the change/);
  assert.match(judgeMirrorPod(pod([{ ready: false, restartCount: 0, startedAt: '2026-11-23T12:00:03Z' }]), SINCE).reason, /not ready/);
  assert.match(judgeMirrorPod(pod([{ ready: false, restartCount: 3, waiting: true }]), SINCE).reason, /not running/);
  assert.match(judgeMirrorPod({ status: {} }, SINCE).reason, /no containerStatuses/);
  assert.equal(judgeMirrorPod('not a pod', SINCE).ok, false);
});

test('mirror pod probe: the same restartCount on two polls in a row; a counting-up restartCount or an API error is not back', async () => {
  const answers: unknown[] = [];
  const paths: string[] = [];
  const probe = mirrorPodProbe({ get: async (p) => { paths.push(p); const a = answers.shift(); if (a instanceof Error) throw a; return a; }, nodeName: 'controlplane', since: SINCE });
  const up = (restartCount: number) => pod([{ ready: true, restartCount, startedAt: '2026-11-23T12:00:05Z' }]);
  answers.push(up(1), up(2), up(3), new Error('404'), up(3), up(3));
  const seen = [];
  for (let n = 0; n < 6; n += 1) seen.push(await probe('kube-scheduler'));
  assert.deepEqual(seen, [false, false, false, false, false, true]);
  assert.equal(paths[0], '/api/v1/namespaces/kube-system/pods/kube-scheduler-controlplane');
  assert.equal(mirrorPodPath('etcd', 'cp-1'), '/api/v1/namespaces/kube-system/pods/etcd-cp-1');
});

test('the node name: --hostname-override wins over the host name; lower-cased as the kubelet registers it', () => {
  assert.equal(nodeNameOf({ hostname: 'ControlPlane\n' }), 'controlplane');
  assert.equal(nodeNameOf({ hostname: 'a', kubelet: { flags: [{ flag: '--hostname-override', value: 'Node-7' }] } }), 'node-7');
  assert.equal(nodeNameOf({}), undefined);
});

const roots: string[] = [];
after(() => { for (const root of roots) removeNodeFixture(root); });

test('fix --apply --verify on the node root: the scheduler counts as back once its new process stayed up; a restart loop is rolled back', async () => {
  const root = materializeNodeFixture(DEMO);
  roots.push(root);
  let clock = 0;
  const fake = (onSleep: () => void) => ({ sleep: async (ms: number) => { clock += ms; onSleep(); }, now: () => clock, intervalMs: 1000, timeoutMs: 5000 });
  // No sleep has run yet: the old process (pid 1418) with the old arguments. Then the kubelet restarts it.
  const ok = await fixWith(root, { apply: true, verify: true, check: '1.4.1' }, { verify: fake(() => simulateRestart(root, { 'kube-scheduler': 1418 })) });
  assert.equal(ok.code, 0, ok.error ?? ok.out);
  assert.match(ok.out, /Verified: kube-scheduler came back/);
  // 1.3.2 on the controller manager: the kubelet's back-off loop starts a new process on every poll.
  const original = read(root, 'etc/kubernetes/manifests/kube-controller-manager.yaml');
  let pid = 1402;
  const looping = fake(() => {
    simulateRestart(root, { 'kube-controller-manager': pid });
    const next = pid + RESTART_PID_OFFSET;
    renameSync(join(root, `proc/${next}`), join(root, `proc/${next + 1}`));
    pid = next + 1 - RESTART_PID_OFFSET;
  });
  const bad = await fixWith(root, { apply: true, verify: true, check: '1.3.2' }, { verify: looping });
  assert.equal(bad.code, 1, bad.error ?? bad.out);
  assert.match(bad.out, /Not back after 300s: kube-controller-manager\. Rolled back/);
  assert.equal(read(root, 'etc/kubernetes/manifests/kube-controller-manager.yaml'), original);
});

test('fix --apply --verify: a scheduler that never restarts (the kubelet did not pick the manifest up) is rolled back', async () => {
  const root = materializeNodeFixture(DEMO);
  roots.push(root);
  let clock = 0;
  const original = read(root, 'etc/kubernetes/manifests/kube-scheduler.yaml');
  const out = await fixWith(root, { apply: true, verify: true, check: '1.4.1' }, { verify: { sleep: async (ms) => { clock += ms; }, now: () => clock, intervalMs: 1000, timeoutMs: 3000 } });
  assert.equal(out.code, 1);
  assert.equal(read(root, 'etc/kubernetes/manifests/kube-scheduler.yaml'), original);
});

test('fix --apply --verify refuses a bad --timeout or an unreadable --kubeconfig before writing anything (exit 2)', async () => {
  const root = materializeNodeFixture(DEMO);
  roots.push(root);
  const before = snapshot(root);
  const timeout = await fixWith(root, { apply: true, verify: true, check: '1.4.1', timeout: 'soon' });
  assert.equal(timeout.code, 2);
  assert.match(timeout.error ?? '', /--timeout soon: expected a number of seconds/);
  const kubeconfig = await fixWith(root, { apply: true, verify: true, check: '1.4.1', kubeconfig: '/etc/kubernetes/missing.conf' });
  assert.equal(kubeconfig.code, 2);
  assert.match(kubeconfig.error ?? '', /^--kubeconfig \/etc\/kubernetes\/missing\.conf \(read under --root\) cannot be used for --verify: /);
  const livez = await fixWith(root, { apply: true, verify: true, check: '1.2.15', kubeconfig: '/etc/kubernetes/missing.conf' });
  assert.equal(livez.code, 2, 'the API server\'s /livez kubeconfig too');
  assert.deepEqual(snapshot(root), before, 'nothing written, no backup made');
});
