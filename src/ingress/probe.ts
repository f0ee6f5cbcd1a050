/**
 * The network side of `kubefort ingress probe`, as `curl -vk https://HOST --resolve HOST:443:ADDRESS` does it:
 * a TLS handshake with the host as SNI (nothing sent after it), and one `HEAD /` with `Host: HOST` on the
 * plain HTTP port. Both bounded by a timeout; redirects are reported, never followed.
 */
import { request } from 'node:http';
import { connect } from 'node:tls';

export interface TlsProbe {
  ok: boolean;
  /** `TLSv1.3`, `TLSv1.2`, ... */
  protocol?: string;
  cipher?: string;
  /** DER of the leaf the server sent. */
  leaf?: Buffer;
  error?: string;
}

export interface HttpProbe {
  ok: boolean;
  status?: number;
  location?: string;
  error?: string;
}

export interface Endpoint {
  host: string;
  port: number;
}

function reason(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
  return String(error);
}

export function probeTls(at: Endpoint, sni: string, timeoutMs: number): Promise<TlsProbe> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: TlsProbe): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    // The certificate is compared with the Secret, not validated against a trust store: this is `curl -k`.
    // The client offers old protocols too (security level 0), so that a server still accepting them is seen doing so.
    const socket = connect({
      host: at.host, port: at.port, servername: sni, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'],
      minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0',
    });
    const timer = setTimeout(() => finish({ ok: false, error: `no TLS handshake within ${timeoutMs} ms` }), timeoutMs);
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(false);
      const cipher = socket.getCipher();
      const protocol = socket.getProtocol();
      finish({
        ok: true,
        ...(protocol ? { protocol } : {}),
        ...(cipher?.standardName ? { cipher: cipher.standardName } : cipher?.name ? { cipher: cipher.name } : {}),
        ...(peer?.raw ? { leaf: peer.raw } : {}),
      });
    });
    socket.once('error', (error) => finish({ ok: false, error: reason(error) }));
  });
}

export function probeHttp(at: Endpoint, host: string, timeoutMs: number): Promise<HttpProbe> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HttpProbe): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request({ host: at.host, port: at.port, method: 'HEAD', path: '/', headers: { Host: host, 'User-Agent': 'kubefort-ingress-probe' }, agent: false });
    const timer = setTimeout(() => finish({ ok: false, error: `no HTTP answer within ${timeoutMs} ms` }), timeoutMs);
    req.once('response', (res) => {
      const location = res.headers.location;
      finish({ ok: true, ...(res.statusCode !== undefined ? { status: res.statusCode } : {}), ...(location ? { location } : {}) });
      res.resume();
    });
    req.once('error', (error) => finish({ ok: false, error: reason(error) }));
    req.end();
  });
}

/** `10.0.0.1`, `10.0.0.1:8443`, `[::1]:443`, `lb.example.com`. */
export function parseAddress(text: string, defaultPort: number): Endpoint | undefined {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text);
  const m = v6 ?? plain;
  if (!m || !m[1]) return undefined;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: m[1], port };
}

export function isRedirectToHttps(http: HttpProbe, host: string): boolean {
  if (!http.ok || http.status === undefined || ![301, 302, 303, 307, 308].includes(http.status) || !http.location) return false;
  try {
    const url = new URL(http.location);
    return url.protocol === 'https:' && url.hostname.toLowerCase() === host.toLowerCase();
  } catch {
    // A Location that is not an absolute URL is a relative redirect: same scheme, so not to HTTPS.
    return false;
  }
}
