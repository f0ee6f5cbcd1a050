import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiStatusError, ApiUnreachableError, LiveClient, parseRequestTimeout } from '../../src/collect/live/http.js';
import { resolveKubeconfig } from '../../src/collect/live/kubeconfig.js';
import { bypass } from '../../src/collect/live/proxy.js';
import { redactSecret } from '../../src/collect/live/redact.js';

function withDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-kubeconfig-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const config = (name: string, server: string, current?: string): string => `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster: { server: ${server} }
- name: shared
  cluster: { server: ${server}/shared }
users:
- name: u-${name}
  user: { token: t-${name} }
contexts:
- name: ${name}
  context: { cluster: ${name}, user: u-${name}, namespace: ns-${name} }
- name: shared
  context: { cluster: shared, user: u-${name} }
${current === undefined ? '' : `current-context: ${current}`}
`;

describe('kubeconfig as kubectl reads it', () => {
  test('a KUBECONFIG colon list merges; the first file wins every name and current-context; missing files are skipped', () => withDir((dir) => {
    writeFileSync(join(dir, 'a'), config('a', 'https://a.example:6443', 'a'));
    writeFileSync(join(dir, 'b'), config('b', 'https://b.example:6443', 'b'));
    const env = { KUBECONFIG: [join(dir, 'a'), join(dir, 'missing'), join(dir, 'b')].join(':') };
    const r = resolveKubeconfig({ env, cwd: dir });
    assert.equal(r.context, 'a');
    assert.equal(r.namespace, 'ns-a');
    const b = resolveKubeconfig({ env, cwd: dir, context: 'b' });
    assert.equal(b.server, 'https://b.example:6443');
    const shared = resolveKubeconfig({ env, cwd: dir, context: 'shared' });
    assert.equal(shared.server, 'https://a.example:6443/shared', 'the first file defines "shared"');
    assert.equal(shared.namespace, 'default');
  }));

  test('--kubeconfig is one file; ~/.kube/config is the fallback; an unknown context lists the known ones', () => withDir((dir) => {
    writeFileSync(join(dir, 'a'), config('a', 'https://a.example:6443', 'a'));
    assert.equal(resolveKubeconfig({ env: { KUBECONFIG: '/nonexistent' }, cwd: dir, kubeconfig: 'a' }).context, 'a');
    assert.throws(() => resolveKubeconfig({ env: {}, cwd: dir, kubeconfig: 'a', context: 'zzz' }), /context "zzz" not found .* \(valid: a, shared\)/);
    assert.throws(() => resolveKubeconfig({ env: { HOME: dir }, cwd: dir }), /no kubeconfig/);
  }));

  test('tokenFile is read relative to the kubeconfig; a YAML error gives the position, never the file text', () => withDir((dir) => {
    writeFileSync(join(dir, 'token'), 'from-file\n');
    writeFileSync(join(dir, 'k'), 'apiVersion: v1\nclusters: [{name: c, cluster: {server: "https://x:1"}}]\nusers: [{name: u, user: {tokenFile: token}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');
    const r = resolveKubeconfig({ env: {}, cwd: dir, kubeconfig: 'k' });
    assert.equal(r.kc.getCurrentUser()?.token, 'from-file');
    writeFileSync(join(dir, 'bad'), 'users:\n- name: u\n  user: {token: SECRET-TOKEN\n');
    assert.throws(() => resolveKubeconfig({ env: {}, cwd: dir, kubeconfig: 'bad' }), (e: Error) => /bad:\d+:\d+: not a valid kubeconfig/.test(e.message) && !e.message.includes('SECRET-TOKEN'));
  }));

  test('an exec plugin that needs a terminal is refused without one', () => withDir((dir) => {
    writeFileSync(join(dir, 'k'), 'apiVersion: v1\nclusters: [{name: c, cluster: {server: "https://x:1"}}]\nusers: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: login-helper, interactiveMode: Always}}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n');
    assert.throws(() => resolveKubeconfig({ env: {}, cwd: dir, kubeconfig: 'k', stdinIsTTY: false }), /needs a terminal/);
  }));
});

