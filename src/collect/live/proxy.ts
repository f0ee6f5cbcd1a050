import type { Agent } from 'node:http';
import type { RequestOptions } from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';

/**
 * The proxy kubectl would use from the environment (Go's http.ProxyFromEnvironment): HTTPS_PROXY for https
 * servers, HTTP_PROXY for http, none for hosts matched by NO_PROXY and never for localhost or loopback addresses.
 * A kubeconfig `proxy-url` is applied by @kubernetes/client-node itself and wins.
 */
export function proxyAgentFor(server: URL, env: Readonly<Record<string, string | undefined>>, tls: RequestOptions): Agent | undefined {
  if (tls.agent !== undefined && tls.agent.constructor.name !== 'Agent') return undefined; // proxy-url from the kubeconfig
  const https = server.protocol === 'https:';
  const proxy = https ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (proxy === undefined || proxy === '' || bypass(server.hostname, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  const options = { proxy, ca: tls.ca, cert: tls.cert, key: tls.key, ...(tls.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: tls.rejectUnauthorized }), ...(tls.servername === undefined ? {} : { servername: tls.servername }) };
  return https ? new HttpsProxyAgent(options) : new HttpProxyAgent(options);
}

export function bypass(hostname: string, noProxy: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return true;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (entry === '') continue;
    if (entry === '*') return true;
    const domain = entry.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}
