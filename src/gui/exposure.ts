import type { LoadedObject, ObjectSet } from '../collect/objects.js';
import { UsageError } from '../domain/errors.js';
import type { Finding } from '../domain/finding.js';
import { isRecord } from '../domain/guards.js';
import { buildModel } from '../netpol/model.js';
import { evaluate } from '../netpol/explain.js';
import { containerFlags } from './args.js';
import { finding, guiLabel } from './arg-findings.js';
import { GuiKind, type GuiWorkload } from './detect.js';
import { GUI_RULE_IDS as ID } from './rules.js';

/** Annotations of the common Ingress controllers that put authentication in front of the backend. */
const AUTH_ANNOTATIONS = [
  'nginx.ingress.kubernetes.io/auth-url', 'nginx.ingress.kubernetes.io/auth-type', 'nginx.ingress.kubernetes.io/auth-tls-verify-client',
  'traefik.ingress.kubernetes.io/router.middlewares', 'alb.ingress.kubernetes.io/auth-type', 'ingress.kubernetes.io/auth-type',
  'haproxy.org/auth-type', 'konghq.com/plugins',
];

/** An address outside the cluster (TEST-NET-3), asked of the netpol engine as "anyone". */
const OUTSIDE = '203.0.113.10';

export function selects(service: LoadedObject, w: GuiWorkload): boolean {
  const spec = service.object.spec;
  if (!isRecord(spec) || !isRecord(spec.selector) || (service.object.metadata.namespace ?? 'default') !== w.namespace) return false;
  const selector = Object.entries(spec.selector);
  return selector.length > 0 && selector.every(([k, v]) => w.podLabels[k] === v);
}

function ingressBackends(ingress: LoadedObject): string[] {
  const spec = isRecord(ingress.object.spec) ? ingress.object.spec : {};
  const names: string[] = [];
  const add = (b: unknown) => { if (isRecord(b) && isRecord(b.service) && typeof b.service.name === 'string') names.push(b.service.name); };
  add(spec.defaultBackend);
  for (const r of Array.isArray(spec.rules) ? spec.rules : []) {
    const paths = isRecord(r) && isRecord(r.http) && Array.isArray(r.http.paths) ? r.http.paths : [];
    for (const p of paths) if (isRecord(p)) add(p.backend);
  }
  return names;
}

export interface Exposure { exposed: boolean; findings: Finding[] }

export function exposureFindings(w: GuiWorkload, objects: readonly LoadedObject[]): Exposure {
  const out: Finding[] = [];
  let exposed = false;
  const services = objects.filter((o) => o.object.kind === 'Service' && selects(o, w));
  for (const svc of services) {
    const spec = svc.object.spec as Record<string, unknown>;
    const name = `${svc.object.metadata.namespace ?? 'default'}/${svc.object.metadata.name ?? ''}`;
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      exposed = true;
      const ports = (Array.isArray(spec.ports) ? spec.ports : []).filter(isRecord).map((p) => (p.nodePort ? `${p.port}->${p.nodePort}` : String(p.port))).join(', ');
      out.push({ ...finding(ID.exposedService, w, `Service ${name} of type ${spec.type} exposes ${guiLabel(w)} on every node${spec.type === 'LoadBalancer' ? ' and its load balancer' : ''} (ports ${ports})`), location: svc.locate(['spec', 'type']) ?? svc.location, subject: `${name}[Service]` });
    }
    if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) {
      exposed = true;
      out.push({ ...finding(ID.exposedService, w, `Service ${name} exposes ${guiLabel(w)} on externalIPs ${spec.externalIPs.join(', ')}`), location: svc.locate(['spec', 'externalIPs']) ?? svc.location, subject: `${name}[Service]` });
    }
  }
  const serviceNames = new Set(services.map((s) => s.object.metadata.name));
  for (const ing of objects.filter((o) => o.object.kind === 'Ingress' && (o.object.metadata.namespace ?? 'default') === w.namespace)) {
    if (!ingressBackends(ing).some((n) => serviceNames.has(n))) continue;
    exposed = true;
    const name = `${w.namespace}/${ing.object.metadata.name ?? ''}`;
    const spec = isRecord(ing.object.spec) ? ing.object.spec : {};
    if (!Array.isArray(spec.tls) || spec.tls.length === 0) {
      out.push({ ...finding(ID.ingress, w, `Ingress ${name} routes to ${guiLabel(w)} without spec.tls: tokens cross the network in clear text`), location: ing.locate(['spec']) ?? ing.location, subject: `${name}[Ingress]` });
    }
    const annotations = ing.object.metadata.annotations ?? {};
    if (!AUTH_ANNOTATIONS.some((a) => a in annotations)) {
      out.push({ ...finding(ID.ingress, w, `Ingress ${name} routes to ${guiLabel(w)} without an authentication annotation (${AUTH_ANNOTATIONS[0]} or similar): anyone reaching the Ingress gets the login page`, undefined, 'medium'), location: ing.locate(['metadata']) ?? ing.location, subject: `${name}[Ingress]` });
    }
  }
  if (w.kind === GuiKind.headlamp && exposed && !containerFlags(w).has('oidc-client-id')) {
    out.push(finding(ID.headlamp, w, `${guiLabel(w)} is reachable from outside the cluster without OIDC (-oidc-client-id): no single sign-on protects it`, w.item.locate(w.container.path) ?? w.item.location, 'medium'));
  }
  return { exposed, findings: out };
}

/** Asks the netpol engine whether an address outside the cluster may reach the GUI's pods on its port. */
export function networkPolicyFinding(w: GuiWorkload, set: ObjectSet, port: number): Finding | undefined {
  const model = buildModel({ objects: set.objects, errors: [], files: set.files });
  let verdict;
  try {
    verdict = evaluate(model, OUTSIDE, `${w.namespace}/${w.name}[${w.item.object.kind}]`, 'TCP', String(port));
  } catch (error) {
    if (error instanceof UsageError) return undefined; // not a workload the netpol engine models (e.g. a bare ReplicaSet)
    throw error;
  }
  if (!verdict.allowed) return undefined;
  const why = verdict.ingress.policies.length === 0
    ? 'no NetworkPolicy selects its pods for ingress'
    : `the NetworkPolicies selecting it (${verdict.ingress.policies.map((p) => p.policy).join(', ')}) admit any address`;
  return finding(ID.noNetworkPolicy, w, `${guiLabel(w)}: ${why}, so every pod and every routed address reaches TCP ${port}`);
}