describe('live client details', () => {
  test('--request-timeout takes kubectl\'s durations', () => {
    assert.equal(parseRequestTimeout('0'), 0);
    assert.equal(parseRequestTimeout('30'), 30_000);
    assert.equal(parseRequestTimeout('1m'), 60_000);
    assert.equal(parseRequestTimeout('500ms'), 500);
    assert.equal(parseRequestTimeout('soon'), undefined);
  });

  test('NO_PROXY and loopback bypass the environment proxy, as Go does', () => {
    assert.equal(bypass('127.0.0.1', ''), true);
    assert.equal(bypass('localhost', ''), true);
    assert.equal(bypass('api.internal.example', '.example'), true);
    assert.equal(bypass('api.example', 'example:6443'), true);
    assert.equal(bypass('api.example', 'other.test'), false);
    assert.equal(bypass('api.example', '*'), true);
  });

  test('Secret values other than certificates are gone, last-applied-configuration too', () => {
    const out = redactSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"tls.key":"c2VjcmV0"}}' } }, data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'c2VjcmV0' } });
    assert.deepEqual(out.data, { 'tls.crt': 'Y2VydA==', 'tls.key': '' });
    assert.deepEqual(out.metadata.annotations, { 'kubefort.io/redacted-keys': 'tls.key' });
  });

  // The retry logic itself, against a tiny HTTP server on 127.0.0.1 that answers 429 and 503 before 200
  // (a real API server cannot be made to throttle on demand); everything else is tested against kube-apiserver.
  test('429 and 5xx are retried with backoff (Retry-After honoured); 403 is not', async () => {
    const seen: string[] = [];
    const answers = [[429, { 'retry-after': '1' }], [503, {}], [200, {}]] as const;
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const [code, headers] = answers[Math.min(seen.length - 1, answers.length - 1)] ?? [200, {}];
      if (req.url?.startsWith('/forbidden')) {
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', reason: 'Forbidden', message: 'no' }));
        return;
      }
      res.writeHead(code, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(code === 200 ? { items: [] } : { kind: 'Status', reason: 'TooManyRequests' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      const kc = new KubeConfig();
      kc.loadFromOptions({ clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
      const waits: number[] = [];
      const client = new LiveClient(kc, `http://127.0.0.1:${port}`, { timeoutMs: 5000, env: {}, sleep: async (ms) => { waits.push(ms); } });
      assert.deepEqual(await client.get('/api/v1/pods', { limit: '500' }), { items: [] });
      assert.equal(seen.length, 3);
      assert.equal(waits[0], 1000, 'Retry-After: 1');
      assert.ok((waits[1] ?? 0) > 0);
      await assert.rejects(client.get('/forbidden'), (e: unknown) => e instanceof ApiStatusError && e.code === 403);
      assert.equal(seen.filter((u) => u.startsWith('/forbidden')).length, 1);
    } finally {
      server.close();
    }
  });

  test('a request that times out is an ApiUnreachableError of kind "timeout" and is not retried; a refused connection is retried', async () => {
    let requests = 0;
    const pending: import('node:http').ServerResponse[] = [];
    // Never answers: the client's --request-timeout ends the request.
    const server = createServer((_req, res) => { requests += 1; pending.push(res); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const client = (url: string, tries: number[]) => {
      const kc = new KubeConfig();
      kc.loadFromOptions({ clusters: [{ name: 'c', server: url, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
      return new LiveClient(kc, url, { timeoutMs: 100, maxTries: 3, env: {}, sleep: async (ms) => { tries.push(ms); } });
    };
    try {
      const waits: number[] = [];
      await assert.rejects(client(`http://127.0.0.1:${port}`, waits).get('/api/v1/pods'), (e: unknown) => e instanceof ApiUnreachableError && e.kind === 'timeout');
      assert.equal(requests, 1, 'not retried');
      assert.deepEqual(waits, []);
    } finally {
      for (const res of pending) res.destroy();
      server.close();
    }
    // The port is closed now: ECONNREFUSED, retried up to maxTries.
    const waits: number[] = [];
    await assert.rejects(client(`http://127.0.0.1:${port}`, waits).get('/api/v1/pods'), (e: unknown) => e instanceof ApiUnreachableError && e.kind === 'unreachable');
    assert.equal(waits.length, 2, 'three tries, two waits');
  });
});
