/**
 * Load-time normaliser: networking.k8s.io/v1 Ingresses as they are, and the legacy extensions/v1beta1 and
 * networking.k8s.io/v1beta1 shapes (`spec.backend`, `serviceName`/`servicePort`) mapped onto them.
 * Objects in a shape that cannot be read are reported, not guessed.
 */
import type { LoadedObject } from '../collect/objects.js';
import type { FieldPath } from '../collect/yaml-source.js';
import { isRecord } from '../domain/guards.js';
import { INGRESS_API_VERSIONS, type BackendPort, type Ingress, type IngressPath, type IngressRule, type IngressTls, type ServiceBackend } from './model.js';

export type NormalizeResult = { ok: true; ingress: Ingress } | { ok: false; reason: string; path: FieldPath };

class ShapeError extends Error {
  constructor(message: string, readonly path: FieldPath) {
    super(message);
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown, path: FieldPath): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ShapeError(`${path.join('.')} is not a list`, path);
  return value;
}

function portOf(value: unknown, path: FieldPath): BackendPort | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return { number: value };
  // v1beta1 servicePort is an IntOrString; a string of digits is still a name there, as the API decodes it.
  if (typeof value === 'string' && value !== '') return { name: value };
  if (isRecord(value)) {
    if (typeof value.number === 'number') return { number: value.number };
    if (typeof value.name === 'string' && value.name !== '') return { name: value.name };
  }
  throw new ShapeError(`${path.join('.')} is neither a port number nor a port name`, path);
}

function backendOf(value: unknown, path: FieldPath, legacy: boolean): ServiceBackend | undefined {
  if (!isRecord(value)) throw new ShapeError(`${path.join('.')} is not a mapping`, path);
  if (legacy) {
    const service = str(value.serviceName);
    if (service === undefined) return undefined; // a `resource` backend
    const port = portOf(value.servicePort, [...path, 'servicePort']);
    return { service, ...(port ? { port } : {}), path };
  }
  if (!isRecord(value.service)) return undefined;
  const service = str(value.service.name);
  if (service === undefined) throw new ShapeError(`${path.join('.')}.service.name is missing`, [...path, 'service']);
  const port = portOf(value.service.port, [...path, 'service', 'port']);
  return { service, ...(port ? { port } : {}), path };
}

function rulesOf(spec: Record<string, unknown>, legacy: boolean): IngressRule[] {
  return list(spec.rules, ['spec', 'rules']).map((rule, i) => {
    const fieldPath = ['spec', 'rules', i];
    if (!isRecord(rule)) throw new ShapeError(`spec.rules[${i}] is not a mapping`, fieldPath);
    const http = isRecord(rule.http) ? rule.http : {};
    const paths: IngressPath[] = list(http.paths, [...fieldPath, 'http', 'paths']).map((p, j) => {
      const pPath = [...fieldPath, 'http', 'paths', j];
      if (!isRecord(p)) throw new ShapeError(`spec.rules[${i}].http.paths[${j}] is not a mapping`, pPath);
      const backend = backendOf(p.backend, [...pPath, 'backend'], legacy);
      const path = str(p.path);
      const pathType = str(p.pathType);
      return { ...(path ? { path } : {}), ...(pathType ? { pathType } : {}), ...(backend ? { backend } : {}) };
    });
    const host = str(rule.host);
    return { ...(host ? { host: host.toLowerCase() } : {}), paths, fieldPath };
  });
}

function tlsOf(spec: Record<string, unknown>): IngressTls[] {
  return list(spec.tls, ['spec', 'tls']).map((entry, i) => {
    const fieldPath = ['spec', 'tls', i];
    if (!isRecord(entry)) throw new ShapeError(`spec.tls[${i}] is not a mapping`, fieldPath);
    const hosts = list(entry.hosts, [...fieldPath, 'hosts']).filter((h): h is string => typeof h === 'string').map((h) => h.toLowerCase());
    const secretName = str(entry.secretName);
    return { hosts, ...(secretName ? { secretName } : {}), fieldPath };
  });
}

function addressesOf(status: unknown): string[] {
  if (!isRecord(status) || !isRecord(status.loadBalancer) || !Array.isArray(status.loadBalancer.ingress)) return [];
  return status.loadBalancer.ingress.flatMap((a) => (isRecord(a) ? [str(a.ip) ?? str(a.hostname)].filter((x): x is string => x !== undefined) : []));
}

export function isIngress(source: LoadedObject): boolean {
  return source.object.kind === 'Ingress';
}

export function normalizeIngress(source: LoadedObject): NormalizeResult {
  const { object } = source;
  const apiVersion = object.apiVersion ?? '';
  if (!(INGRESS_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    return { ok: false, reason: `apiVersion ${JSON.stringify(apiVersion)} is not an Ingress API (${INGRESS_API_VERSIONS.join(', ')})`, path: ['apiVersion'] };
  }
  const legacy = apiVersion.endsWith('v1beta1');
  const name = str(object.metadata.name);
  if (name === undefined) return { ok: false, reason: 'metadata.name is missing', path: ['metadata'] };
  const spec = isRecord(object.spec) ? object.spec : {};
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(isRecord(object.metadata.annotations) ? object.metadata.annotations : {})) if (typeof v === 'string') annotations[k] = v;
  try {
    const rawDefault = legacy ? spec.backend : spec.defaultBackend;
    const defaultPath = ['spec', legacy ? 'backend' : 'defaultBackend'];
    const defaultBackend = rawDefault === undefined || rawDefault === null ? undefined : backendOf(rawDefault, defaultPath, legacy);
    const ingressClassName = str(spec.ingressClassName);
    const classAnnotation = annotations['kubernetes.io/ingress.class'];
    const ingress: Ingress = {
      // kubectl get -o yaml always writes the namespace; a bare manifest lands in `default` as kubectl apply would put it.
      namespace: str(object.metadata.namespace) ?? 'default',
      name,
      apiVersion,
      ...(ingressClassName ? { ingressClassName } : {}),
      ...(classAnnotation ? { classAnnotation } : {}),
      annotations,
      ...(defaultBackend ? { defaultBackend } : {}),
      hasDefaultBackend: rawDefault !== undefined && rawDefault !== null,
      rules: rulesOf(spec, legacy),
      tls: tlsOf(spec),
      addresses: addressesOf(object.status),
      source,
    };
    return { ok: true, ingress };
  } catch (error) {
    if (error instanceof ShapeError) return { ok: false, reason: error.message, path: error.path };
    throw error;
  }
}
