/**
 * Host names against certificates as browsers check them (RFC 6125 §6.4): DNS names are compared
 * case-insensitively; a wildcard is only the whole left-most label and covers exactly one label
 * (`*.example.com` covers `a.example.com`, not `example.com` nor `a.b.example.com`). The subject CN is
 * not used when a certificate has SANs, and modern browsers ignore it altogether.
 */
import { isIP } from 'node:net';
import type { CertInfo } from './cert.js';

export function nameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1); // ".example.com"
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, h.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

export type HostCoverage = 'san' | 'cn-only' | 'none';

/** How a certificate covers a host: by a SAN, only by the CN (browsers reject that), or not at all. */
export function coverage(cert: CertInfo, host: string): HostCoverage {
  if (isIP(host) !== 0) return cert.ipAddresses.includes(host) ? 'san' : 'none';
  if (cert.dnsNames.some((name) => nameCovers(name, host))) return 'san';
  if (cert.commonName !== undefined && nameCovers(cert.commonName, host)) return 'cn-only';
  return 'none';
}

/** An Ingress host may itself be a wildcard (`*.foo.com`); a certificate covers it with the same wildcard. */
export function sameOrCovered(patterns: readonly string[], host: string): boolean {
  return patterns.some((p) => p.toLowerCase() === host.toLowerCase() || nameCovers(p, host));
}
