import type { LoadedObject } from '../../collect/objects.js';
import { isClusterScoped } from '../../collect/object-scope.js';
import { at, objectName, podSpecs, shown, type Offender } from './pod-specs.js';

/** Objects Kubernetes itself keeps in `default`; they are not a sign that the namespace is in use. */
const BUILT_IN_DEFAULT = new Set(['Service/kubernetes', 'Endpoints/kubernetes', 'EndpointSlice/kubernetes', 'ConfigMap/kube-root-ca.crt', 'ServiceAccount/default']);

/** 5.2.1: namespaces without a Pod Security Admission `enforce` label. */
export function podSecurityLabels(objects: readonly LoadedObject[]): Offender[] {
  return objects
    .filter((o) => o.object.kind === 'Namespace' && o.object.metadata.labels?.['pod-security.kubernetes.io/enforce'] === undefined)
    .map((o) => ({ what: `${objectName(o)} has no pod-security.kubernetes.io/enforce label`, location: at(o, ['metadata']) }));
}

/**
 * Namespaces named by Namespace objects, or else used by namespaced objects. The loader has given every
 * namespaced object its namespace (`default` when it was written without one), so none is missed here.
 */
function namespaces(objects: readonly LoadedObject[]): Map<string, LoadedObject> {
  const found = new Map<string, LoadedObject>();
  for (const o of objects) {
    if (o.object.kind === 'Namespace' && o.object.metadata.name) found.set(o.object.metadata.name, o);
  }
  for (const o of objects) {
    const ns = o.object.metadata.namespace;
    if (ns !== undefined && !found.has(ns) && !isClusterScoped(o.object.kind)) found.set(ns, o);
  }
  return found;
}

/** 5.3.2: namespaces in which no NetworkPolicy selects anything. */
export function namespacesWithoutNetpol(objects: readonly LoadedObject[]): Offender[] {
  const withPolicy = new Set(objects.filter((o) => o.object.kind === 'NetworkPolicy').map((o) => o.object.metadata.namespace));
  return [...namespaces(objects)]
    .filter(([name]) => !withPolicy.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, o]) => ({ what: `namespace ${shown(name)} has no NetworkPolicy`, location: o.location }));
}

/** 5.6.4: user objects in the `default` namespace. */
export function defaultNamespace(objects: readonly LoadedObject[]): Offender[] {
  return objects
    .filter((o) => o.object.metadata.namespace === 'default' && !isClusterScoped(o.object.kind)
      && !BUILT_IN_DEFAULT.has(`${o.object.kind}/${o.object.metadata.name ?? ''}`))
    .map((o) => ({ what: `${objectName(o)} is in the default namespace`, location: at(o, ['metadata', 'namespace']) }));
}

/**
 * 5.1.6: a pod mounts a token unless its spec says `automountServiceAccountToken: false`, or the spec
 * leaves it unset and its ServiceAccount says false (the pod's value wins when both are set).
 */
export function saTokenMount(objects: readonly LoadedObject[]): Offender[] {
  const saAutomount = new Map<string, unknown>();
  for (const o of objects) {
    if (o.object.kind === 'ServiceAccount') saAutomount.set(`${o.object.metadata.namespace ?? ''}/${o.object.metadata.name ?? ''}`, o.object.automountServiceAccountToken);
  }
  const offenders: Offender[] = [];
  for (const pod of podSpecs(objects)) {
    const podValue = pod.spec.automountServiceAccountToken;
    if (podValue === false) continue;
    const sa = typeof pod.spec.serviceAccountName === 'string' ? pod.spec.serviceAccountName : 'default';
    if (podValue === undefined && saAutomount.get(`${pod.namespace}/${sa}`) === false) continue;
    offenders.push({
      what: `${objectName(pod.item)} mounts the token of ServiceAccount ${shown(sa)}`,
      location: at(pod.item, podValue === undefined ? pod.path : [...pod.path, 'automountServiceAccountToken']),
    });
  }
  return offenders;
}
