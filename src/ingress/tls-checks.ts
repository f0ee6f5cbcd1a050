/**
 * The TLS side of one Ingress: which hosts are served over TLS, the Secret each tls entry names, and the
 * certificate in it. A tls entry applies to the hosts it lists; an entry without hosts applies to the
 * controller's wildcard host, that is to every rule host.
 */
import type { Finding } from '../domain/finding.js';
import { isRecord } from '../domain/guards.js';
import { checkChain, describeLeaf } from './certificate-checks.js';
import type { CertInfo } from './cert.js';
import { finding } from './finding.js';
import { sameOrCovered } from './hosts.js';
import type { Inventory } from './inventory.js';
import { ingressId, type Ingress, type IngressTls } from './model.js';
import { readSecretMaterial, TLS_SECRET_TYPE } from './secret.js';

export interface AuditOptions {
  now: Date;
  expiryWarnMs: number;
}

/** One host's path from the Ingress to a certificate, for the chain drawing. */
export interface HostChain {
  host: string;
  /** `ns/name` of the Secret, undefined for plain HTTP or a tls entry without secretName. */
  secret?: string;
  /** `ok`, `plain-http`, `no-secret-name`, `missing`, `pending`, `unusable`. */
  state: 'ok' | 'plain-http' | 'no-secret-name' | 'missing' | 'pending' | 'unusable';
  /** Leaf summary when the certificate was read. */
  certificate?: string;
  /** Other namespaces holding a Secret of that name. */
  elsewhere?: string[];
  chain?: CertInfo[];
}

const ISSUER_ANNOTATIONS = ['cert-manager.io/issuer', 'cert-manager.io/cluster-issuer'];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

function ruleHosts(ing: Ingress): string[] {
  return [...new Set(ing.rules.flatMap((r) => (r.host ? [r.host] : [])))].sort();
}

/** The hosts a tls entry serves: its own list, or every rule host when it lists none. */
function entryHosts(ing: Ingress, tls: IngressTls): string[] {
  return tls.hosts.length > 0 ? tls.hosts : ruleHosts(ing);
}

function missingSecret(ing: Ingress, tls: IngressTls, name: string, inv: Inventory): { finding: Finding; chain: Omit<HostChain, 'host'> } {
  const id = ingressId(ing);
  const at = { subject: `${id}[Ingress]`, location: ing.source.locate([...tls.fieldPath, 'secretName']) ?? ing.source.location };
  const secret = `${ing.namespace}/${name}`;
  const issuer = ISSUER_ANNOTATIONS.find((a) => ing.annotations[a] !== undefined);
  if (issuer !== undefined) {
    return {
      finding: finding('ING016', `Secret ${secret} does not exist yet: Ingress ${id} asks cert-manager for it (${issuer}: ${ing.annotations[issuer]}), pending issuance`, at),
      chain: { secret, state: 'pending' },
    };
  }
  const elsewhere = [...inv.secrets.keys()].filter((k) => k.endsWith(`/${name}`)).map((k) => k.split('/')[0] as string).sort();
  const similar = [...inv.secrets.keys()]
    .filter((k) => k.startsWith(`${ing.namespace}/`))
    .map((k) => k.slice(ing.namespace.length + 1))
    .filter((n) => distance(n, name) <= 2)
    .sort();
  let why = '';
  if (elsewhere.length > 0) why = `; a Secret of that name exists in namespace ${elsewhere.join(', ')}, but an Ingress can only use a Secret of its own namespace`;
  else if (similar.length > 0) why = ` (a typo? the namespace has Secret ${similar.join(', ')})`;
  else if (inv.secrets.size === 0) why = ' (the input holds no Secret: add `kubectl get secrets -n ' + ing.namespace + ' -o yaml`)';
  return {
    finding: finding('ING011', `Ingress ${id} tls secretName ${name}: Secret ${secret} does not exist${why}; the controller serves its default certificate instead`, {
      ...at,
      ...(elsewhere.length > 0 ? { remediation: `Create the Secret in namespace ${ing.namespace} (kubectl create secret tls ${name} --cert=tls.crt --key=tls.key -n ${ing.namespace}), or move the Ingress to namespace ${elsewhere[0]}.` } : {}),
      ...(similar.length > 0 && elsewhere.length === 0 ? { remediation: `Set secretName to ${similar[0]}.` } : {}),
    }),
    chain: { secret, state: 'missing', ...(elsewhere.length > 0 ? { elsewhere } : {}) },
  };
}

function certificateCoverage(ing: Ingress, tls: IngressTls, name: string, inv: Inventory): Finding[] {
  const out: Finding[] = [];
  for (const cert of inv.certificates) {
    const spec = isRecord(cert.object.spec) ? cert.object.spec : {};
    if ((cert.object.metadata.namespace ?? 'default') !== ing.namespace || spec.secretName !== name) continue;
    const dnsNames = Array.isArray(spec.dnsNames) ? spec.dnsNames.filter((d): d is string => typeof d === 'string') : [];
    const uncovered = entryHosts(ing, tls).filter((h) => !sameOrCovered(dnsNames, h));
    if (uncovered.length > 0) {
      out.push(finding('ING060', `Certificate ${ing.namespace}/${cert.object.metadata.name ?? '?'} writes Secret ${name} for Ingress ${ingressId(ing)} but its dnsNames (${dnsNames.join(', ') || 'none'}) do not cover ${uncovered.join(', ')}`, {
        subject: `${ing.namespace}/${cert.object.metadata.name ?? '?'}[Certificate]`,
        location: cert.locate(['spec', 'dnsNames']) ?? cert.location,
      }));
    }
  }
  return out;
}

