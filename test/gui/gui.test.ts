import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addText, type ObjectSet } from '../../src/collect/objects.js';
import { guiFindings } from '../../src/gui/index.js';
import { GUI_RULES } from '../../src/gui/rules.js';
import { valuesFindings } from '../../src/gui/values.js';

const set = (yaml: string): ObjectSet => {
  const s: ObjectSet = { objects: [], errors: [], files: [] };
  addText(s, yaml, 'gui.yaml');
  return s;
};
const ids = (yaml: string) => guiFindings(set(yaml)).findings.map((f) => f.ruleId);

const deploy = (image: string, args: string[], extra = '', ns = 'ui', sa = 'ui') => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ui, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ui}}
  template:
    metadata: {labels: {app: ui}}
    spec:
      serviceAccountName: ${sa}
      containers:
      - name: ui
        image: ${image}
        args: ${JSON.stringify(args)}
        ports: [{containerPort: 8443}]
${extra}`;
const V2 = 'kubernetesui/dashboard:v2.7.0';
const TLS = ['--auto-generate-certificates'];
const service = (type: string, extra = '') => `---
apiVersion: v1
kind: Service
metadata: {name: ui, namespace: ui}
spec:
  type: ${type}
  selector: {app: ui}
  ports: [{port: 443, targetPort: 8443}]
${extra}`;
const ingress = (tls: boolean, annotations = '{}') => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ui, namespace: ui, annotations: ${annotations}}
spec:
${tls ? '  tls: [{hosts: [ui.example.com], secretName: ui-tls}]\n' : ''}  rules:
  - host: ui.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: ui, port: {number: 443}}}}]}
`;
const crb = (role: string, sa = 'ui', ns = 'ui') => `---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${sa}-${role}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role}}
subjects: [{kind: ServiceAccount, name: ${sa}, namespace: ${ns}}]
`;

/** [rule stated, passing YAML, failing YAML, rule id] */
const TABLE: [string, string, string, string][] = [
  ['GUI001 --enable-skip-login', deploy(V2, TLS), deploy(V2, [...TLS, '--enable-skip-login']), 'GUI001'],
  ['GUI001 --enable-skip-login=false is off', deploy(V2, [...TLS, '--enable-skip-login=false']), deploy(V2, [...TLS, '--enable-skip-login=true']), 'GUI001'],
  ['GUI002 --enable-insecure-login', deploy(V2, TLS), deploy(V2, [...TLS, '--enable-insecure-login']), 'GUI002'],
  ['GUI003 --insecure-bind-address not loopback with the HTTP port on', deploy(V2, [...TLS, '--insecure-bind-address=0.0.0.0', '--insecure-port=0']), deploy(V2, [...TLS, '--insecure-bind-address', '0.0.0.0']), 'GUI003'],
  ['GUI004 --disable-settings-authorizer', deploy(V2, TLS), deploy(V2, [...TLS, '--disable-settings-authorizer']), 'GUI004'],
  ['GUI005 --authentication-mode=basic', deploy(V2, [...TLS, '--authentication-mode=token']), deploy(V2, [...TLS, '--authentication-mode=token,basic']), 'GUI005'],
  ['GUI006 --token-ttl=0', deploy(V2, [...TLS, '--token-ttl=900']), deploy(V2, [...TLS, '--token-ttl=0']), 'GUI006'],
  ['GUI007 no TLS: neither generated nor given', deploy(V2, ['--tls-cert-file=/certs/tls.crt', '--tls-key-file=/certs/tls.key']), deploy(V2, ['--tls-cert-file=/certs/tls.crt']), 'GUI007'],
  ['GUI008 v7 --apiserver-skip-tls-verify', deploy('kubernetesui/dashboard-api:1.10.1', []), deploy('kubernetesui/dashboard-api:1.10.1', ['--apiserver-skip-tls-verify']), 'GUI008'],
  ['GUI009 v7 --disable-csrf-protection', deploy('kubernetesui/dashboard-auth:1.2.2', []), deploy('kubernetesui/dashboard-auth:1.2.2', ['--disable-csrf-protection=true']), 'GUI009'],
  ['GUI010 v7 --profiler', deploy('kubernetesui/dashboard-web:1.6.0', []), deploy('kubernetesui/dashboard-web:1.6.0', ['--profiler']), 'GUI010'],
  ['GUI003 v7 --insecure-bind-address not loopback', deploy('kubernetesui/dashboard-web:1.6.0', ['--insecure-bind-address=127.0.0.1']), deploy('kubernetesui/dashboard-web:1.6.0', ['--insecure-bind-address=0.0.0.0']), 'GUI003'],
  ['GUI012 a NodePort Service selecting the GUI', deploy(V2, TLS) + service('ClusterIP'), deploy(V2, TLS) + service('NodePort'), 'GUI012'],
  ['GUI012 externalIPs on the GUI Service', deploy(V2, TLS) + service('ClusterIP'), deploy(V2, TLS) + service('ClusterIP', '  externalIPs: [198.51.100.7]\n'), 'GUI012'],
  ['GUI013 an Ingress to the GUI without TLS', deploy(V2, TLS) + service('ClusterIP') + ingress(true, '{nginx.ingress.kubernetes.io/auth-url: "https://auth/oauth2/auth"}'), deploy(V2, TLS) + service('ClusterIP') + ingress(false, '{nginx.ingress.kubernetes.io/auth-url: "https://auth/oauth2/auth"}'), 'GUI013'],
  ['GUI013 an Ingress to the GUI without an auth annotation', deploy(V2, TLS) + service('ClusterIP') + ingress(true, '{nginx.ingress.kubernetes.io/auth-url: "https://auth/oauth2/auth"}'), deploy(V2, TLS) + service('ClusterIP') + ingress(true), 'GUI013'],
  ['GUI014 no NetworkPolicy selects the GUI', deploy(V2, TLS) + '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ui}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n', deploy(V2, TLS), 'GUI014'],
  ['GUI015 the GUI ServiceAccount bound to cluster-admin', deploy(V2, TLS) + crb('view'), deploy(V2, TLS) + crb('cluster-admin'), 'GUI015'],
  ['GUI016 another ServiceAccount of the GUI namespace bound to cluster-admin', deploy(V2, TLS) + crb('cluster-admin', 'admin-user', 'other'), deploy(V2, TLS) + crb('cluster-admin', 'admin-user'), 'GUI016'],
  ['GUI017 a long-lived token for it', deploy(V2, TLS) + crb('cluster-admin', 'admin-user'), deploy(V2, TLS) + crb('cluster-admin', 'admin-user') + '---\napiVersion: v1\nkind: Secret\nmetadata: {name: t, namespace: ui, annotations: {kubernetes.io/service-account.name: admin-user}}\ntype: kubernetes.io/service-account-token\n', 'GUI017'],
  ['GUI018 any Dashboard is unmaintained (Headlamp is not)', deploy('ghcr.io/headlamp-k8s/headlamp:v0.25.0', []), deploy(V2, TLS), 'GUI018'],
  ['GUI019 Headlamp -insecure-ssl', deploy('ghcr.io/headlamp-k8s/headlamp:v0.25.0', ['-in-cluster']), deploy('ghcr.io/headlamp-k8s/headlamp:v0.25.0', ['-in-cluster', '-insecure-ssl']), 'GUI019'],
  ['GUI019 Headlamp exposed without OIDC', deploy('ghcr.io/headlamp-k8s/headlamp:v0.25.0', ['-oidc-client-id=headlamp']) + service('LoadBalancer'), deploy('ghcr.io/headlamp-k8s/headlamp:v0.25.0', []) + service('LoadBalancer'), 'GUI019'],
];

