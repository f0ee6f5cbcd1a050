/** Names `kubefort tls create` accepts: host names for SANs, Kubernetes object names. */
import { isIP } from 'node:net';

const DNS_NAME = /^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;
/** Kubernetes object names (RFC 1123 subdomain). */
export const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export function isHostName(host: string): boolean {
  return isIP(host) !== 0 || (host.length <= 253 && DNS_NAME.test(host));
}
