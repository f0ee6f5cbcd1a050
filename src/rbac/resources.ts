/**
 * Built-in resources of a Kubernetes v1.31 API server, as discovery lists them: group, whether namespaced, short
 * names. kubectl resolves `TYPE` through discovery (its RESTMapper); kubefort has no server, so it uses this table
 * and takes anything else (custom resources) as written, as `resource.group`.
 */
interface ResourceInfo { resource: string; group: string; namespaced: boolean; short?: readonly string[]; singular: string }

const r = (resource: string, group: string, namespaced: boolean, singular: string, short?: readonly string[]): ResourceInfo =>
  ({ resource, group, namespaced, singular, ...(short ? { short } : {}) });

export const BUILT_IN_RESOURCES: readonly ResourceInfo[] = [
  r('bindings', '', true, 'binding'), r('componentstatuses', '', false, 'componentstatus', ['cs']),
  r('configmaps', '', true, 'configmap', ['cm']), r('endpoints', '', true, 'endpoints', ['ep']),
  r('events', '', true, 'event', ['ev']), r('limitranges', '', true, 'limitrange', ['limits']),
  r('namespaces', '', false, 'namespace', ['ns']), r('nodes', '', false, 'node', ['no']),
  r('persistentvolumeclaims', '', true, 'persistentvolumeclaim', ['pvc']), r('persistentvolumes', '', false, 'persistentvolume', ['pv']),
  r('pods', '', true, 'pod', ['po']), r('podtemplates', '', true, 'podtemplate'),
  r('replicationcontrollers', '', true, 'replicationcontroller', ['rc']), r('resourcequotas', '', true, 'resourcequota', ['quota']),
  r('secrets', '', true, 'secret'), r('serviceaccounts', '', true, 'serviceaccount', ['sa']), r('services', '', true, 'service', ['svc']),
  r('users', '', false, 'user'), r('groups', '', false, 'group'),
  r('mutatingwebhookconfigurations', 'admissionregistration.k8s.io', false, 'mutatingwebhookconfiguration'),
  r('validatingwebhookconfigurations', 'admissionregistration.k8s.io', false, 'validatingwebhookconfiguration'),
  r('validatingadmissionpolicies', 'admissionregistration.k8s.io', false, 'validatingadmissionpolicy'),
  r('validatingadmissionpolicybindings', 'admissionregistration.k8s.io', false, 'validatingadmissionpolicybinding'),
  r('customresourcedefinitions', 'apiextensions.k8s.io', false, 'customresourcedefinition', ['crd', 'crds']),
  r('apiservices', 'apiregistration.k8s.io', false, 'apiservice'),
  r('controllerrevisions', 'apps', true, 'controllerrevision'), r('daemonsets', 'apps', true, 'daemonset', ['ds']),
  r('deployments', 'apps', true, 'deployment', ['deploy']), r('replicasets', 'apps', true, 'replicaset', ['rs']),
  r('statefulsets', 'apps', true, 'statefulset', ['sts']),
  r('tokenreviews', 'authentication.k8s.io', false, 'tokenreview'), r('selfsubjectreviews', 'authentication.k8s.io', false, 'selfsubjectreview'),
  r('userextras', 'authentication.k8s.io', false, 'userextra'), r('uids', 'authentication.k8s.io', false, 'uid'),
  r('localsubjectaccessreviews', 'authorization.k8s.io', true, 'localsubjectaccessreview'),
  r('selfsubjectaccessreviews', 'authorization.k8s.io', false, 'selfsubjectaccessreview'),
  r('selfsubjectrulesreviews', 'authorization.k8s.io', false, 'selfsubjectrulesreview'),
  r('subjectaccessreviews', 'authorization.k8s.io', false, 'subjectaccessreview'),
  r('horizontalpodautoscalers', 'autoscaling', true, 'horizontalpodautoscaler', ['hpa']),
  r('cronjobs', 'batch', true, 'cronjob', ['cj']), r('jobs', 'batch', true, 'job'),
  r('certificatesigningrequests', 'certificates.k8s.io', false, 'certificatesigningrequest', ['csr']),
  r('signers', 'certificates.k8s.io', false, 'signer'),
  r('leases', 'coordination.k8s.io', true, 'lease'), r('endpointslices', 'discovery.k8s.io', true, 'endpointslice'),
  r('flowschemas', 'flowcontrol.apiserver.k8s.io', false, 'flowschema'),
  r('prioritylevelconfigurations', 'flowcontrol.apiserver.k8s.io', false, 'prioritylevelconfiguration'),
  r('ingressclasses', 'networking.k8s.io', false, 'ingressclass'), r('ingresses', 'networking.k8s.io', true, 'ingress', ['ing']),
  r('networkpolicies', 'networking.k8s.io', true, 'networkpolicy', ['netpol']),
  r('runtimeclasses', 'node.k8s.io', false, 'runtimeclass'), r('poddisruptionbudgets', 'policy', true, 'poddisruptionbudget', ['pdb']),
  r('clusterrolebindings', 'rbac.authorization.k8s.io', false, 'clusterrolebinding'), r('clusterroles', 'rbac.authorization.k8s.io', false, 'clusterrole'),
  r('rolebindings', 'rbac.authorization.k8s.io', true, 'rolebinding'), r('roles', 'rbac.authorization.k8s.io', true, 'role'),
  r('priorityclasses', 'scheduling.k8s.io', false, 'priorityclass', ['pc']),
  r('csidrivers', 'storage.k8s.io', false, 'csidriver'), r('csinodes', 'storage.k8s.io', false, 'csinode'),
  r('csistoragecapacities', 'storage.k8s.io', true, 'csistoragecapacity'), r('storageclasses', 'storage.k8s.io', false, 'storageclass', ['sc']),
  r('volumeattachments', 'storage.k8s.io', false, 'volumeattachment'),
];

export interface ResolvedResource {
  resource: string;
  group: string;
  /** undefined when the resource is not in the table (its scope is unknown). */
  namespaced?: boolean;
  known: boolean;
}

/**
 * kubectl's resourceFor: `pods`, `pod`, `po`, `deployments.apps`, `deploy`, `*`; `resource.group` picks the group.
 * An unknown type is kept as written (kubectl warns "the server doesn't have a resource type").
 */
export function resolveResource(text: string): ResolvedResource {
  if (text === '*') return { resource: '*', group: '', known: true };
  const lower = text.toLowerCase();
  const exact = BUILT_IN_RESOURCES.find((x) => x.resource === lower || x.singular === lower || x.short?.includes(lower));
  if (exact) return { resource: exact.resource, group: exact.group, namespaced: exact.namespaced, known: true };
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const name = lower.slice(0, dot);
    const group = lower.slice(dot + 1);
    const inGroup = BUILT_IN_RESOURCES.find((x) => x.group === group && (x.resource === name || x.singular === name));
    if (inGroup) return { resource: inGroup.resource, group, namespaced: inGroup.namespaced, known: true };
    return { resource: name, group, known: false };
  }
  return { resource: lower, group: '', known: false };
}
