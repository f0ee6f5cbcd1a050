/** The objects an Ingress refers to, indexed by namespace/name: Secrets, Services, IngressClasses, pods, Certificates. */
import type { LoadedObject, ObjectSet } from '../collect/objects.js';
import { isRecord } from '../domain/guards.js';
import { compareNamespaced } from '../domain/order.js';
import type { Finding } from '../domain/finding.js';
import { normalizeIngress } from './normalize.js';
import type { Ingress } from './model.js';
import { finding } from './finding.js';

export interface PodLabels {
  namespace: string;
  labels: Record<string, string>;
}

export interface Inventory {
  ingresses: Ingress[];
  secrets: Map<string, LoadedObject>;
  services: Map<string, LoadedObject>;
  ingressClasses: LoadedObject[];
  /** Pods and pod templates of workloads; undefined when the input holds none (the selector check is not evaluated). */
  pods?: PodLabels[];
  /** cert-manager.io Certificates. */
  certificates: LoadedObject[];
  /** Ingresses that could not be read (ING000). */
  unreadable: Finding[];
}

const key = (ns: string, name: string): string => `${ns}/${name}`;

function nsOf(o: LoadedObject): string {
  return typeof o.object.metadata.namespace === 'string' && o.object.metadata.namespace !== '' ? o.object.metadata.namespace : 'default';
}

function labelsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The pod template labels of a workload object, or the labels of a Pod. */
function podLabels(o: LoadedObject): Record<string, string> | undefined {
  const { object } = o;
  const spec = isRecord(object.spec) ? object.spec : {};
  switch (object.kind) {
    case 'Pod':
      return labelsOf(object.metadata.labels);
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'ReplicationController': case 'Job':
      return isRecord(spec.template) && isRecord(spec.template.metadata) ? labelsOf(spec.template.metadata.labels) : {};
    case 'CronJob': {
      const job = isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : {};
      return isRecord(job.template) && isRecord(job.template.metadata) ? labelsOf(job.template.metadata.labels) : {};
    }
    default:
      return undefined;
  }
}

export function buildInventory(set: ObjectSet): Inventory {
  const inv: Inventory = { ingresses: [], secrets: new Map(), services: new Map(), ingressClasses: [], certificates: [], unreadable: [] };
  const pods: PodLabels[] = [];
  for (const o of set.objects) {
    const { kind, apiVersion } = o.object;
    const name = typeof o.object.metadata.name === 'string' ? o.object.metadata.name : '';
    if (kind === 'Ingress') {
      const result = normalizeIngress(o);
      if (result.ok) inv.ingresses.push(result.ingress);
      else {
        inv.unreadable.push(finding('ING000', `Ingress ${key(nsOf(o), name || '?')} cannot be read: ${result.reason}`, {
          subject: `${key(nsOf(o), name || '?')}[Ingress]`,
          location: o.locate(result.path) ?? o.location,
        }));
      }
    } else if (kind === 'Secret' && apiVersion === 'v1') inv.secrets.set(key(nsOf(o), name), o);
    else if (kind === 'Service' && apiVersion === 'v1') inv.services.set(key(nsOf(o), name), o);
    else if (kind === 'IngressClass') inv.ingressClasses.push(o);
    else if (kind === 'Certificate' && (apiVersion ?? '').startsWith('cert-manager.io/')) inv.certificates.push(o);
    else {
      const labels = podLabels(o);
      if (labels !== undefined) pods.push({ namespace: nsOf(o), labels });
    }
  }
  if (pods.length > 0) inv.pods = pods;
  inv.ingresses.sort(compareNamespaced);
  return inv;
}

export function secretKey(ns: string, name: string): string {
  return key(ns, name);
}
