import type { LoadedObject } from '../collect/objects.js';
import { isRecord } from '../domain/guards.js';
import { UsageError } from '../domain/errors.js';
import { adminPeerMatchesWorkload } from './admin-eval.js';
import { egressConns, ingressConns } from './connectivity.js';
import type { EqClass, Model } from './model.js';
import { outsidePod, peerClass } from './peer-class.js';
import { intersect, isEmpty, isProtocol, NO_CONNS, single, union, type ConnSet, type Protocol } from './ports.js';
import { matchesSelector, type Labels } from './selector.js';
import { labelsOf, workloadId, type Workload } from './workloads.js';
import { workloadEndpoint, type Connection, type Endpoint } from './list.js';

/** Where the ingress controller runs: `--ingress-controller <namespace>/<key=value,...>`. */
export interface ControllerSpec {
  namespace: string;
  labels: Labels;
}

export function parseControllerSpec(text: string): ControllerSpec {
  const m = /^([^/]+)\/(.*)$/.exec(text);
  const pairs = m?.[2]?.split(',').filter((p) => p !== '') ?? [];
  if (!m || pairs.length === 0 || pairs.some((p) => !/^[^=]+=[^=]*$/.test(p))) {
    throw new UsageError(`--ingress-controller takes <namespace>/<key>=<value>[,...], got ${JSON.stringify(text)}`);
  }
  return { namespace: m[1] as string, labels: Object.fromEntries(pairs.map((p) => p.split('=') as [string, string])) };
}

interface ServicePort { name?: string; port: number; targetPort: number | string; protocol: Protocol }
interface Service { namespace: string; name: string; selector?: Labels; ports: ServicePort[] }
/** One backend reference: a Service and (optionally) the port it is reached on — a number or a port name. */
interface BackendRef { namespace: string; service: string; port?: number | string; via: string }

function servicesOf(objects: readonly LoadedObject[]): Map<string, Service> {
  const out = new Map<string, Service>();
  for (const o of objects) {
    if (o.object.kind !== 'Service' || !o.object.metadata.name) continue;
    const spec = isRecord(o.object.spec) ? o.object.spec : {};
    const ports: ServicePort[] = (Array.isArray(spec.ports) ? spec.ports : []).filter(isRecord).flatMap((p) => {
      if (typeof p.port !== 'number') return [];
      const protocol = isProtocol(p.protocol) ? p.protocol : 'TCP';
      // "targetPort ... If this is not specified, the value of the 'port' field is used."
      const targetPort = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : p.port;
      return [{ ...(typeof p.name === 'string' ? { name: p.name } : {}), port: p.port, targetPort, protocol }];
    });
    const ns = o.object.metadata.namespace ?? 'default';
    // A Service without a selector has no pods of its own (its Endpoints are managed elsewhere).
    out.set(`${ns}/${o.object.metadata.name}`, { namespace: ns, name: o.object.metadata.name, ...(isRecord(spec.selector) ? { selector: labelsOf(spec.selector) } : {}), ports });
  }
  return out;
}

/** Backends of networking.k8s.io/v1 Ingress (defaultBackend, rules[].http.paths[]) and OpenShift Route (to, alternateBackends). */
function backendsOf(objects: readonly LoadedObject[]): BackendRef[] {
  const out: BackendRef[] = [];
  for (const o of objects) {
    const ns = o.object.metadata.namespace ?? 'default';
    const spec = isRecord(o.object.spec) ? o.object.spec : {};
    const via = `${o.object.kind} ${ns}/${o.object.metadata.name ?? '?'}`;
    if (o.object.kind === 'Ingress') {
      const refs: unknown[] = [spec.defaultBackend];
      for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
        const paths = isRecord(rule) && isRecord(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
        for (const path of paths) if (isRecord(path)) refs.push(path.backend);
      }
      for (const b of refs) {
        const svc = isRecord(b) && isRecord(b.service) ? b.service : undefined;
        if (!svc || typeof svc.name !== 'string') continue;
        const port = isRecord(svc.port) ? (typeof svc.port.number === 'number' ? svc.port.number : typeof svc.port.name === 'string' ? svc.port.name : undefined) : undefined;
        out.push({ namespace: ns, service: svc.name, ...(port !== undefined ? { port } : {}), via });
      }
    } else if (o.object.kind === 'Route') {
      // "port: If specified, the port to be used by the router"; targetPort names or numbers the service's target port.
      const target = isRecord(spec.port) ? spec.port.targetPort : undefined;
      for (const to of [spec.to, ...(Array.isArray(spec.alternateBackends) ? spec.alternateBackends : [])]) {
        if (!isRecord(to) || typeof to.name !== 'string' || (to.kind !== undefined && to.kind !== 'Service')) continue;
        out.push({ namespace: ns, service: to.name, ...(typeof target === 'number' || typeof target === 'string' ? { port: target } : {}), via });
      }
    }
  }
  return out;
}

