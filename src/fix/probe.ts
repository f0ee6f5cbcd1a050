import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { parse } from 'yaml';
import { isRecord } from '../domain/guards.js';

/**
 * GET <server>/livez with the credentials of a kubeconfig (admin.conf on a kubeadm node): client certificate and
 * key (inline -data or file), or a bearer token; the cluster's CA. Files named in the kubeconfig are read under
 * --root. Any error or a non-200 status is "not live"; the timeout bounds each attempt.
 */
export function livezProbe(root: string, kubeconfigPath: string, timeoutMs = 5000): () => Promise<boolean> {
  const config = readKubeconfig(root, kubeconfigPath);
  return () => new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL('/livez', config.server);
    } catch {
      resolve(false);
      return;
    }
    const req = request(url, {
      method: 'GET', timeout: timeoutMs,
      ...(config.ca ? { ca: config.ca } : {}), ...(config.cert ? { cert: config.cert } : {}), ...(config.key ? { key: config.key } : {}),
      headers: config.token ? { Authorization: `Bearer ${config.token}` } : {},
    }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

interface Credentials { server: string; ca?: Buffer; cert?: Buffer; key?: Buffer; token?: string }

function readKubeconfig(root: string, path: string): Credentials {
  const doc: unknown = parse(readFileSync(posix.join(root, path), 'utf8'));
  if (!isRecord(doc)) throw new Error(`${path}: not a kubeconfig`);
  const contexts = Array.isArray(doc.contexts) ? doc.contexts : [];
  const current = contexts.find((c: unknown) => isRecord(c) && c.name === doc['current-context']) ?? contexts[0];
  const context = isRecord(current) && isRecord(current.context) ? current.context : {};
  const named = (list: unknown, name: unknown, key: string): Record<string, unknown> => {
    const entry = Array.isArray(list) ? list.find((e: unknown) => isRecord(e) && e.name === name) : undefined;
    return isRecord(entry) && isRecord(entry[key]) ? entry[key] : {};
  };
  const cluster = named(doc.clusters, context.cluster, 'cluster');
  const user = named(doc.users, context.user, 'user');
  const data = (inline: unknown, file: unknown): Buffer | undefined =>
    typeof inline === 'string' ? Buffer.from(inline, 'base64') : typeof file === 'string' ? readFileSync(posix.join(root, file)) : undefined;
  const out: Credentials = { server: typeof cluster.server === 'string' ? cluster.server : '' };
  const ca = data(cluster['certificate-authority-data'], cluster['certificate-authority']);
  const cert = data(user['client-certificate-data'], user['client-certificate']);
  const key = data(user['client-key-data'], user['client-key']);
  if (ca) out.ca = ca;
  if (cert) out.cert = cert;
  if (key) out.key = key;
  if (typeof user.token === 'string') out.token = user.token;
  return out;
}
