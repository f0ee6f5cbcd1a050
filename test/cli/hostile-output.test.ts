/**
 * Names and values from the input never reach the terminal raw: a flag value, a ClusterRole, an Ingress or a
 * Service named with CSI (ESC[31m), OSC (ESC]0;title BEL), a C1 CSI (U+009B) and a bidi override (U+202E) is shown
 * escaped in every text report, and the JUnit report stays valid, printable XML 1.0.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';
import { kubefort, type Ran } from '../helpers/cli.js';

const ESC = '\u001b';
/** The hostile value as a YAML double-quoted scalar writes it, and as printable() shows it. */
const YAML_HOSTILE = String.raw`\e[31mevil\e]0;pwned\a\x9b2J\u202e`;
const SHOWN = String.raw`\x1b[31mevil\x1b]0;pwned\x07\u{9b}2J\u{202e}`;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
/** The colours kubefort paints with (picocolors: SGR 31-34 and 39); nothing else may carry an ESC. */
const OWN_COLOURS = new RegExp(`${ESC}\\[(?:3[0-9]|39|1|22)m`, 'g');

function assertClean(what: string, text: string): void {
  const stripped = text.replace(OWN_COLOURS, '');
  const bad = RAW_CONTROL.exec(stripped);
  assert.equal(bad, null, `${what}: raw U+${(bad?.[0].codePointAt(0) ?? 0).toString(16)} near ${JSON.stringify(stripped.slice(Math.max(0, (bad?.index ?? 0) - 40), (bad?.index ?? 0) + 20))}`);
}

function assertShown(what: string, ran: Ran, min = 1): void {
  assertClean(`${what} (stdout)`, ran.out);
  assertClean(`${what} (stderr)`, ran.err);
  assert.ok(ran.out.split(SHOWN).length - 1 >= min, `${what}: the escaped name is not in the output:\n${ran.out.slice(0, 2000)}`);
}

/**
 * A strict check that a text is well-formed XML 1.0 of the shape the JUnit writer emits: only XML Chars (and
 * no character a terminal would obey), entities among the five predefined, attributes quoted without `<`,
 * elements balanced.
 */
function assertStrictXml(xml: string): void {
  for (const ch of xml) {
    const c = ch.codePointAt(0) ?? 0;
    const xmlChar = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    assert.ok(xmlChar, `not an XML 1.0 Char: U+${c.toString(16)}`);
  }
  assertClean('JUnit', xml);
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const stack: string[] = [];
  const ATTR = /\s+([A-Za-z_][\w.-]*)="([^"<]*)"/g;
  for (const m of body.matchAll(/<([^>]*)>|([^<]+)/g)) {
    const text = m[2] ?? '';
    const tag = m[1];
    const entities = (s: string) => assert.doesNotMatch(s, /&(?!(?:amp|lt|gt|quot|apos);)/, `bad entity in ${JSON.stringify(s.slice(0, 80))}`);
    if (tag === undefined) {
      entities(text);
      assert.ok(stack.length > 0 || text.trim() === '', `text outside the root element: ${JSON.stringify(text.slice(0, 80))}`);
      continue;
    }
    const close = /^\/([A-Za-z_][\w.-]*)$/.exec(tag);
    if (close) {
      assert.equal(stack.pop(), close[1], `unbalanced </${close[1]}>`);
      continue;
    }
    const open = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)$/.exec(tag);
    assert.ok(open, `malformed tag <${tag.slice(0, 120)}>`);
    for (const a of (open[2] ?? '').matchAll(ATTR)) entities(a[2] ?? '');
    if (open[3] !== '/') stack.push(open[1] ?? '');
  }
  assert.deepEqual(stack, [], 'unclosed elements');
}

const node = materializeNodeFixture('manifests-only');
after(() => removeNodeFixture(node));
const manifest = join(node, 'etc', 'kubernetes', 'manifests', 'kube-apiserver.yaml');
const original = readFileSync(manifest, 'utf8');
assert.ok(original.includes('    - --authorization-mode=Node,RBAC\n'));
writeFileSync(manifest, original.replace('    - --authorization-mode=Node,RBAC\n', `    - "--authorization-mode=${YAML_HOSTILE}Node,RBAC"\n`));

