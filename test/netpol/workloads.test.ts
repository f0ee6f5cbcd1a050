import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { extractWorkloads, workloadId } from '../../src/netpol/workloads.js';
import { buildModel } from '../../src/netpol/model.js';

const FILE = 'test/fixtures/netpol/workloads/cluster.yaml';

test('pods roll up through ownerReferences to the top workload; templates stand for their pods', () => {
  const { workloads } = extractWorkloads(loadObjects([FILE]).objects);
  assert.deepEqual(workloads.map((w) => `${workloadId(w)}${w.hostNetwork ? ' hostNetwork' : ''} ${JSON.stringify(w.labels)} ${w.namedPorts.map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',')}`), [
    'monitoring/node-exporter[DaemonSet] hostNetwork {"app":"node-exporter"} metrics/TCP/9100',
    'shop/backup[CronJob] {"app":"backup","batch.kubernetes.io/job-name":"backup-28930260"} ',
    'shop/db[StatefulSet] {"app":"db"} pg/TCP/5432',
    'shop/debug[Pod] {"run":"debug"} ',
    // The ReplicaSet object is absent: its name (from the pod's ownerReference) names the workload.
    'shop/legacy-5f6d8b7c9[ReplicaSet] {"app":"legacy"} ',
    'shop/old-frontend[ReplicationController] {"app":"old-frontend"} ',
    // The pods decide labels and named ports (a policy selects each pod by its own labels), and add their IPs.
    'shop/web[Deployment] {"app":"web","pod-template-hash":"7d4b9c6f8d"} http/TCP/8080',
  ]);
  const web = workloads.find((w) => w.name === 'web');
  assert.deepEqual(web?.ips, ['10.244.1.10', '10.244.2.11', 'fd00:10:244:2::11']);
});

test('a pod IPv6 address brings IPv6 external ranges into the analysis; the Service kind is known, not ignored', () => {
  const model = buildModel(loadObjects([FILE]));
  assert.deepEqual(model.externals.map((r) => r.family), [4, 6]);
  assert.equal(model.ignoredKinds.size, 0);
});

test('workloads with the same labels, namespace scope and named ports share one equivalence class', () => {
  const model = buildModel(loadObjects(['test/fixtures/netpol/rules/separate-peers-are-or.yaml']));
  // lab/client and lab/worker are both matched only by the namespaceSelector peer; shop/client by the podSelector
  // peer; shop/batch by nothing but the policy-less default: four workloads in the shop and lab namespaces.
  const classes = model.classes.map((c) => c.members.map(workloadId).join(' ')).sort();
  assert.deepEqual(classes, ['lab/client[Pod] lab/worker[Pod]', 'shop/batch[Pod]', 'shop/client[Pod]', 'shop/server[Pod]']);
});
