import type { PolicyRule } from './types.js';

/**
 * The RBAC objects every Kubernetes API server creates and reconciles at start-up
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy: policy.go, controller_policy.go, namespace_policy.go),
 * as of Kubernetes v1.31. They are not reported unless an object of the input differs from what is shipped:
 * a shipped binding with other subjects or another role, or a shipped role granting more than the shipped rules
 * (the API server's reconciliation adds missing rules back but never removes added ones).
 */
export const BOOTSTRAP_SOURCE = 'kubernetes v1.31 plugin/pkg/auth/authorizer/rbac/bootstrappolicy';

const CONTROLLERS = [
  'attachdetach-controller', 'certificate-controller', 'clusterrole-aggregation-controller', 'cronjob-controller',
  'daemon-set-controller', 'deployment-controller', 'disruption-controller', 'endpoint-controller',
  'endpointslice-controller', 'endpointslicemirroring-controller', 'ephemeral-volume-controller', 'expand-controller',
  'generic-garbage-collector', 'horizontal-pod-autoscaler', 'job-controller', 'legacy-service-account-token-cleaner',
  'namespace-controller', 'node-controller', 'persistent-volume-binder', 'pod-garbage-collector', 'pv-protection-controller',
  'pvc-protection-controller', 'replicaset-controller', 'replication-controller', 'resourcequota-controller',
  'root-ca-cert-publisher', 'route-controller', 'service-account-controller', 'service-cidrs-controller', 'service-controller',
  'statefulset-controller', 'ttl-after-finished-controller', 'ttl-controller', 'validatingadmissionpolicy-status-controller',
].map((c) => `system:controller:${c}`);

/** ClusterRoles shipped by Kubernetes (cluster roles and controller roles). */
export const BOOTSTRAP_CLUSTER_ROLES: ReadonlySet<string> = new Set([
  'admin', 'cluster-admin', 'edit', 'view',
  'system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view',
  'system:auth-delegator', 'system:basic-user', 'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
  'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', 'system:certificates.k8s.io:kube-apiserver-client-approver',
  'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', 'system:certificates.k8s.io:kubelet-serving-approver',
  'system:certificates.k8s.io:legacy-unknown-approver', 'system:discovery', 'system:heapster', 'system:kube-aggregator',
  'system:kube-controller-manager', 'system:kube-dns', 'system:kube-scheduler', 'system:kubelet-api-admin', 'system:monitoring',
  'system:node', 'system:node-bootstrapper', 'system:node-problem-detector', 'system:node-proxier',
  'system:persistent-volume-provisioner', 'system:public-info-viewer', 'system:service-account-issuer-discovery',
  'system:volume-scheduler', ...CONTROLLERS,
]);

/** Namespaced Roles shipped by Kubernetes, `namespace/name`. */
export const BOOTSTRAP_ROLES: ReadonlySet<string> = new Set([
  'kube-system/extension-apiserver-authentication-reader', 'kube-system/system::leader-locking-kube-controller-manager',
  'kube-system/system::leader-locking-kube-scheduler', 'kube-system/system:controller:bootstrap-signer',
  'kube-system/system:controller:cloud-provider', 'kube-system/system:controller:token-cleaner',
  'kube-public/system:controller:bootstrap-signer',
]);

export interface ShippedBinding {
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
  /** `Kind:name` or `ServiceAccount:namespace/name`, sorted. */
  subjects: readonly string[];
}

const crb = (role: string, ...subjects: string[]): ShippedBinding => ({ roleRef: { kind: 'ClusterRole', name: role }, subjects: subjects.sort() });

/** ClusterRoleBindings shipped by Kubernetes, by name (every one is named after its ClusterRole). */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: ReadonlyMap<string, ShippedBinding> = new Map([
  ['cluster-admin', crb('cluster-admin', 'Group:system:masters')],
  ['system:basic-user', crb('system:basic-user', 'Group:system:authenticated')],
  ['system:discovery', crb('system:discovery', 'Group:system:authenticated')],
  ['system:kube-controller-manager', crb('system:kube-controller-manager', 'User:system:kube-controller-manager')],
  ['system:kube-dns', crb('system:kube-dns', 'ServiceAccount:kube-system/kube-dns')],
  ['system:kube-scheduler', crb('system:kube-scheduler', 'User:system:kube-scheduler')],
  ['system:monitoring', crb('system:monitoring', 'Group:system:monitoring')],
  ['system:node', crb('system:node')],
  ['system:node-proxier', crb('system:node-proxier', 'User:system:kube-proxy')],
  ['system:public-info-viewer', crb('system:public-info-viewer', 'Group:system:authenticated', 'Group:system:unauthenticated')],
  ['system:service-account-issuer-discovery', crb('system:service-account-issuer-discovery', 'Group:system:serviceaccounts')],
  ['system:volume-scheduler', crb('system:volume-scheduler', 'User:system:kube-scheduler')],
  ...CONTROLLERS.map((c) => [c, crb(c, `ServiceAccount:kube-system/${c.slice('system:controller:'.length)}`)] as const),
]);

const rb = (role: string, kind: 'Role' | 'ClusterRole', ...subjects: string[]): ShippedBinding => ({ roleRef: { kind, name: role }, subjects: subjects.sort() });