function checkEntry(ing: Ingress, tls: IngressTls, inv: Inventory, opts: AuditOptions): { findings: Finding[]; chain: Omit<HostChain, 'host'> } {
  const id = ingressId(ing);
  if (tls.secretName === undefined) {
    return {
      findings: [finding('ING010', `Ingress ${id} spec.tls entry for ${entryHosts(ing, tls).join(', ') || 'all hosts'} has no secretName: the controller serves its default certificate`, {
        subject: `${id}[Ingress]`, location: ing.source.locate(tls.fieldPath) ?? ing.source.location,
      })],
      chain: { state: 'no-secret-name' },
    };
  }
  const secret = inv.secrets.get(`${ing.namespace}/${tls.secretName}`);
  const cmFindings = certificateCoverage(ing, tls, tls.secretName, inv);
  if (!secret) {
    const missing = missingSecret(ing, tls, tls.secretName, inv);
    return { findings: [missing.finding, ...cmFindings], chain: missing.chain };
  }
  const secretId = `${ing.namespace}/${tls.secretName}`;
  const subject = `${secretId}[Secret]`;
  const findings: Finding[] = [...cmFindings];
  if (secret.object.type !== TLS_SECRET_TYPE) {
    findings.push(finding('ING012', `Secret ${secretId} is of type ${typeof secret.object.type === 'string' ? secret.object.type : 'Opaque (no type)'}, not ${TLS_SECRET_TYPE}`, {
      subject, location: secret.locate(['type']) ?? secret.location,
    }));
  }
  const material = readSecretMaterial(secret, subject);
  findings.push(...material.findings);
  if (!material.chain) return { findings, chain: { secret: secretId, state: 'unusable' } };
  findings.push(...checkChain(material.chain, material.key, entryHosts(ing, tls), {
    secret: secretId, subject, location: secret.locate(['data', 'tls.crt']) ?? secret.location, now: opts.now, expiryWarnMs: opts.expiryWarnMs,
  }));
  return { findings, chain: { secret: secretId, state: 'ok', certificate: describeLeaf(material.chain), chain: material.chain } };
}

export function checkTls(ing: Ingress, inv: Inventory, opts: AuditOptions): { findings: Finding[]; chains: HostChain[] } {
  const id = ingressId(ing);
  const findings: Finding[] = [];
  const chains: HostChain[] = [];
  const tlsHosts = new Set<string>();
  const entries = ing.tls.map((tls) => ({ tls, ...checkEntry(ing, tls, inv, opts) }));
  for (const e of entries) {
    findings.push(...e.findings);
    const hosts = entryHosts(ing, e.tls);
    // A tls entry without hosts on an Ingress whose rules name none: the controller's catch-all host.
    for (const host of hosts.length > 0 ? hosts : ['*']) {
      tlsHosts.add(host);
      if (!chains.some((c) => c.host === host)) chains.push({ host, ...e.chain });
    }
  }
  const rules = ruleHosts(ing);
  for (const host of rules) {
    if (tlsHosts.has(host)) continue;
    const rule = ing.rules.find((r) => r.host === host);
    findings.push(finding('ING001', `Ingress ${id} serves host ${host} over plain HTTP: no spec.tls entry lists it`, {
      subject: `${id}[Ingress]`, location: (rule && ing.source.locate([...rule.fieldPath, 'host'])) ?? ing.source.location,
    }));
    chains.push({ host, state: 'plain-http' });
  }
  // A rule without host matches every host; it is TLS-covered only by a tls entry without hosts.
  const catchAll = ing.rules.find((r) => r.host === undefined);
  if (catchAll && !ing.tls.some((t) => t.hosts.length === 0)) {
    findings.push(finding('ING001', `Ingress ${id} has a rule without host, which serves every host over plain HTTP: no spec.tls entry without hosts covers it`, {
      subject: `${id}[Ingress]`, location: ing.source.locate(catchAll.fieldPath) ?? ing.source.location,
    }));
    if (!chains.some((c) => c.host === '*')) chains.push({ host: '*', state: 'plain-http' });
  }
  for (const e of entries) {
    for (const [i, host] of e.tls.hosts.entries()) {
      if (rules.includes(host)) continue;
      findings.push(finding('ING002', `Ingress ${id} spec.tls lists host ${host} that no rule serves${rules.length > 0 ? ` (rule hosts: ${rules.join(', ')})` : ''}`, {
        subject: `${id}[Ingress]`, location: ing.source.locate([...e.tls.fieldPath, 'hosts', i]) ?? ing.source.location,
      }));
    }
  }
  if (ing.hasDefaultBackend && ing.tls.length === 0 && !catchAll) {
    findings.push(finding('ING003', `Ingress ${id} has a defaultBackend and no tls section: unmatched requests are served over plain HTTP`, {
      subject: `${id}[Ingress]`, location: ing.source.locate(['spec', ing.apiVersion.endsWith('v1beta1') ? 'backend' : 'defaultBackend']) ?? ing.source.location,
    }));
    chains.push({ host: '*', state: 'plain-http' });
  }
  chains.sort((a, b) => a.host.localeCompare(b.host));
  return { findings, chains };
}
