import { isRecord } from '../../domain/guards.js';
import type { LiveClient } from './http.js';

/** One kind the analyses read from a cluster. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural resource name, as in the URL and in RBAC rules. */
  resource: string;
  kind: string;
  namespaced: boolean;
  /** Server-side filter, e.g. only TLS Secrets. */
  fieldSelector?: string;
  /** Read only when the group exists on this server (discovery), without an error otherwise. */
  optional?: boolean;
  /** Read only when this group-version is served too (OpenShift's `config` ConfigMaps only on OpenShift). */
  onlyWith?: string;
}

/**
 * What netpol, CIS section 5, ingress TLS, GUI and RBAC checks read. Secrets: only `kubernetes.io/tls` ones
 * (ingress TLS); the other Secret types hold credentials no check needs.
 */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, fieldSelector: 'type=kubernetes.io/tls' },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', kind: 'IngressClass', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', namespaced: false },
  { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false },
  // Optional groups: absent on most clusters, which is no error.
  { group: 'policy.networking.k8s.io', version: 'v1alpha1', resource: 'adminnetworkpolicies', kind: 'AdminNetworkPolicy', namespaced: false, optional: true },
  { group: 'policy.networking.k8s.io', version: 'v1alpha1', resource: 'baselineadminnetworkpolicies', kind: 'BaselineAdminNetworkPolicy', namespaced: false, optional: true },
  { group: 'gateway.networking.k8s.io', version: 'v1', resource: 'gateways', kind: 'Gateway', namespaced: true, optional: true },
  { group: 'gateway.networking.k8s.io', version: 'v1', resource: 'httproutes', kind: 'HTTPRoute', namespaced: true, optional: true },
  { group: 'route.openshift.io', version: 'v1', resource: 'routes', kind: 'Route', namespaced: true, optional: true },
  // OpenShift's cluster settings (bench's rh-* profiles): the control plane's config ConfigMaps (only those named
  // `config`, only on OpenShift), the config.openshift.io / operator.openshift.io singletons, and the SCCs.
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, fieldSelector: 'metadata.name=config', onlyWith: 'config.openshift.io/v1' },
  { group: 'config.openshift.io', version: 'v1', resource: 'apiservers', kind: 'APIServer', namespaced: false, optional: true },
  { group: 'config.openshift.io', version: 'v1', resource: 'oauths', kind: 'OAuth', namespaced: false, optional: true },
  { group: 'operator.openshift.io', version: 'v1', resource: 'kubeapiservers', kind: 'KubeAPIServer', namespaced: false, optional: true },
  { group: 'operator.openshift.io', version: 'v1', resource: 'openshiftapiservers', kind: 'OpenShiftAPIServer', namespaced: false, optional: true },
  { group: 'security.openshift.io', version: 'v1', resource: 'securitycontextconstraints', kind: 'SecurityContextConstraints', namespaced: false, optional: true },
];

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** The URL of a list: cluster-wide, or in one namespace for namespaced kinds. */
export function listPath(type: ResourceType, namespace: string | undefined): string {
  const prefix = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  return type.namespaced && namespace !== undefined
    ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${type.resource}`
    : `${prefix}/${type.resource}`;
}

/**
 * Which of the types this server serves: `/apis` lists every group-version, so one request decides;
 * the resources of a served group-version are then checked in its resource list only for optional groups.
 */
export async function discover(client: LiveClient, types: readonly ResourceType[]): Promise<ResourceType[]> {
  const served = new Set<string>(['v1']);
  const groups = await client.get('/apis');
  if (isRecord(groups) && Array.isArray(groups.groups)) {
    for (const g of groups.groups) {
      if (!isRecord(g) || !Array.isArray(g.versions)) continue;
      for (const v of g.versions) if (isRecord(v) && typeof v.groupVersion === 'string') served.add(v.groupVersion);
    }
  }
  return types.filter((t) => served.has(apiVersionOf(t)) && (t.onlyWith === undefined || served.has(t.onlyWith)));
}