/** The pod ports a backend reaches on one workload: Service port -> targetPort, named ports resolved on the pods. */
function targetConns(svc: Service, ref: BackendRef, w: Workload, route: boolean): ConnSet {
  let out = NO_CONNS;
  for (const p of svc.ports) {
    let conns = NO_CONNS;
    if (typeof p.targetPort === 'number') conns = single(p.protocol, p.targetPort);
    else for (const np of w.namedPorts) if (np.name === p.targetPort && np.protocol === p.protocol) conns = union(conns, single(np.protocol, np.port));
    if (ref.port === undefined) out = union(out, conns);
    else if (!route) {
      // An Ingress backend names a port of the Service, by its number or its name.
      if (typeof ref.port === 'number' ? p.port === ref.port : p.name === ref.port) out = union(out, conns);
    } else if (typeof ref.port === 'string') {
      // A Route's targetPort is "a named port in the target endpoints port list": Endpoints ports carry the Service
      // ports' names (their numbers are the pods' ports), so a name picks a Service port by its name.
      if (p.name === ref.port) out = union(out, conns);
    } else {
      // "The target port on pods selected by the service": a number is a pod port the Service port resolves to.
      out = union(out, intersect(conns, single(p.protocol, ref.port)));
    }
  }
  return out;
}

/**
 * The controller as a class: the policies selecting it and the peers matching it, computed like any workload's.
 * Without --ingress-controller it is a pod of a namespace the input does not know, with unknown labels: matched
 * only by peers that admit every pod of every namespace, and not restricted by any policy.
 */
function controllerClass(model: Model, spec: ControllerSpec | undefined): EqClass {
  const inInput = spec && model.workloads.find((w) => w.namespace === spec.namespace && matchesSelector({ matchLabels: { ...spec.labels } }, w.labels));
  if (inInput) return model.classOf.get(workloadId(inInput)) as EqClass;
  const ns = spec?.namespace ?? '{ingress-controller}';
  const w = outsidePod(ns, 'ingress-controller', spec?.labels ?? {});
  const nsLabels = spec ? (model.namespaces.get(ns) ?? { 'kubernetes.io/metadata.name': ns }) : {};
  const selecting = spec ? model.policies.filter((p) => p.namespace === ns && matchesSelector(p.podSelector, w.labels)) : [];
  const peer = peerClass(model, w, nsLabels);
  const ctx = { ...model.adminContext, namespaceLabels: (n: string) => (n === ns ? nsLabels : model.adminContext.namespaceLabels(n)) };
  const anp = model.adminPolicies.filter((p) => p.kind === 'AdminNetworkPolicy' && spec !== undefined && adminPeerMatchesWorkload(p.subject, w, ctx));
  const banp = model.adminPolicies.find((p) => p.kind === 'BaselineAdminNetworkPolicy' && spec !== undefined && adminPeerMatchesWorkload(p.subject, w, ctx));
  return {
    ...peer,
    ingressPolicies: selecting.filter((p) => p.ingress !== undefined), egressPolicies: selecting.filter((p) => p.egress !== undefined),
    anpIngress: anp.filter((p) => p.ingress.length > 0), anpEgress: anp.filter((p) => p.egress.length > 0),
    ...(banp && banp.egress.length > 0 ? { banpEgress: banp } : {}),
  };
}

export interface IngressExposure { workload: Workload; conns: ConnSet; via: string[] }

/**
 * `{ingress-controller} => ns/workload[Kind] : TCP 8080` for every Ingress/Route backend the controller can reach
 * through the policies: its own egress AND the backend's ingress, on the Service's target ports.
 */
export function ingressExposure(objects: readonly LoadedObject[], model: Model, spec?: ControllerSpec): IngressExposure[] {
  const services = servicesOf(objects);
  const controller = controllerClass(model, spec);
  const from = { type: 'class' as const, cls: controller };
  const byWorkload = new Map<Workload, { conns: ConnSet; via: Set<string> }>();
  for (const ref of backendsOf(objects)) {
    const svc = services.get(`${ref.namespace}/${ref.service}`);
    if (!svc?.selector || Object.keys(svc.selector).length === 0) continue;
    const selector = { matchLabels: { ...svc.selector } };
    for (const w of model.workloads) {
      if (w.namespace !== svc.namespace || !matchesSelector(selector, w.labels)) continue;
      const cls = model.classOf.get(workloadId(w)) as EqClass;
      const to = { type: 'class' as const, cls };
      const reach = intersect(intersect(egressConns(controller, to, model.nodeRanges), ingressConns(cls, from, model.nodeRanges)), targetConns(svc, ref, w, ref.via.startsWith('Route')));
      if (isEmpty(reach)) continue;
      const entry = byWorkload.get(w) ?? { conns: NO_CONNS, via: new Set<string>() };
      entry.conns = union(entry.conns, reach);
      entry.via.add(ref.via);
      byWorkload.set(w, entry);
    }
  }
  return [...byWorkload].map(([w, e]) => ({ workload: w, conns: e.conns, via: [...e.via].sort() }))
    .sort((a, b) => (workloadId(a.workload) < workloadId(b.workload) ? -1 : 1));
}

export const CONTROLLER_ID = '{ingress-controller}';

/** The exposures as list connections from the `{ingress-controller}` endpoint (sorted after every workload). */
export function ingressConnections(exposures: readonly IngressExposure[]): Connection[] {
  const controller: Workload = { namespace: '', name: CONTROLLER_ID, kind: 'IngressController', labels: {}, namedPorts: [], hostNetwork: false, ips: [], pods: [], nodes: [], nodesKnown: false, hostIPs: [], location: { file: '<ingress-controller>' } };
  const src: Endpoint = { type: 'workload', id: CONTROLLER_ID, key: `2|${CONTROLLER_ID}`, workload: controller };
  return exposures.map((e) => ({ src, dst: workloadEndpoint(e.workload), conns: e.conns }));
}