/**
 * What `kubeadm init` adds (cmd/kubeadm/app/phases/{bootstraptoken,kubelet,addons/proxy,kubeconfig,uploadconfig},
 * kubeadm v1.31): bootstrap-token discovery (system:anonymous may read the cluster-info ConfigMap in kube-public —
 * by design), node auto-approval, and the kubeadm:cluster-admins group of admin.conf.
 */
export const KUBEADM_SOURCE = 'kubeadm v1.31 (kubeadm init)';
export const KUBEADM_CLUSTER_ROLES: ReadonlySet<string> = new Set(['kubeadm:get-nodes']);
export const KUBEADM_ROLES: ReadonlySet<string> = new Set([
  'kube-public/kubeadm:bootstrap-signer-clusterinfo', 'kube-system/kubeadm:kubelet-config', 'kube-system/kubeadm:nodes-kubeadm-config', 'kube-system/kube-proxy',
]);
export const KUBEADM_CLUSTER_ROLE_BINDINGS: ReadonlyMap<string, ShippedBinding> = new Map([
  ['kubeadm:cluster-admins', crb('cluster-admin', 'Group:kubeadm:cluster-admins')],
  ['kubeadm:get-nodes', crb('kubeadm:get-nodes', 'Group:system:bootstrappers:kubeadm:default-node-token')],
  ['kubeadm:kubelet-bootstrap', crb('system:node-bootstrapper', 'Group:system:bootstrappers:kubeadm:default-node-token')],
  ['kubeadm:node-autoapprove-bootstrap', crb('system:certificates.k8s.io:certificatesigningrequests:nodeclient', 'Group:system:bootstrappers:kubeadm:default-node-token')],
  ['kubeadm:node-autoapprove-certificate-rotation', crb('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', 'Group:system:nodes')],
  ['kubeadm:node-proxier', crb('system:node-proxier', 'ServiceAccount:kube-system/kube-proxy')],
]);
export const KUBEADM_ROLE_BINDINGS: ReadonlyMap<string, ShippedBinding> = new Map([
  ['kube-public/kubeadm:bootstrap-signer-clusterinfo', rb('kubeadm:bootstrap-signer-clusterinfo', 'Role', 'User:system:anonymous')],
  ['kube-system/kubeadm:kubelet-config', rb('kubeadm:kubelet-config', 'Role', 'Group:system:bootstrappers:kubeadm:default-node-token', 'Group:system:nodes')],
  ['kube-system/kubeadm:nodes-kubeadm-config', rb('kubeadm:nodes-kubeadm-config', 'Role', 'Group:system:bootstrappers:kubeadm:default-node-token', 'Group:system:nodes')],
  ['kube-system/kube-proxy', rb('kube-proxy', 'Role', 'Group:system:bootstrappers:kubeadm:default-node-token')],
]);

/** RoleBindings shipped by Kubernetes, `namespace/name`. */
export const BOOTSTRAP_ROLE_BINDINGS: ReadonlyMap<string, ShippedBinding> = new Map([
  ['kube-system/system::extension-apiserver-authentication-reader', rb('extension-apiserver-authentication-reader', 'Role', 'User:system:kube-controller-manager', 'User:system:kube-scheduler')],
  ['kube-system/system::leader-locking-kube-controller-manager', rb('system::leader-locking-kube-controller-manager', 'Role', 'ServiceAccount:kube-system/kube-controller-manager', 'User:system:kube-controller-manager')],
  ['kube-system/system::leader-locking-kube-scheduler', rb('system::leader-locking-kube-scheduler', 'Role', 'ServiceAccount:kube-system/kube-scheduler', 'User:system:kube-scheduler')],
  ['kube-system/system:controller:bootstrap-signer', rb('system:controller:bootstrap-signer', 'Role', 'ServiceAccount:kube-system/bootstrap-signer')],
  ['kube-system/system:controller:cloud-provider', rb('system:controller:cloud-provider', 'Role', 'ServiceAccount:kube-system/cloud-provider')],
  ['kube-system/system:controller:token-cleaner', rb('system:controller:token-cleaner', 'Role', 'ServiceAccount:kube-system/token-cleaner')],
  ['kube-public/system:controller:bootstrap-signer', rb('system:controller:bootstrap-signer', 'Role', 'ServiceAccount:kube-system/bootstrap-signer')],
]);

const urls = (verbs: string[], ...nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs, apiGroups: [], resources: [], resourceNames: [] });
const res = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources, resourceNames: [], nonResourceURLs: [] });

/**
 * The shipped rules of the roles that are bound to everyone (system:authenticated, system:unauthenticated,
 * system:serviceaccounts) or to system:masters: a rule added to one of them reaches every caller. Other shipped
 * roles are recognised by name only.
 */
export const BOOTSTRAP_RULES: ReadonlyMap<string, readonly PolicyRule[]> = new Map([
  ['cluster-admin', [res(['*'], ['*'], ['*']), urls(['*'], '*')]],
  ['system:basic-user', [
    res(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    res(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]],
  ['system:discovery', [urls(['get'], '/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/')]],
  ['system:public-info-viewer', [urls(['get'], '/healthz', '/livez', '/readyz', '/version', '/version/')]],
  ['system:monitoring', [urls(['get'], '/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*')]],
  ['system:service-account-issuer-discovery', [urls(['get'], '/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/')]],
]);
