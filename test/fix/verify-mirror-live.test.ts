import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { controlPlaneMissing, startCluster, type TestCluster } from '../helpers/apiserver.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { DEMO, fixWith, read, simulateRestart } from './helpers.js';

// --verify's mirror pod path against a real kube-apiserver (test/helpers/apiserver.ts): the mirror pod
// kube-scheduler-controlplane is created through the API and its status written through the status
// subresource, as the kubelet does; kubefort reads it through --kubeconfig with the live client.
const missing = controlPlaneMissing();
const NS = '/api/v1/namespaces/kube-system/pods';
const POD = 'kube-scheduler-controlplane';

describe('fix --verify reads the mirror pod through --kubeconfig (real kube-apiserver)', { skip: missing }, () => {
  let cluster: TestCluster;
  const roots: string[] = [];

  before(async () => {
    cluster = await startCluster();
    for (let i = 0; i < 100; i += 1) {
      try {
        await cluster.call('GET', '/api/v1/namespaces/kube-system');
        break;
      } catch {
        // The API server's system namespaces controller creates kube-system shortly after start.
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  after(async () => {
    for (const root of roots) removeNodeFixture(root);
    await cluster.stop();
  });

  /** A node root whose --kubeconfig (a node path) holds admin credentials for the test cluster inline, as admin.conf does. */
  function node(): string {
    const root = materializeNodeFixture(DEMO);
    roots.push(root);
    const b64 = (f: string) => readFileSync(join(cluster.dir, f)).toString('base64');
    writeFileSync(join(root, 'etc/kubernetes/verify.conf'), `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${b64('ca.crt')}
    server: ${cluster.server}
  name: test
contexts:
- context: {cluster: test, user: admin}
  name: admin
current-context: admin
users:
- name: admin
  user:
    client-certificate-data: ${b64('admin.crt')}
    client-key-data: ${b64('admin.key')}
`);
    return root;
  }

  async function mirrorPod(startedAt: string, ready: boolean, restartCount: number): Promise<void> {
    let current: Record<string, unknown>;
    try {
      current = await cluster.call('GET', `${NS}/${POD}`) as Record<string, unknown>;
    } catch {
      current = await cluster.call('POST', NS, {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: POD, namespace: 'kube-system', annotations: { 'kubernetes.io/config.mirror': 'f00d', 'kubernetes.io/config.source': 'file' } },
        spec: { nodeName: 'controlplane', containers: [{ name: 'kube-scheduler', image: 'registry.k8s.io/kube-scheduler:v1.32.4' }] },
      }) as Record<string, unknown>;
    }
    await cluster.call('PUT', `${NS}/${POD}/status`, {
      ...current,
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: startedAt }],
        containerStatuses: [{
          name: 'kube-scheduler', ready, restartCount, started: true, image: 'registry.k8s.io/kube-scheduler:v1.32.4',
          imageID: 'registry.k8s.io/kube-scheduler@sha256:0000000000000000000000000000000000000000000000000000000000000000',
          containerID: `containerd://${String(restartCount).padStart(64, '0')}`, state: { running: { startedAt } },
        }],
      },
    });
  }

  test('the new container running and ready with a steady restartCount is back; the old one is waited for', async () => {
    const root = node();
    // The status the kubelet reported for the container from before the change (ctx.now() is 2026-11-23T12:00:00Z).
    await mirrorPod('2026-11-23T11:00:00Z', true, 0);
    let clock = 0;
    let sleeps = 0;
    const verify = {
      sleep: async (ms: number) => {
        clock += ms;
        sleeps += 1;
        simulateRestart(root, { 'kube-scheduler': 1418 });
        if (sleeps === 3) await mirrorPod('2026-11-23T12:00:04Z', true, 0);
      },
      now: () => clock, intervalMs: 1000, timeoutMs: 20_000,
    };
    const ok = await fixWith(root, { apply: true, verify: true, check: '1.4.1', kubeconfig: '/etc/kubernetes/verify.conf' }, { verify });
    assert.equal(ok.code, 0, ok.error ?? ok.out);
    assert.match(ok.out, /Verified: kube-scheduler came back/);
    assert.ok(sleeps >= 4, `the process was stable after 2 polls, but the mirror pod showed the old container until the 3rd sleep (${sleeps} sleeps)`);
  });

  test('a mirror pod whose restartCount keeps counting (CrashLoopBackOff) is rolled back, though the process looks fine', async () => {
    const root = node();
    const original = read(root, 'etc/kubernetes/manifests/kube-scheduler.yaml');
    let clock = 0;
    let restarts = 0;
    const verify = {
      sleep: async (ms: number) => {
        clock += ms;
        simulateRestart(root, { 'kube-scheduler': 1418 });
        restarts += 1;
        await mirrorPod('2026-11-23T12:00:04Z', true, restarts);
      },
      now: () => clock, intervalMs: 1000, timeoutMs: 6000,
    };
    const bad = await fixWith(root, { apply: true, verify: true, check: '1.4.1', kubeconfig: '/etc/kubernetes/verify.conf' }, { verify });
    assert.equal(bad.code, 1, bad.error ?? bad.out);
    assert.match(bad.out, /Not back after 300s: kube-scheduler\. Rolled back/);
    assert.equal(read(root, 'etc/kubernetes/manifests/kube-scheduler.yaml'), original);
  });

  test('without the mirror pod (wrong node name) nothing counts as back: rolled back', async () => {
    const root = node();
    writeFileSync(join(root, 'etc/hostname'), 'other-node\n');
    let clock = 0;
    const verify = { sleep: async (ms: number) => { clock += ms; simulateRestart(root, { 'kube-scheduler': 1418 }); }, now: () => clock, intervalMs: 1000, timeoutMs: 4000 };
    const out = await fixWith(root, { apply: true, verify: true, check: '1.4.1', kubeconfig: '/etc/kubernetes/verify.conf' }, { verify });
    assert.equal(out.code, 1, out.error ?? out.out);
  });
});
