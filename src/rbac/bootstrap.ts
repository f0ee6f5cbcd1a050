import { SHIPPED_POLICY, SHIPPED_POLICY_SOURCE } from './bootstrap-policy.gen.js';
import type { ShippedBindingObject, ShippedRole } from './bootstrap-types.js';
import type { PolicyRule } from './types.js';

/**
 * The RBAC objects every Kubernetes API server creates and reconciles at start-up
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy: policy.go, controller_policy.go, namespace_policy.go), carried
 * with their rules in bootstrap-policy.gen.ts. They are not reported unless an object of the input differs from
 * what is shipped (builtin.ts compares them).
 */
export const BOOTSTRAP_SOURCE = SHIPPED_POLICY_SOURCE;

/** Shipped ClusterRoles by name; shipped Roles by `namespace/name`. */
export const SHIPPED_CLUSTER_ROLES: ReadonlyMap<string, ShippedRole> = new Map(SHIPPED_POLICY.clusterRoles.map((r) => [r.name, r]));
export const SHIPPED_ROLES: ReadonlyMap<string, ShippedRole> = new Map(SHIPPED_POLICY.roles.map((r) => [`${r.namespace ?? ''}/${r.name}`, r]));

/** ClusterRoles shipped by Kubernetes (cluster roles and controller roles). */
export const BOOTSTRAP_CLUSTER_ROLES: ReadonlySet<string> = new Set(SHIPPED_CLUSTER_ROLES.keys());

/** Namespaced Roles shipped by Kubernetes, `namespace/name`. */
export const BOOTSTRAP_ROLES: ReadonlySet<string> = new Set(SHIPPED_ROLES.keys());

export interface ShippedBinding {
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
  /** `Kind:name` or `ServiceAccount:namespace/name`, sorted. */
  subjects: readonly string[];
}

const crb = (role: string, ...subjects: string[]): ShippedBinding => ({ roleRef: { kind: 'ClusterRole', name: role }, subjects: subjects.sort() });
const rb = (role: string, kind: 'Role' | 'ClusterRole', ...subjects: string[]): ShippedBinding => ({ roleRef: { kind, name: role }, subjects: subjects.sort() });

function shippedBinding(b: ShippedBindingObject): ShippedBinding {
  const kind = b.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
  return rb(b.roleRef.name, kind, ...b.subjects.map((s) => (s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace ?? b.namespace ?? ''}/${s.name}` : `${s.kind}:${s.name}`)));
}

/** ClusterRoleBindings shipped by Kubernetes, by name. */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: ReadonlyMap<string, ShippedBinding> = new Map(SHIPPED_POLICY.clusterRoleBindings.map((b) => [b.name, shippedBinding(b)]));

/** RoleBindings shipped by Kubernetes, `namespace/name`. */
export const BOOTSTRAP_ROLE_BINDINGS: ReadonlyMap<string, ShippedBinding> = new Map(SHIPPED_POLICY.roleBindings.map((b) => [`${b.namespace ?? ''}/${b.name}`, shippedBinding(b)]));

/**
 * The shipped rules of every non-aggregated ClusterRole (default feature gates): a binding to one that a dump leaves
 * out is evaluated against them, as the API server would.
 */
export const BOOTSTRAP_RULES: ReadonlyMap<string, readonly PolicyRule[]> = new Map(
  SHIPPED_POLICY.clusterRoles.filter((r) => r.aggregationRule === undefined && r.featureGated !== true).map((r) => [r.name, r.rules]),
);

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
