/** Ingress objects in one shape, whatever API version they were written in. */
import type { FieldPath } from '../collect/yaml-source.js';
import type { LoadedObject } from '../collect/objects.js';

/** A Service port as a backend names it: `port.number` or `port.name` (v1), `servicePort` int or string (v1beta1). */
export type BackendPort = { number: number } | { name: string };

export interface ServiceBackend {
  service: string;
  port?: BackendPort;
  /** Where the backend is written, for file:line:col. */
  path: FieldPath;
}

export interface IngressPath {
  path?: string;
  pathType?: string;
  /** Undefined when the backend is a `resource` (not a Service). */
  backend?: ServiceBackend;
}

export interface IngressRule {
  /** Undefined: the rule matches every host. */
  host?: string;
  paths: IngressPath[];
  fieldPath: FieldPath;
}

export interface IngressTls {
  hosts: string[];
  secretName?: string;
  fieldPath: FieldPath;
}

export interface Ingress {
  namespace: string;
  name: string;
  apiVersion: string;
  /** spec.ingressClassName. */
  ingressClassName?: string;
  /** The legacy `kubernetes.io/ingress.class` annotation. */
  classAnnotation?: string;
  annotations: Record<string, string>;
  defaultBackend?: ServiceBackend;
  hasDefaultBackend: boolean;
  rules: IngressRule[];
  tls: IngressTls[];
  /** status.loadBalancer.ingress: the addresses a controller gave it. */
  addresses: string[];
  source: LoadedObject;
}

export const INGRESS_API_VERSIONS = ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1'] as const;

export function ingressId(ing: Pick<Ingress, 'namespace' | 'name'>): string {
  return `${ing.namespace}/${ing.name}`;
}
