/**
 * Which kinds live in a namespace. The API server puts a namespaced object written without metadata.namespace
 * into the namespace of the request (`default`, or kubectl's --namespace) and ignores metadata.namespace on
 * cluster-scoped kinds. The loader applies that rule once, so every area sees the same namespace.
 */
const CLUSTER_SCOPED = new Set([
  // core, rbac, storage, scheduling, node, networking, apiextensions, apiregistration, certificates
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  'ClusterRole', 'ClusterRoleBinding',
  'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass', 'StorageVersionMigration',
  'PriorityClass', 'RuntimeClass', 'IngressClass', 'IPAddress', 'ServiceCIDR',
  'CustomResourceDefinition', 'APIService', 'CertificateSigningRequest', 'ClusterTrustBundle',
  // admission
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  // flow control, internal API, dynamic resource allocation, removed PSP
  'FlowSchema', 'PriorityLevelConfiguration', 'StorageVersion', 'DeviceClass', 'ResourceSlice', 'PodSecurityPolicy',
  // authentication / authorization reviews
  'TokenReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SelfSubjectReview',
  // policy.networking.k8s.io (network-policy-api)
  'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy',
]);

/** A kind that is never in a namespace. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/**
 * Custom kinds named `Cluster…` are cluster-scoped by convention (ClusterIssuer, ClusterPolicy,
 * ClusterSecretStore), though not always (ClusterServiceVersion): without discovery the scope is unknown, so
 * such an object keeps the namespace it was written with and gets none by default.
 */
function maybeClusterScoped(kind: string): boolean {
  return /^Cluster[A-Z]/.test(kind);
}

/** The namespace the API server would give the object: its own, `defaultNamespace`, or none (cluster-scoped). */
export function effectiveNamespace(kind: string, written: string | undefined, defaultNamespace: string): string | undefined {
  if (isClusterScoped(kind)) return undefined;
  if (written !== undefined && written !== '') return written;
  return maybeClusterScoped(kind) ? undefined : defaultNamespace;
}
