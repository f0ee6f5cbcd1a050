// An envtest-like harness: a real etcd and kube-apiserver (built by scripts/build-control-plane.sh) on
// 127.0.0.1 ephemeral ports, a generated PKI, three users and kubeconfigs for them, fixtures loaded through the API.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigText, makePki } from './apiserver-pki.js';
import { RESOURCE_TYPES, listPath } from '../../src/collect/live/resources.js';
import type { KubeObject } from '../../src/collect/objects.js';

export const K8S_VERSION = 'v1.34.4';
const BIN_DIR = join(process.env.KUBEFORT_CACHE ?? join(homedir(), '.cache', 'kubefort'), 'control-plane', K8S_VERSION);

/** Why the live tests cannot run here, or undefined when the binaries are there. In CI their absence is a failure. */
export function controlPlaneMissing(): string | undefined {
  if (existsSync(join(BIN_DIR, 'kube-apiserver')) && existsSync(join(BIN_DIR, 'etcd'))) return undefined;
  const why = `kube-apiserver/etcd not built in ${BIN_DIR}: run bash scripts/build-control-plane.sh`;
  if (process.env.CI === 'true') throw new Error(`CI: ${why}`);
  return why;
}

export interface TestCluster {
  server: string;
  dir: string;
  /** kubeconfig with contexts admin (system:masters), auditor (bound to view), token (tokenFile), exec (exec plugin), nobody (inline token, no binding). */
  kubeconfig: string;
  /** Creates objects through the API as admin (namespaces first). */
  apply(objects: readonly KubeObject[]): Promise<void>;
  /** Admin request; the JSON answer. */
  call(method: string, path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function start(binary: string, args: string[], log: string): ChildProcess {
  // A process group of its own, so stop() ends the process and anything it started.
  const child = spawn(join(BIN_DIR, binary), args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const chunks: string[] = [];
  child.stderr?.on('data', (c: Buffer) => {
    chunks.push(c.toString());
    if (chunks.length > 400) chunks.splice(0, 200);
  });
  child.on('exit', () => writeFileSync(log, chunks.join('')));
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

export async function startCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-apiserver-'));
  const children: ChildProcess[] = [];
  // Last resort when the test process dies before its after hook: no etcd or kube-apiserver outlives it.
  const killAll = (): void => {
    for (const child of children) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
        }
      }
    }
  };
  process.once('exit', killAll);
  const stop = async (): Promise<void> => {
    for (const child of [...children].reverse()) await stopProcess(child);
    process.removeListener('exit', killAll);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    makePki(dir);
    const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];
    children.push(start('etcd', [
      '--name', 'default', '--data-dir', join(dir, 'etcd'),
      '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--advertise-client-urls', `http://127.0.0.1:${etcdClient}`,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `default=http://127.0.0.1:${etcdPeer}`, '--unsafe-no-fsync', '--log-level', 'warn',
    ], join(dir, 'etcd.log')));
    children.push(start('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${securePort}`,
      `--tls-cert-file=${join(dir, 'serving.crt')}`, `--tls-private-key-file=${join(dir, 'serving.key')}`, `--client-ca-file=${join(dir, 'ca.crt')}`,
      `--service-account-key-file=${join(dir, 'sa.pub')}`, `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--authorization-mode=RBAC', `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--service-cluster-ip-range=10.96.0.0/16', '--allow-privileged=true', `--cert-dir=${join(dir, 'certs')}`,
      // No controller-manager creates default ServiceAccounts, and fixtures hold privileged pods on purpose.
      '--disable-admission-plugins=ServiceAccount,PodSecurity', '--v=0',
    ], join(dir, 'apiserver.log')));
    const server = `https://127.0.0.1:${securePort}`;
    const tls = { ca: readFileSync(join(dir, 'ca.crt')), cert: readFileSync(join(dir, 'admin.crt')), key: readFileSync(join(dir, 'admin.key')) };
    const call = (method: string, path: string, body?: unknown): Promise<unknown> => callApi(server, tls, method, path, body);
    await waitReady(call, children, dir);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigText(dir, server));
    await aggregateView(call);
    await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding('kubefort-auditor-view', 'view', { kind: 'User', name: 'auditor' }));
    await call('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding('kubefort-readers-admin', 'cluster-admin', { kind: 'Group', name: 'kubefort:readers' }));
    return { server, dir, kubeconfig, call, stop, apply: (objects) => applyObjects(call, objects) };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `view` is an aggregated ClusterRole: kube-controller-manager's clusterrole-aggregation controller fills its rules
 * from the roles labelled rbac.authorization.k8s.io/aggregate-to-view. No controller-manager runs here, so the
 * harness does that controller's one step itself.
 */
async function aggregateView(call: (m: string, p: string, b?: unknown) => Promise<unknown>): Promise<void> {
  const base = '/apis/rbac.authorization.k8s.io/v1/clusterroles';
  const sources = await call('GET', `${base}?labelSelector=${encodeURIComponent('rbac.authorization.k8s.io/aggregate-to-view=true')}`) as { items: { rules?: unknown[] }[] };
  const view = await call('GET', `${base}/view`) as Record<string, unknown>;
  await call('PUT', `${base}/view`, { ...view, rules: sources.items.flatMap((r) => r.rules ?? []) });
}

function binding(name: string, role: string, subject: { kind: string; name: string }): unknown {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
  };
}

async function waitReady(call: (m: string, p: string) => Promise<unknown>, children: ChildProcess[], dir: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = '';
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead !== undefined) throw new Error(`control plane exited early: see ${dir}`);
    try {
      await call('GET', '/readyz');
      // The view ClusterRole comes from the RBAC bootstrap post-start hook.
      await call('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/view');
      return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`kube-apiserver not ready after 120 s: ${last}`);
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function callApi(server: string, tls: { ca: Buffer; cert: Buffer; key: Buffer }, method: string, path: string, body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), { method, ...tls, headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300) return reject(new HttpError(res.statusCode ?? 0, `${method} ${path}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`));
        try {
          resolve(text.startsWith('{') ? JSON.parse(text) : text);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

/** Fields the server owns: they cannot be created (resourceVersion) or are reset anyway (status). */
function forCreate(object: KubeObject): KubeObject {
  const metadata = { ...object.metadata } as Record<string, unknown>;
  for (const key of ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink']) delete metadata[key];
  const copy: Record<string, unknown> = { ...object, metadata };
  delete copy.status;
  return copy as KubeObject;
}

async function applyObjects(call: (m: string, p: string, b?: unknown) => Promise<unknown>, objects: readonly KubeObject[], concurrency = 8): Promise<void> {
  const order = (o: KubeObject): number => (o.kind === 'Namespace' ? 0 : 1);
  const sorted = [...objects].sort((a, b) => order(a) - order(b));
  const namespaces = sorted.filter((o) => o.kind === 'Namespace');
  const rest = sorted.filter((o) => o.kind !== 'Namespace');
  for (const batch of [namespaces, rest]) {
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < batch.length) {
        const object = batch[next];
        next += 1;
        if (object === undefined) continue;
        const type = RESOURCE_TYPES.find((t) => t.kind === object.kind);
        if (type === undefined) throw new Error(`harness: no resource for kind ${object.kind}`);
        const ns = type.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
        const path = listPath(type, ns);
        const created = forCreate(object);
        if (ns !== undefined) created.metadata.namespace = ns;
        try {
          await call('POST', path, created);
        } catch (error) {
          // Built-in namespaces (default, kube-system) already exist.
          if (!(object.kind === 'Namespace' && error instanceof HttpError && error.status === 409)) throw error;
        }
      }
    }));
  }
}