test('bench --root: a manifest flag value with OSC, CSI, C1 and bidi is escaped in the text report, colours kept', async () => {
  const args = ['bench', '--root', node, '-c', '1.2.6', '-c', '1.2.7', '--color', 'always', '--fail-on', 'never'];
  const text = await kubefort(args);
  assertClean('bench text', text.out);
  assert.ok(text.out.includes(`${ESC}[31m[FAIL]${ESC}[39m`), 'its own colours stay');
  assert.ok(text.out.includes(SHOWN), 'the static pod validation names the value, escaped');
  const evidence = await kubefort([...args, '--include-evidence']);
  assertShown('bench --include-evidence', evidence, 3);
  assert.match(evidence.out, /--authorization-mode = \\x1b\]0;|--authorization-mode = \\x1b\[31m/);
});

test('bench --junit: hostile values give valid, printable XML 1.0', async () => {
  const junit = await kubefort(['bench', '--root', node, '-c', '1.2.6', '-c', '1.2.7', '--junit', '--fail-on', 'never']);
  assertStrictXml(junit.out);
  assert.ok(junit.out.includes(SHOWN));
});

const CLUSTER_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "${YAML_HOSTILE}"
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
- apiGroups: [""]
  resources: [secrets]
  resourceNames: ["${YAML_HOSTILE}"]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: "bind-${YAML_HOSTILE}"
subjects:
- kind: User
  name: alice
  apiGroup: rbac.authorization.k8s.io
- kind: ServiceAccount
  name: "sa-${YAML_HOSTILE}"
  namespace: tools
roleRef:
  kind: ClusterRole
  name: "${YAML_HOSTILE}"
  apiGroup: rbac.authorization.k8s.io
`;
const rbacInput = { readStdin: () => CLUSTER_ROLE };

test('rbac: a ClusterRole named with escape sequences is shown escaped in findings, can-i, can-i --list and who-can', async () => {
  assertShown('rbac', await kubefort(['rbac', '-'], rbacInput));
  assertShown('rbac can-i', await kubefort(['rbac', 'can-i', 'delete', 'nodes', '--as', 'alice', '-'], rbacInput), 2);
  assertShown('rbac can-i --list', await kubefort(['rbac', 'can-i', '--list', '--as', 'alice', '-'], rbacInput));
  assertShown('rbac who-can', await kubefort(['rbac', 'who-can', 'get', 'pods', '-'], rbacInput), 2);
  for (const args of [['can-i', 'delete', 'nodes'], ['can-i', '--list'], ['who-can', 'get', 'pods']]) {
    const json = await kubefort(['rbac', ...args, ...(args[0] === 'can-i' ? ['--as', 'alice'] : []), '-o', 'json', '-'], rbacInput);
    assertClean(`rbac ${args.join(' ')} -o json`, json.out);
    assert.ok(JSON.stringify(JSON.parse(json.out)).includes('\u202e'), 'JSON keeps the value');
  }
});

test('ingress: an Ingress, its Secret and Service named with escape sequences are shown escaped', async () => {
  const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: "${YAML_HOSTILE}"
  namespace: shop
spec:
  ingressClassName: nginx
  tls:
  - hosts: [web.example.com]
    secretName: "tls-${YAML_HOSTILE}"
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: "svc-${YAML_HOSTILE}"
            port: {number: 80}
`;
  const ran = await kubefort(['ingress', '--fail-on', 'critical', '-'], { readStdin: () => ingress });
  assert.equal(ran.code, 0, ran.err);
  assertShown('ingress', ran, 2);
});

