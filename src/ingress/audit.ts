/** `kubefort ingress`: every Ingress from host to a usable certificate, plus its controller and backends. */
import type { ObjectSet } from '../collect/objects.js';
import { formatLocation } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import { sortFindings } from '../report/findings.js';
import { checkBackends } from './backends.js';
import { checkController, checkDefaultClasses, classOf } from './controller.js';
import { buildInventory, type Inventory } from './inventory.js';
import { ingressId, type Ingress } from './model.js';
import { checkTls, type AuditOptions, type HostChain } from './tls-checks.js';

export interface IngressAudit {
  ingress: Ingress;
  className?: string;
  chains: HostChain[];
  findings: Finding[];
}

export interface AuditResult {
  inventory: Inventory;
  ingresses: IngressAudit[];
  /** Findings not about one Ingress (unreadable Ingresses, IngressClasses). */
  other: Finding[];
  /** Every finding, in the order of every findings report (compareFindings). */
  findings: Finding[];
}

export function auditIngresses(set: ObjectSet, opts: AuditOptions): AuditResult {
  const inventory = buildInventory(set);
  const ingresses = inventory.ingresses.map((ingress): IngressAudit => {
    const tls = checkTls(ingress, inventory, opts);
    const findings = sortFindings([...tls.findings, ...checkController(ingress, inventory), ...checkBackends(ingress, inventory)]);
    const className = classOf(ingress, inventory);
    return { ingress, ...(className !== undefined ? { className } : {}), chains: tls.chains, findings };
  });
  const other = sortFindings([...inventory.unreadable, ...checkDefaultClasses(inventory)]);
  return { inventory, ingresses, other, findings: sortFindings([...ingresses.flatMap((i) => i.findings), ...other]) };
}

/** `host → secret ns/name → certificate`, one line per host. */
export function chainLine(c: HostChain): string {
  switch (c.state) {
    case 'plain-http': return `${c.host} → plain HTTP (no TLS)`;
    case 'no-secret-name': return `${c.host} → (no secretName) → controller default certificate`;
    case 'missing': return `${c.host} → secret ${c.secret ?? '?'} → ✗ missing${c.elsewhere ? ` (exists in namespace ${c.elsewhere.join(', ')})` : ''}`;
    case 'pending': return `${c.host} → secret ${c.secret ?? '?'} → pending cert-manager issuance`;
    case 'unusable': return `${c.host} → secret ${c.secret ?? '?'} → ✗ unusable tls.crt`;
    case 'ok': return `${c.host} → secret ${c.secret ?? '?'} → ${c.certificate ?? '?'}`;
  }
}

export function ingressTitle(a: IngressAudit): string {
  const cls = a.className ?? a.ingress.ingressClassName ?? a.ingress.classAnnotation;
  return `Ingress ${ingressId(a.ingress)} (${formatLocation(a.ingress.source.location)})${cls !== undefined ? ` class ${cls}` : ''}`;
}

/** The JSON view of what was checked; certificates without anything key-dependent (no fingerprint, no serial). */
export function auditJsonContext(result: AuditResult): Record<string, unknown> {
  return {
    ingresses: result.ingresses.map((a) => ({
      ingress: ingressId(a.ingress),
      apiVersion: a.ingress.apiVersion,
      location: formatLocation(a.ingress.source.location),
      ...(a.className !== undefined ? { ingressClass: a.className } : {}),
      hosts: a.chains.map((c) => ({
        host: c.host,
        state: c.state,
        ...(c.secret !== undefined ? { secret: c.secret } : {}),
        ...(c.elsewhere ? { secretElsewhere: c.elsewhere } : {}),
        ...(c.chain?.[0] ? {
          certificate: {
            subject: c.chain[0].subject,
            issuer: c.chain[0].issuer,
            dnsNames: c.chain[0].dnsNames,
            ipAddresses: c.chain[0].ipAddresses,
            notBefore: c.chain[0].notBefore.toISOString(),
            notAfter: c.chain[0].notAfter.toISOString(),
            key: c.chain[0].keyType,
            signatureHash: c.chain[0].signatureHash,
            chainLength: c.chain.length,
          },
        } : {}),
      })),
    })),
  };
}