for (const [name, pass, fail, id] of TABLE) {
  test(name, () => {
    assert.ok(!ids(pass).includes(id), `passing input reported ${id}`);
    const found = guiFindings(set(fail)).findings.filter((f) => f.ruleId === id);
    assert.ok(found.length > 0, `${id} not reported`);
    assert.ok(found.every((f) => f.location?.line !== undefined), 'every finding has a line');
  });
}

test('GUIs are found by image, not by name: a Deployment named "dashboard" running nginx is not one', () => {
  assert.equal(guiFindings(set(deploy('nginx:1.27', ['--enable-skip-login']).replace('name: ui,', 'name: kubernetes-dashboard,'))).guis.length, 0);
  const renamed = guiFindings(set(deploy('registry.example.com:5000/mirror/kubernetesui/dashboard:v2.7.0@sha256:' + 'a'.repeat(64), TLS)));
  assert.equal(renamed.guis[0]?.kind, 'Kubernetes Dashboard v2');
});

test('Helm values: kong.proxy.type NodePort and kong.proxy.http.enabled true; kong.http has no effect', () => {
  const f = valuesFindings('kong:\n  proxy:\n    type: NodePort\n    http:\n      enabled: true\n', 'values.yaml');
  assert.deepEqual(f.map((x) => [x.ruleId, x.location?.line]), [['GUI012', 3], ['GUI011', 5]]);
  assert.deepEqual(valuesFindings('kong:\n  http:\n    enabled: true\n', 'v.yaml').map((x) => x.ruleId), ['GUI020']);
  assert.deepEqual(valuesFindings('kong:\n  proxy:\n    type: ClusterIP\n', 'v.yaml'), []);
});

test('every GUI rule id is unique and documented', () => {
  assert.equal(new Set(GUI_RULES.map((r) => r.id)).size, GUI_RULES.length);
  for (const [, , fail] of TABLE) for (const f of guiFindings(set(fail)).findings) assert.ok(GUI_RULES.some((r) => r.id === f.ruleId), f.ruleId);
});