const DASHBOARD = `apiVersion: v1
kind: Service
metadata:
  name: "${YAML_HOSTILE}"
  namespace: kubernetes-dashboard
spec:
  type: NodePort
  selector: {k8s-app: kubernetes-dashboard}
  ports:
  - port: 443
    targetPort: 8443
    nodePort: 31080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: "${YAML_HOSTILE}"
  namespace: kubernetes-dashboard
spec:
  selector: {matchLabels: {k8s-app: kubernetes-dashboard}}
  template:
    metadata:
      labels: {k8s-app: kubernetes-dashboard}
    spec:
      containers:
      - name: kubernetes-dashboard
        image: kubernetesui/dashboard:v2.7.0
        args: [--auto-generate-certificates, --enable-skip-login, "--namespace=${YAML_HOSTILE}"]
`;

test('gui: a Dashboard Deployment and Service named with escape sequences are shown escaped', async () => {
  const ran = await kubefort(['gui', '-'], { readStdin: () => DASHBOARD });
  assert.equal(ran.code, 1, ran.err);
  assertShown('gui', ran);
});

test('ports: the Service owning a NodePort, named with escape sequences, is shown escaped', async () => {
  const root = join(import.meta.dirname, '..', 'fixtures', 'ports', 'control-plane');
  const ran = await kubefort(['ports', '--root', root, '-'], { readStdin: () => DASHBOARD });
  assert.equal(ran.code, 1, ran.err);
  assertShown('ports', ran);
});

test('an error message naming an input value is escaped (one line, no raw control characters)', async () => {
  const ran = await kubefort(['rbac', 'can-i', '--list', '--as', 'alice', '-'], { readStdin: () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "${YAML_HOSTILE}"\n` });
  assert.equal(ran.code, 2);
  assertClean('error', ran.err);
  const ingress = await kubefort(['ingress', '-'], { readStdin: () => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: "${YAML_HOSTILE}"\n  namespace: shop\nspec: {rules: "${YAML_HOSTILE}"}\n` });
  assertClean('ingress error', ingress.err);
  assertClean('ingress error (stdout)', ingress.out);
});

const NETPOL = `apiVersion: v1
kind: Pod
metadata:
  name: "${YAML_HOSTILE}"
  namespace: shop
  labels: {app: web}
spec:
  hostNetwork: true
  containers: [{name: c, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata:
  name: "b-${YAML_HOSTILE}"
  namespace: shop
  labels: {app: api}
spec:
  containers: [{name: c, image: nginx:1.27}]
---
apiVersion: v1
kind: "Kind${YAML_HOSTILE}"
metadata:
  name: x
`;

test('netpol: workloads and kinds named with escape sequences are escaped on stderr and in list (--exposure, --explain), graph and diff', async () => {
  const work = join(node, 'netpol');
  mkdirSync(work);
  writeFileSync(join(work, 'before.yaml'), NETPOL);
  writeFileSync(join(work, 'after.yaml'), `${NETPOL}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
`);
  const list = await kubefort(['netpol', 'list', join(work, 'before.yaml')]);
  assertShown('netpol list', list);
  assert.ok(list.err.includes(SHOWN), 'the hostNetwork note and the ignored kind name it, escaped');
  const graph = await kubefort(['netpol', 'graph', join(work, 'before.yaml')]);
  assertClean('netpol graph', graph.out);
  assert.ok(graph.out.includes('\\u001b]0;pwned\\u0007\\u009b2J\\u202e'), 'graph JSON writes them as \\u escapes');
  assertShown('netpol diff', await kubefort(['netpol', 'diff', join(work, 'before.yaml'), join(work, 'after.yaml')]));
  for (const mode of ['--exposure', '--explain']) {
    assertShown(`netpol list ${mode}`, await kubefort(['netpol', 'list', mode, join(work, 'after.yaml')]));
    assertClean(`netpol list ${mode} -o json`, (await kubefort(['netpol', 'list', mode, '-o', 'json', join(work, 'after.yaml')])).out);
  }
  const diffJson = await kubefort(['netpol', 'diff', '-o', 'json', join(work, 'before.yaml'), join(work, 'after.yaml')]);
  assertClean('netpol diff -o json', diffJson.out);
});
