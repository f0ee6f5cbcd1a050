/**
 * Backend validation: the Service exists in the Ingress namespace, defines the port the backend names
 * (port.number against spec.ports[].port, port.name against spec.ports[].name), and selects some pod.
 * Reachability through NetworkPolicies is netpol's concern; this only checks that the backend can exist.
 */
import type { Finding } from '../domain/finding.js';
import { isRecord } from '../domain/guards.js';
import { finding } from './finding.js';
import type { Inventory } from './inventory.js';
import { ingressId, type Ingress, type ServiceBackend } from './model.js';

function portText(b: ServiceBackend): string {
  if (!b.port) return '(no port)';
  return 'number' in b.port ? String(b.port.number) : b.port.name;
}

function backendsOf(ing: Ingress): ServiceBackend[] {
  const all = ing.rules.flatMap((r) => r.paths.flatMap((p) => (p.backend ? [p.backend] : [])));
  if (ing.defaultBackend) all.unshift(ing.defaultBackend);
  const seen = new Set<string>();
  return all.filter((b) => {
    const k = `${b.service}:${portText(b)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function checkBackends(ing: Ingress, inv: Inventory): Finding[] {
  const out: Finding[] = [];
  const id = ingressId(ing);
  const selectorMisses = new Set<string>();
  for (const b of backendsOf(ing)) {
    const at = { subject: `${id}[Ingress]`, location: ing.source.locate(b.path) ?? ing.source.location };
    const svc = inv.services.get(`${ing.namespace}/${b.service}`);
    if (!svc) {
      const elsewhere = [...inv.services.keys()].filter((k) => k.endsWith(`/${b.service}`)).map((k) => k.split('/')[0]);
      const note = elsewhere.length > 0 ? `; a Service of that name exists in namespace ${elsewhere.join(', ')}` : inv.services.size === 0 ? ' (the input holds no Service)' : '';
      out.push(finding('ING050', `Ingress ${id} backend Service ${ing.namespace}/${b.service} does not exist${note}`, at));
      continue;
    }
    const spec = isRecord(svc.object.spec) ? svc.object.spec : {};
    if (spec.type === 'ExternalName') continue; // no ports or endpoints of its own
    const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter(isRecord);
    if (b.port) {
      const want = b.port;
      const found = 'number' in want ? ports.some((p) => p.port === want.number) : ports.some((p) => p.name === want.name);
      if (!found) {
        const defined = ports.map((p) => (typeof p.name === 'string' ? `${p.port}/${p.name}` : String(p.port))).join(', ') || 'none';
        out.push(finding('ING051', `Ingress ${id} backend ${b.service}:${portText(b)} is not a port of Service ${ing.namespace}/${b.service} (ports: ${defined})`, at));
      }
    }
    const selector = isRecord(spec.selector) ? Object.entries(spec.selector) : [];
    // A Service without a selector has its endpoints managed by hand; with no pods in the input, not evaluated.
    if (selector.length === 0 || inv.pods === undefined || selectorMisses.has(b.service)) continue;
    const matches = inv.pods.some((p) => p.namespace === ing.namespace && selector.every(([k, v]) => p.labels[k] === v));
    if (!matches) {
      selectorMisses.add(b.service);
      out.push(finding('ING052', `Service ${ing.namespace}/${b.service} (backend of Ingress ${id}) selects no pod in the input (selector ${selector.map(([k, v]) => `${k}=${String(v)}`).join(',')})`, {
        subject: `${ing.namespace}/${b.service}[Service]`,
        location: svc.locate(['spec', 'selector']) ?? svc.location,
      }));
    }
  }
  return out;
}
