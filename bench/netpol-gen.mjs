#!/usr/bin/env node
// Generates a synthetic cluster for `kubefort netpol` benchmarks, one multi-document YAML file per namespace,
// as a GitOps repository would hold it. Deterministic: the same arguments give the same files.
//
//   node bench/netpol-gen.mjs --namespaces 100 --workloads 100 --policies 20 [--metrics-ports 50] [--ingress-only yes]
//                             [--admin yes] [--format yaml|json] --out /tmp/np-10k
//
// --admin yes adds an AdminNetworkPolicy/BaselineAdminNetworkPolicy layer (policy.networking.k8s.io/v1alpha1):
// monitoring always allowed in (priority 10), staging denied into prod (20), DNS passed to the NetworkPolicies (30),
// a BANP denying ingress from other namespaces and egress to the metadata address. --format json writes one
// `kubectl get -o json`-shaped List (cluster.json, 4-space indent) instead of one YAML file per namespace.
//
// Each application namespace gets M Deployments (tiers frontend/backend/db round-robin, named ports), a default
// deny for ingress and egress, and allow policies: DNS to kube-system/kube-dns, ingress from the ingress-nginx
// namespace to the frontends, frontend -> backend (named port), backend -> db, egress within the namespace, and
// (policies - 6) per-application policies admitting the monitoring namespace to one app's metrics port.
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const N = Number(args.namespaces ?? 10);
const M = Number(args.workloads ?? 100);
const P = Math.max(6, Number(args.policies ?? 6));
// Distinct metrics port numbers across apps: named-port resolution can tell apart apps whose `metrics` differ.
const SPREAD = Math.max(1, Number(args['metrics-ports'] ?? 50));
// --ingress-only yes: no egress isolation at all (default deny for ingress only, no DNS/egress policies).
const INGRESS_ONLY = args['ingress-only'] === 'yes';
const ADMIN = args.admin === 'yes';
const JSON_OUT = args.format === 'json';
const out = args.out ?? `/tmp/kubefort-netpol-${N * M}`;
const TIERS = ['frontend', 'backend', 'db'];

const deployment = (ns, name, labels, ports) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
${Object.entries(labels).map(([k, v]) => `        ${k}: ${v}`).join('\n')}
    spec:
      containers:
      - name: main
        image: registry.example.com/${name}:1.0.0
        ports:
${ports.map((p) => `        - name: ${p.name}\n          containerPort: ${p.port}\n          protocol: ${p.protocol ?? 'TCP'}`).join('\n')}
`;
const namespace = (name, labels) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels:
${Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`).join('\n')}
`;
const policy = (ns, name, spec) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec.trim().split('\n').map((l) => `  ${l}`).join('\n')}
`;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// JSON: objects are appended to one List as kubectl writes it; YAML: one multi-document file per namespace.
let firstItem = true;
if (JSON_OUT) writeFileSync(join(out, 'cluster.json'), '{\n    "apiVersion": "v1",\n    "items": [\n');
const emit = (file, docs) => {
  if (!JSON_OUT) return writeFileSync(join(out, file), docs.join('---\n'));
  const items = parseAllDocuments(docs.join('---\n')).map((d) => JSON.stringify(d.toJS(), null, 4).replace(/\n/g, '\n        '));
  appendFileSync(join(out, 'cluster.json'), items.map((t, i) => `${firstItem && i === 0 ? '' : ',\n'}        ${t}`).join(''));
  firstItem = false;
};
const admin = (kind, name, spec) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: ${kind}
metadata:
  name: ${name}
spec:
${spec.trim().split('\n').map((l) => `  ${l}`).join('\n')}
`;
const adminLayer = [
  admin('AdminNetworkPolicy', 'allow-monitoring', `priority: 10
subject:
  namespaces: {}
ingress:
- name: from-monitoring
  action: Allow
  from:
  - namespaces:
      matchLabels:
        kubernetes.io/metadata.name: monitoring`),
  admin('AdminNetworkPolicy', 'staging-not-into-prod', `priority: 20
subject:
  namespaces:
    matchLabels:
      env: prod
ingress:
- name: deny-staging
  action: Deny
  from:
  - namespaces:
      matchLabels:
        env: staging`),
  admin('AdminNetworkPolicy', 'pass-dns', `priority: 30
