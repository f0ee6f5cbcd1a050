import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel } from '../../src/netpol/model.js';
import { lint } from '../../src/netpol/lint.js';
import { workloadId } from '../../src/netpol/workloads.js';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { assertGolden } from './golden.js';

const FIX = 'test/fixtures/netpol/splits';

async function list(file: string): Promise<{ out: string; err: string }> {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'list', `${FIX}/${file}`], ctx), 0);
  return { out: ctx.out.join(''), err: ctx.err.join('') };
}

test('pods of one ReplicaSet with different labels are one entry per label set; the unselected canary is reachable', async () => {
  const { out, err } = await list('canary-unselected.yaml');
  assertGolden('list-split-canary.txt', out);
  // The ReplicaSet is not in the input: its pods' pod-template-hash names the Deployment.
  assert.match(err, /note: shop\/web\[Deployment\]: its pods do not share one label set; split into shop\/web\[Deployment\]\{role=canary\}, shop\/web\[Deployment\]\{role=frontend\}/);
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'eval', `${FIX}/canary-unselected.yaml`, '--from', 'shop/client', '--to', 'shop/web[Deployment]{role=canary}', '--port', '8080'], ctx), 0);
  assert.match(ctx.out.join(''), /^shop\/client\[Pod\] => shop\/web\[Deployment\]\{role=canary\} TCP 8080: ALLOWED$/m);
  const denied = captureContext();
  assert.equal(await run(['netpol', 'eval', `${FIX}/canary-unselected.yaml`, '--from', 'shop/client', '--to', 'shop/web[Deployment]{role=frontend}', '--port', '8080'], denied), 1);
});

test('an extra quarantine label on one pod of a Deployment isolates that pod only, and NP007 does not fire', async () => {
  const { out } = await list('quarantine.yaml');
  assertGolden('list-split-quarantine.txt', out);
  const findings = lint(buildModel(loadObjects([`${FIX}/quarantine.yaml`])));
  assert.deepEqual(findings.filter((f) => f.ruleId === 'NP007'), []);
  assert.ok(findings.some((f) => f.ruleId === 'NP003' && f.subject === 'pay/api[Deployment]{!quarantine}'));
});

test('a policy selecting a StatefulSet pod by statefulset.kubernetes.io/pod-name applies to that pod only', async () => {
  const { out } = await list('statefulset-pod-name.yaml');
  assertGolden('list-split-statefulset.txt', out);
});

test('labels that no selector uses do not split a workload; the template is judged by its pods', () => {
  const model = buildModel(loadObjects([`${FIX}/statefulset-pod-name.yaml`, 'test/fixtures/netpol/workloads/cluster.yaml']));
  const db = model.workloads.filter((w) => w.namespace === 'data' && w.name === 'db');
  assert.deepEqual(db.map((w) => `${workloadId(w)} ${w.pods.join(',')}`), [
    'data/db[StatefulSet]{statefulset.kubernetes.io/pod-name=db-0} db-0',
    'data/db[StatefulSet]{statefulset.kubernetes.io/pod-name=db-1} db-1',
  ]);
  // controller-revision-hash and pod-index differ per pod too, but no selector names them.
  const web = model.workloads.filter((w) => w.namespace === 'shop' && w.name === 'web');
  assert.equal(web.length, 1);
});

test('owners: a kind-less ownerReference warns with file:line and falls back; unknown owner kinds group their pods; mirror pods stand alone', async () => {
  const model = buildModel(loadObjects([`${FIX}/owners.yaml`]));
  assert.deepEqual(model.workloads.map((w) => `${workloadId(w)} ${w.pods.join(',')}`), [
    // No valid owner, but the name is <deployment>-<pod-template-hash>-<suffix>: a pod of Deployment cache.
    'edge/cache[Deployment] cache-7c9d5b8f6-kq2lm',
    'edge/checkout[Rollout] checkout-6f7d8c9b5-zz8k4',
    'edge/gateway[CloneSet] gateway-4mbx9,gateway-t7wq2',
    'kube-system/kube-proxy-worker-1[Pod] kube-proxy-worker-1',
  ]);
  const { err } = await list('owners.yaml');
  // The loader reports the invalid ownerReference at its line and drops it; the pod's pod-template-hash label and
  // name still say which Deployment it belongs to.
  assert.match(err, /warning: test\/fixtures\/netpol\/splits\/owners\.yaml:16:7: Pod: metadata\.ownerReferences\[0\] needs a kind and a name/);
  assert.match(err, /note: edge\/cache-7c9d5b8f6-kq2lm\[Pod\]: no owner given; taken as a pod of Deployment cache from its pod-template-hash label and name/);
});

test('a template that disagrees with its pods: the pods decide, and NP007 says the template would select its next pods', async () => {
  const file = `${FIX}/relabelled-pods.yaml`;
  const { out, err } = await list('relabelled-pods.yaml');
  // The running pod was relabelled tier=frontend: legacy-deny-ingress selects no running pod.
  assert.match(out, /^shop\/client\[Pod\] => shop\/web\[Deployment\] : All Connections$/m);
  assert.match(err, /note: shop\/web\[Deployment\]: its template's labels disagree with its pods'; judged by the pods/);
  const np007 = lint(buildModel(loadObjects([file]))).filter((f) => f.ruleId === 'NP007');
  assert.deepEqual(np007.map((f) => f.message), [
    'shop/legacy-deny-ingress[NetworkPolicy] selects no pod: podSelector tier=legacy matches no workload in namespace shop; but the pod template of shop/web[Deployment] matches it: the pods it creates next will be selected',
  ]);
});
