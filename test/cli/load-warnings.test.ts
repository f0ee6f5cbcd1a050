/**
 * What the loader read but warns about (ObjectSet.warnings: duplicate keys, fields of the wrong type that were
 * dropped) reaches the user of every object-reading command on stderr, capped; bench's JSON keeps every one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubefort } from '../helpers/cli.js';

const PORTS_ROOT = join(import.meta.dirname, '..', 'fixtures', 'ports', 'control-plane');

/** Two files joined without `---`: the second object's keys repeat the first's in one mapping. */
function joined(doc: string, other: string): string {
  return `${doc}${other}`;
}

const CLUSTER_ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n';
const INGRESS = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  rules:\n  - host: web.example.com\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30080\n';

const DUPLICATE = /^kubefort: warning: <stdin>:\d+:\d+: duplicate key "metadata" in one mapping \(first at <stdin>:\d+:\d+\)/m;

/** [command, args before `-`, stdin] */
const COMMANDS: [string, string[], string][] = [
  ['bench section 5', ['bench', '--targets', 'policies', '--fail-on', 'never', '--manifests'], joined(CLUSTER_ROLE, CLUSTER_ROLE.replace('reader', 'writer'))],
  ['rbac', ['rbac', '--fail-on', 'critical'], joined(CLUSTER_ROLE, CLUSTER_ROLE.replace('reader', 'writer'))],
  ['ingress', ['ingress', '--fail-on', 'critical'], joined(INGRESS, INGRESS.replace('name: web', 'name: api'))],
  ['gui', ['gui', '--fail-on', 'critical'], joined(POD, POD.replace('name: web', 'name: api'))],
  ['ports', ['ports', '--fail-on', 'critical', '--root', PORTS_ROOT], joined(SERVICE, SERVICE.replace('name: web', 'name: api'))],
];

for (const [name, args, stdin] of COMMANDS) {
  test(`${name}: a duplicate key in the input is a warning on stderr with both locations`, async () => {
    const ran = await kubefort([...args, '-'], { readStdin: () => stdin });
    assert.ok(ran.code === 0 || ran.code === 1, `exit ${ran.code}: ${ran.err}`);
    assert.match(ran.err, DUPLICATE);
    assert.doesNotMatch(ran.out, /duplicate key/);
  });
}

test('bench: loader warnings are capped on stderr and all kept in JSON under manifests.warnings', async () => {
  const labels = Array.from({ length: 30 }, (_, i) => `    l${i}: ${i}\n`).join('');
  const stdin = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n${labels}`;
  const args = ['bench', '--targets', 'policies', '--fail-on', 'never', '--manifests', '-'];
  const text = await kubefort(args, { readStdin: () => stdin });
  const shown = text.err.split('\n').filter((l) => /must be a string, got a number/.test(l));
  assert.equal(shown.length, 20, text.err);
  assert.match(text.err, /^kubefort: warning: and 10 more warning\(s\) about the input \(all are listed under "manifests.warnings" in --output json\)$/m);
  const json = JSON.parse((await kubefort([...args, '--json'], { readStdin: () => stdin })).out) as { manifests: { warnings: string[] } };
  assert.equal(json.manifests.warnings.length, 30);
  assert.match(json.manifests.warnings[0] ?? '', /^<stdin>:6:9: Namespace: metadata\.labels\.l0 must be a string, got a number \(0\) \(quote it\); ignored$/);
});