subject:
  namespaces:
    matchExpressions:
    - key: team
      operator: Exists
egress:
- name: dns-to-networkpolicies
  action: Pass
  to:
  - namespaces:
      matchLabels:
        kubernetes.io/metadata.name: kube-system
  ports:
  - portNumber:
      protocol: UDP
      port: 53`),
  admin('BaselineAdminNetworkPolicy', 'default', `subject:
  namespaces:
    matchExpressions:
    - key: team
      operator: Exists
ingress:
- name: deny-other-namespaces
  action: Deny
  from:
  - namespaces: {}
egress:
- name: deny-metadata
  action: Deny
  to:
  - networks:
    - 169.254.169.254/32`),
];
emit('00-platform.yaml', [
  namespace('kube-system', { 'kubernetes.io/metadata.name': 'kube-system' }),
  deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }]),
  namespace('ingress-nginx', { 'kubernetes.io/metadata.name': 'ingress-nginx' }),
  deployment('ingress-nginx', 'ingress-nginx-controller', { 'app.kubernetes.io/name': 'ingress-nginx' }, [{ name: 'http', port: 80 }, { name: 'https', port: 443 }]),
  namespace('monitoring', { 'kubernetes.io/metadata.name': 'monitoring' }),
  deployment('monitoring', 'prometheus', { app: 'prometheus' }, [{ name: 'web', port: 9090 }]),
  ...(ADMIN ? adminLayer : []),
]);

let workloads = 3;
let policies = 0;
for (let n = 0; n < N; n++) {
  const ns = `team-${String(n).padStart(4, '0')}`;
  const docs = [namespace(ns, { team: ns, env: n % 2 === 0 ? 'prod' : 'staging' })];
  for (let m = 0; m < M; m++) {
    const app = `app-${String(m).padStart(4, '0')}`;
    docs.push(deployment(ns, app, { app, tier: TIERS[m % 3] }, [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9100 + (m % SPREAD) }]));
    workloads++;
  }
  docs.push(policy(ns, 'default-deny', `podSelector: {}\npolicyTypes:\n- Ingress${INGRESS_ONLY ? '' : '\n- Egress'}`));
  if (!INGRESS_ONLY) docs.push(policy(ns, 'allow-dns', `podSelector: {}
policyTypes:
- Egress
egress:
- to:
  - namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: kube-system
    podSelector:
      matchLabels:
        k8s-app: kube-dns
  ports:
  - protocol: UDP
    port: 53
  - protocol: TCP
    port: 53`));
  docs.push(policy(ns, 'allow-ingress-controller', `podSelector:
  matchLabels:
    tier: frontend
ingress:
- from:
  - namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: ingress-nginx
  ports:
  - port: http`));
  docs.push(policy(ns, 'frontend-to-backend', `podSelector:
  matchLabels:
    tier: backend
ingress:
- from:
  - podSelector:
      matchLabels:
        tier: frontend
  ports:
  - port: http`));
  docs.push(policy(ns, 'backend-to-db', `podSelector:
  matchLabels:
    tier: db
ingress:
- from:
  - podSelector:
      matchLabels:
        tier: backend
  ports:
  - port: 5432`));
  if (!INGRESS_ONLY) docs.push(policy(ns, 'egress-within-namespace', `podSelector: {}
policyTypes:
- Egress
egress:
- to:
  - podSelector: {}`));
  for (let k = 0; k < P - 6 && k < M; k++) {
    const app = `app-${String(k).padStart(4, '0')}`;
    docs.push(policy(ns, `allow-metrics-${app}`, `podSelector:
  matchLabels:
    app: ${app}
ingress:
- from:
  - namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: monitoring
    podSelector:
      matchLabels:
        app: prometheus
  ports:
  - port: metrics`));
  }
  policies += docs.filter((d) => d.includes('kind: NetworkPolicy')).length;
  emit(`${ns}.yaml`, docs);
}
if (JSON_OUT) appendFileSync(join(out, 'cluster.json'), '\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
process.stdout.write(`${out}: ${N} namespaces, ${workloads} workloads, ${policies} policies${ADMIN ? `, ${adminLayer.length} admin policies` : ''}\n`);
