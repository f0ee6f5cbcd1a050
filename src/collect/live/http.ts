import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest, type Agent, type ClientRequest, type IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubefortError } from '../../domain/errors.js';
import { isRecord } from '../../domain/guards.js';
import { proxyAgentFor } from './proxy.js';

/** An API answer that is not 2xx; `code` is the HTTP status, `reason` the Status object's reason. */
export class ApiStatusError extends KubefortError {
  constructor(readonly code: number, readonly reason: string, readonly path: string, message: string) {
    super(message);
  }
}

/**
 * The server could not be reached (`unreachable`: refused, reset, DNS) or did not answer in time (`timeout`,
 * --request-timeout): a timed-out request is not retried, since the next try would wait as long again.
 */
export class ApiUnreachableError extends KubefortError {
  constructor(message: string, readonly kind: 'unreachable' | 'timeout' = 'unreachable') {
    super(message);
  }
}

export interface ClientOptions {
  /** --request-timeout per request, in milliseconds (0 = none). */
  timeoutMs: number;
  /** Tries per request for 429 and 5xx answers and connection resets. */
  maxTries?: number;
  env: Readonly<Record<string, string | undefined>>;
  /** Waits between retries; tests inject a fast one. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** A small read-only HTTP client over the auth that @kubernetes/client-node derives from the kubeconfig. */
export class LiveClient {
  private base: URL;
  private prepared: RequestOptions | undefined;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly kc: KubeConfig, server: string, private readonly options: ClientOptions) {
    this.base = new URL(server);
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** GET a path with a query; JSON body on 2xx, ApiStatusError otherwise, retried with backoff on 429/5xx. */
  async get(path: string, query: Record<string, string | undefined> = {}): Promise<unknown> {
    return this.send('GET', path, query);
  }

  /** POST of a review object (SelfSubjectReview); nothing is stored by the server. */
  async post(path: string, body: unknown): Promise<unknown> {
    return this.send('POST', path, {}, JSON.stringify(body));
  }

  private async send(method: string, path: string, query: Record<string, string | undefined>, body?: string): Promise<unknown> {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const tries = this.options.maxTries ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.once(method, url, body);
      } catch (error) {
        const retryable = error instanceof ApiStatusError ? RETRYABLE.has(error.code) : error instanceof ApiUnreachableError && error.kind !== 'timeout';
        if (!retryable || attempt >= tries) throw error;
        const retryAfter = error instanceof RetryAfter ? error.seconds * 1000 : 0;
        await this.sleep(Math.max(retryAfter, Math.min(4000, 100 * 2 ** attempt)));
      }
    }
  }

  private async options_(): Promise<RequestOptions> {
    if (this.prepared === undefined) {
      const opts: RequestOptions = { headers: {} };
      // Client certificates, bearer tokens, exec plugins, auth providers, impersonation, CA and insecure-skip-tls-verify.
      await this.kc.applyToHTTPSOptions(opts);
      const proxy = proxyAgentFor(this.base, this.options.env, opts);
      if (proxy !== undefined) opts.agent = proxy;
      this.prepared = opts;
    }
    return this.prepared;
  }

  private async once(method: string, url: URL, body?: string): Promise<unknown> {
    const base = await this.options_();
    const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'kubefort' };
    // Token files often end in a newline; client-go trims them (TrimSpace), so does kubefort.
    for (const [k, v] of Object.entries(base.headers ?? {})) if (v !== undefined) headers[k] = String(v).trim();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const options = { ...base, method, headers, agent: base.agent as Agent | undefined, ...(this.options.timeoutMs > 0 ? { timeout: this.options.timeoutMs } : {}) };
    return new Promise((resolve, reject) => {
      let req: ClientRequest;
      try {
        req = request(url, options, (res) => answer(res, url, resolve, reject));
      } catch (error) {
        // Node refuses the request before sending it, e.g. a credential with a character no header may hold.
        reject(new KubefortError(`cannot send a request to ${url.host}: ${error instanceof Error ? error.message : String(error)}`));
        return;
      }
      req.on('timeout', () => req.destroy(new ApiUnreachableError(`${url.host}: request timed out after ${this.options.timeoutMs} ms (--request-timeout)`, 'timeout')));
      req.on('error', (e) => reject(e instanceof ApiUnreachableError ? e : new ApiUnreachableError(`cannot reach ${url.host}: ${e.message}`)));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
}

/** JSON on 2xx; otherwise the Status object's reason and message as an ApiStatusError. */
function answer(res: IncomingMessage, url: URL, resolve: (v: unknown) => void, reject: (e: Error) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('error', (e) => reject(new ApiUnreachableError(`${url.host}: ${e.message}`)));
  res.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const code = res.statusCode ?? 0;
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined; // not JSON: judged by the status code alone
    }
    if (code >= 200 && code < 300 && json !== undefined) return resolve(json);
    const status = isRecord(json) ? json : {};
    const reason = typeof status.reason === 'string' ? status.reason : String(code);
    const message = typeof status.message === 'string' ? status.message : `HTTP ${code}`;
    const retryAfter = Number(res.headers['retry-after']);
    reject(Number.isFinite(retryAfter) && retryAfter > 0
      ? new RetryAfter(code, reason, url.pathname, message, retryAfter)
      : new ApiStatusError(code, reason, url.pathname, message));
  });
}

class RetryAfter extends ApiStatusError {
  constructor(code: number, reason: string, path: string, message: string, readonly seconds: number) {
    super(code, reason, path, message);
  }
}

/** kubectl's --request-timeout: `0`, a bare number of seconds, or a duration such as `30s`, `1m`, `500ms`. */
export function parseRequestTimeout(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (m === null) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[unit as 'ms' | 's' | 'm' | 'h']);
}
