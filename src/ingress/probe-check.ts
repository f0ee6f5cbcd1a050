/** Judges what `kubefort ingress probe` saw against the Ingress and its Secret. */
import type { Finding } from '../domain/finding.js';
import type { AuditResult } from './audit.js';
import { parseCertificate } from './cert.js';
import { describeLeaf } from './certificate-checks.js';
import { finding } from './finding.js';
import { ingressId } from './model.js';
import { isRedirectToHttps, probeHttp, probeTls, type Endpoint, type HttpProbe, type TlsProbe } from './probe.js';

export interface ProbeOptions {
  tls: Endpoint;
  http: Endpoint;
  timeoutMs: number;
}

export interface HostProbe {
  ingress: string;
  host: string;
  secret?: string;
  tls?: TlsProbe;
  http?: HttpProbe;
  /** Summary of the leaf the server sent. */
  served?: string;
  /** Same DER as the Secret's leaf; undefined when the Secret could not be read. */
  sameAsSecret?: boolean;
  skipped?: string;
  findings: Finding[];
}

const DEFAULT_CERT = /Fake Certificate|DEFAULT CERT/i;
const OLD_PROTOCOLS = new Set(['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1']);

export async function probeIngresses(audit: AuditResult, opts: ProbeOptions): Promise<HostProbe[]> {
  const out: HostProbe[] = [];
  for (const a of audit.ingresses) {
    const id = ingressId(a.ingress);
    const at = { subject: `${id}[Ingress]`, location: a.ingress.source.location };
    for (const c of a.chains) {
      if (c.state === 'plain-http') continue;
      const base = { ingress: id, host: c.host, ...(c.secret !== undefined ? { secret: c.secret } : {}) };
      // SNI carries a DNS name: a wildcard host has no single name to send, and an IP address is never sent as SNI.
      if (c.host.startsWith('*') || /^[0-9.]+$|:/.test(c.host)) {
        out.push({ ...base, skipped: 'no DNS name to send as SNI (not evaluated)', findings: [] });
        continue;
      }
      const findings: Finding[] = [];
      const tls = await probeTls(opts.tls, c.host, opts.timeoutMs);
      const probe: HostProbe = { ...base, tls, findings };
      if (!tls.ok) findings.push(finding('ING100', `TLS handshake with ${opts.tls.host}:${opts.tls.port} for SNI ${c.host} failed: ${tls.error ?? 'unknown error'}`, at));
      else {
        if (tls.protocol !== undefined && OLD_PROTOCOLS.has(tls.protocol)) findings.push(finding('ING102', `${opts.tls.host}:${opts.tls.port} negotiated ${tls.protocol} for ${c.host}`, at));
        const served = tls.leaf ? parseCertificate(tls.leaf) : undefined;
        if (served?.ok) probe.served = describeLeaf([served.cert]);
        const expected = c.chain?.[0];
        const who = served?.ok ? served.cert.subject || '(empty subject)' : 'an unreadable certificate';
        // ingress-nginx's self-generated default; other controllers name theirs differently (Traefik: "TRAEFIK DEFAULT CERT").
        const isDefault = served?.ok === true && DEFAULT_CERT.test(served.cert.subject);
        const fake = isDefault ? ', the controller default certificate' : '';
        if (expected && tls.leaf) {
          probe.sameAsSecret = expected.node.raw.equals(tls.leaf);
          if (!probe.sameAsSecret) {
            findings.push(finding('ING101', `${opts.tls.host}:${opts.tls.port} served ${who}${fake} for ${c.host}, not the leaf of Secret ${c.secret ?? '?'} (${expected.subject})`, at));
          }
        } else if (isDefault) {
          // No usable Secret to compare with (missing, unusable, no secretName): the default certificate says it all.
          findings.push(finding('ING101', `${opts.tls.host}:${opts.tls.port} served ${who}${fake} for ${c.host}: the Ingress Secret ${c.secret ?? '(no secretName)'} is not in use`, at));
        }
      }
      const http = await probeHttp(opts.http, c.host, opts.timeoutMs);
      probe.http = http;
      if (!http.ok) findings.push(finding('ING104', `HEAD / for ${c.host} on ${opts.http.host}:${opts.http.port} failed: ${http.error ?? 'unknown error'}; the HTTP→HTTPS redirect is not evaluated`, at));
      else if (!isRedirectToHttps(http, c.host)) {
        findings.push(finding('ING103', `HEAD / for ${c.host} on ${opts.http.host}:${opts.http.port} answered ${http.status ?? '?'}${http.location ? ` → ${http.location}` : ''}, not a redirect to https://${c.host}`, at));
      }
      out.push(probe);
    }
  }
  return out;
}

export function probeLines(p: HostProbe): string[] {
  if (p.skipped) return [`skipped: ${p.skipped}`];
  const lines: string[] = [];
  if (p.tls?.ok) {
    const match = p.sameAsSecret === undefined ? '' : p.sameAsSecret ? ` (the leaf of Secret ${p.secret ?? '?'})` : ` (NOT the leaf of Secret ${p.secret ?? '?'})`;
    lines.push(`TLS ${p.tls.protocol ?? '?'} ${p.tls.cipher ?? '?'}: ${p.served ?? 'no certificate'}${match}`);
  } else lines.push(`TLS failed: ${p.tls?.error ?? '?'}`);
  if (p.http?.ok) lines.push(`HTTP HEAD / → ${p.http.status ?? '?'}${p.http.location ? ` ${p.http.location}` : ''}`);
  else lines.push(`HTTP failed: ${p.http?.error ?? '?'}`);
  return lines;
}

export function probeJson(p: HostProbe): Record<string, unknown> {
  return {
    ingress: p.ingress,
    host: p.host,
    ...(p.secret !== undefined ? { secret: p.secret } : {}),
    ...(p.skipped !== undefined ? { skipped: p.skipped } : {}),
    ...(p.tls ? { tls: { ok: p.tls.ok, protocol: p.tls.protocol, cipher: p.tls.cipher, served: p.served, sameAsSecret: p.sameAsSecret, error: p.tls.error } } : {}),
    ...(p.http ? { http: p.http } : {}),
  };
}
