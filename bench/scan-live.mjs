#!/usr/bin/env node
// Times `kubefort scan --live -A` against a real kube-apiserver + etcd (test/helpers/apiserver.ts) holding
// 5,000 pods, 1,000 NetworkPolicies and 200 Ingresses in 50 namespaces, as whole processes (Node start-up
// included), 3 runs each; and, to split the figure, `kubefort export -A` (the API's list time plus writing YAML)
// and `kubefort scan DIR` on the exported folder (the analysis alone).
// Usage: npm run build && node --import tsx bench/scan-live.mjs [runs=3]
// Needs: bash scripts/build-control-plane.sh
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { controlPlaneMissing, startCluster } from '../test/helpers/apiserver.ts';
import { cli, requireBuild } from './lib.mjs';

const runs = Number(process.argv[2] ?? 3);
requireBuild();
const missing = controlPlaneMissing();
if (missing !== undefined) {
  console.error(missing);
  process.exit(2);
}

const NAMESPACES = 50;
const PODS = 5000;
const POLICIES = 1000;
const INGRESSES = 200;

function objects() {
  const out = [];
  for (let n = 0; n < NAMESPACES; n += 1) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}`, labels: { team: `t${n % 10}` } } });
  for (let i = 0; i < PODS; i += 1) {
    const ns = `team-${i % NAMESPACES}`;
    out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `app-${i}`, namespace: ns, labels: { app: `app-${i % 40}`, tier: ['web', 'api', 'db'][i % 3] } },
      spec: { containers: [{ name: 'main', image: 'registry.example/app:1.0', ports: [{ containerPort: 8080, name: 'http' }], securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } }] } });
  }
  for (let i = 0; i < POLICIES; i += 1) {
    const ns = `team-${i % NAMESPACES}`;
    out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `allow-${i}`, namespace: ns },
      spec: { podSelector: { matchLabels: { app: `app-${i % 40}` } }, policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }, { namespaceSelector: { matchLabels: { team: `t${i % 10}` } } }], ports: [{ port: 8080, protocol: 'TCP' }] }] } });
  }
  for (let i = 0; i < INGRESSES; i += 1) {
    const ns = `team-${i % NAMESPACES}`;
    out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: `web-${i}`, namespace: ns },
      spec: { rules: [{ host: `web-${i}.example.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `web-${i}`, port: { number: 80 } } } }] } }] } });
  }
  return out;
}

function time(argv, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`exit ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'kubefort-scan-live-'));
const cluster = await startCluster();
try {
  const loadStart = Date.now();
  await cluster.apply(objects());
  console.log(`loaded ${PODS} pods, ${POLICIES} policies, ${INGRESSES} ingresses in ${NAMESPACES} namespaces: ${((Date.now() - loadStart) / 1000).toFixed(1)} s`);
  const env = { KUBECONFIG: cluster.kubeconfig };
  const rows = [
    ['kubefort scan --live -A -o json', [cli, 'scan', '--live', '-A', '-o', 'json']],
    ['kubefort export -A --out DIR', [cli, 'export', '-A', '--out', join(work, 'export')]],
    ['kubefort scan DIR -o json (exported files)', [cli, 'scan', join(work, 'export'), '-o', 'json']],
    ['kubefort netpol list -A', [cli, 'netpol', 'list', '-A']],
  ];
  for (const [name, argv] of rows) {
    const times = [];
    for (let r = 0; r < runs; r += 1) {
      const { ms, stdout } = time(argv, env);
      times.push(ms);
      if (r === 0 && argv.includes('json')) {
        // What was judged, so that a fast run cannot hide an empty one.
        const report = JSON.parse(stdout.toString('utf8'));
        console.log(`  ${name}: ${report.findings.length} findings; ${report.areas.map((a) => `${a.id} ${Object.values(a.counts).reduce((x, y) => x + y, 0)}`).join(', ')}; unreadable ${report.unreadable.length}`);
      }
    }
    console.log(`${name.padEnd(44)} median ${(median(times) / 1000).toFixed(2)} s  (${times.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
  }
} finally {
  await cluster.stop();
  rmSync(work, { recursive: true, force: true });
}
