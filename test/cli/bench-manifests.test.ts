import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errLines, kubefort } from '../helpers/cli.js';

/**
 * bench --manifests as a CI runner uses it: no node (`--targets policies`), objects from a folder or stdin.
 * No object at all cannot be judged (exit 2); a gate on violations found in the objects is --fail-on violation.
 */
const dir = mkdtempSync(join(tmpdir(), 'kubefort-manifests-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string | Buffer>): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(path, file), content);
  return path;
}

/** A clean cluster dump holding every kind section 5 judges. */
const CLEAN = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: app, labels: {pod-security.kubernetes.io/enforce: restricted}}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: deny, namespace: app}
  spec: {podSelector: {}}
- apiVersion: v1
  kind: ServiceAccount
  metadata: {name: default, namespace: app}
  automountServiceAccountToken: false
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: reader, namespace: app}
  rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: view}
  rules: []
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata: {name: cluster-admin}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
  subjects: [{kind: Group, name: system:masters}]
- apiVersion: v1
  kind: Pod
  metadata: {name: web, namespace: app}
  spec:
    automountServiceAccountToken: false
    securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
    containers:
    - name: web
      image: web:1
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;
const HOST_NETWORK = `---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: app}
spec:
  hostNetwork: true
  automountServiceAccountToken: false
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
  - name: agent
    image: agent:1
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;

const policies = (...more: string[]) => ['bench', '--targets', 'policies', ...more];

test('no object at all cannot be judged: an empty folder, binary garbage, /dev/null, empty stdin exit 2 with one line', async () => {
  const cases: [string, string[], string][] = [
    ['an empty folder', ['--manifests', folder('empty', {})], ''],
    ['binary garbage', ['--manifests', folder('garbage', { 'x.yaml': Buffer.from([0, 159, 146, 150, 0, 255, 10, 1, 2]) })], ''],
    ['/dev/null', ['--manifests', '/dev/null'], ''],
    ['empty stdin', ['--manifests', '-'], ''],
    ['only comments', ['--manifests', '-'], '# nothing here\n---\n'],
  ];
  for (const [name, args, stdin] of cases) {
    const ran = await kubefort(policies(...args), { readStdin: () => stdin });
    assert.equal(ran.code, 2, `${name}: ${ran.err}`);
    assert.equal(errLines(ran).length, 1, `${name}: ${ran.err}`);
    assert.match(ran.err, /^kubefort: --manifests .*: no Kubernetes objects could be read/, name);
    assert.equal(ran.out, '', name);
  }
});

test('--targets policies --manifests works off a node (no --root): section 5 from the objects alone', async () => {
  const ran = await kubefort(policies('--manifests', folder('clean', { 'cluster.yaml': CLEAN }), '--json'));
  assert.equal(ran.code, 0, ran.err);
  const json = JSON.parse(ran.out) as { targets: string[]; total: { pass: number; violated: number } };
  assert.deepEqual(json.targets, ['policies']);
  assert.ok(json.total.pass >= 25, 'the objects checks PASS on a clean dump holding their kinds');
  assert.equal(json.total.violated, 0);
  const noObjects = await kubefort(policies());
  assert.equal(noObjects.code, 2);
  assert.match(noObjects.err, /^kubefort: --targets policies judges cluster objects: give --manifests/);
});

test('--manifests - reads stdin', async () => {
  const ran = await kubefort(policies('--manifests', '-', '-c', '5.2.5', '--include-evidence'), { readStdin: () => CLEAN + HOST_NETWORK });
  assert.match(ran.out, /^\[WARN\] 5\.2\.5 .* \[violated: 1\]$/m);
  assert.match(ran.out, /Pod app\/agent sets hostNetwork: true \(<stdin>:\d+:\d+\)/);
});

test('a dump lacking the kinds a check judges WARNs naming the kind, never PASSes', async () => {
  const onlyPods = folder('pods', { 'pods.yaml': HOST_NETWORK.replace('hostNetwork: true', 'hostNetwork: false') });
  const ran = await kubefort(policies('--manifests', onlyPods, '-c', '5.1.1,5.1.5,5.2.5', '--include-evidence'));
  assert.match(ran.out, /^\[WARN\] 5\.1\.1 .*\n\s+not evaluated: the input holds no ClusterRoleBinding objects/m);
  assert.match(ran.out, /^\[WARN\] 5\.1\.5 .*\n\s+not evaluated: the input holds no ServiceAccount objects/m);
  assert.match(ran.out, /^\[PASS\] 5\.2\.5 /m, 'the pods it needs are there');
  assert.doesNotMatch(ran.out, /\[PASS\] 5\.1\.[15] /);
});

test('--fail-on violation gates on what was checked and violated in the objects, not on what a person must look at', async () => {
  const clean = folder('gate-clean', { 'cluster.yaml': CLEAN });
  const violated = folder('gate-violated', { 'cluster.yaml': CLEAN + HOST_NETWORK });
  assert.equal((await kubefort(policies('--manifests', clean, '--fail-on', 'violation'))).code, 0);
  assert.equal((await kubefort(policies('--manifests', clean, '--fail-on', 'fail'))).code, 0);
  assert.equal((await kubefort(policies('--manifests', clean, '--fail-on', 'warn'))).code, 1, 'Manual checks always WARN');
  const gated = await kubefort(policies('--manifests', violated, '--fail-on', 'violation'));
  assert.equal(gated.code, 1);
  assert.match(gated.out, /^\d+ checks WARN \(1 checked and violated\)$/m);
  assert.equal((await kubefort(policies('--manifests', violated))).code, 0, 'the default --fail-on fail keeps the CIS meaning');
  const junit = await kubefort(policies('--manifests', violated, '--fail-on', 'violation', '--junit'));
  assert.match(junit.out, /<failure message="WARN violated \(1\): 1 found: Pod app\/agent sets hostNetwork: true/);
  const json = JSON.parse((await kubefort(policies('--manifests', violated, '-c', '5.2.5,5.1.7', '--json'))).out) as { controls: { groups: { checks: { id: string; verdict: string; violations: number }[] }[] }[] };
  const verdicts = json.controls.flatMap((c) => c.groups.flatMap((g) => g.checks.map((k) => `${k.id} ${k.verdict} ${k.violations}`)));
  assert.deepEqual(verdicts, ['5.1.7 manual 0', '5.2.5 violated 1']);
});

test('documents that fail to load are counted on stderr with where; the rest is judged', async () => {
  const mixed = folder('mixed', { 'a.yaml': CLEAN, 'b.yaml': 'kind: [unclosed\n' });
  const ran = await kubefort(policies('--manifests', mixed, '-c', '5.2.5'));
  assert.equal(ran.code, 0, ran.err);
  assert.match(ran.err, /kubefort: warning: .*b\.yaml/);
  assert.match(ran.err, /kubefort: warning: --manifests .*: 1 file\(s\) or document\(s\) could not be read; section 5 judges the 7 objects that could/);
  assert.doesNotMatch(ran.out, /b\.yaml/, 'the report on stdout holds the report only');
});
