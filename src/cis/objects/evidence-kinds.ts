import type { LoadedObject } from '../../collect/objects.js';
import type { ObjectRuleId } from '../model.js';

/**
 * The kinds a section-5 rule judges. "None breaks the rule" means something only when the input holds
 * objects of those kinds: a dump without ClusterRoleBindings says nothing about who is bound to
 * cluster-admin. Each requirement is a set of alternatives; a rule needs one kind of every requirement.
 * A real cluster always has these kinds (Kubernetes' bootstrap RBAC policy creates ClusterRoles, Roles and
 * ClusterRoleBindings; every namespace has a `default` ServiceAccount; kube-system runs pods).
 */
export interface KindRequirement {
  /** Alternatives: any one present satisfies the requirement. */
  readonly kinds: readonly string[];
  /** How reports name the requirement, e.g. `ClusterRoleBinding`, `Pod or workload`. */
  readonly label: string;
}

/** Kinds that carry a pod spec (Pod itself or a pod template). */
const WORKLOADS: KindRequirement = {
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate'],
  label: 'Pod or workload (Deployment, DaemonSet, ...)',
};
const CLUSTER_ROLES: KindRequirement = { kinds: ['ClusterRole'], label: 'ClusterRole' };
const ROLES: KindRequirement = { kinds: ['Role'], label: 'Role' };
const SERVICE_ACCOUNTS: KindRequirement = { kinds: ['ServiceAccount'], label: 'ServiceAccount' };
const NAMESPACES: KindRequirement = { kinds: ['Namespace'], label: 'Namespace' };
/** Rules over (Cluster)Role rules: both kinds hold rules the cluster's owners wrote. */
const RBAC_ROLES = [CLUSTER_ROLES, ROLES] as const;

export const OBJECT_RULE_EVIDENCE: Readonly<Record<ObjectRuleId, readonly KindRequirement[]>> = {
  'cluster-admin-bindings': [{ kinds: ['ClusterRoleBinding'], label: 'ClusterRoleBinding' }],
  'secrets-access': RBAC_ROLES,
  'rbac-wildcards': RBAC_ROLES,
  'create-pods': RBAC_ROLES,
  'default-service-account': [SERVICE_ACCOUNTS],
  // A pod's token mount depends on its ServiceAccount's automountServiceAccountToken when the pod leaves it unset.
  'sa-token-mount': [WORKLOADS, SERVICE_ACCOUNTS],
  'bind-escalate-impersonate': RBAC_ROLES,
  'create-persistent-volumes': RBAC_ROLES,
  'node-proxy': RBAC_ROLES,
  'csr-approval': RBAC_ROLES,
  'webhook-configs': RBAC_ROLES,
  'sa-token-create': RBAC_ROLES,
  'pod-security-labels': [NAMESPACES],
  privileged: [WORKLOADS],
  'host-pid': [WORKLOADS],
  'host-ipc': [WORKLOADS],
  'host-network': [WORKLOADS],
  'allow-privilege-escalation': [WORKLOADS],
  'root-containers': [WORKLOADS],
  'net-raw': [WORKLOADS],
  'added-capabilities': [WORKLOADS],
  'host-process': [WORKLOADS],
  'host-path': [WORKLOADS],
  'host-ports': [WORKLOADS],
  // Namespaces come from Namespace objects; without them, a namespace with nothing in the dump is unseen.
  'namespaces-without-netpol': [NAMESPACES],
  'secrets-in-env': [WORKLOADS],
  seccomp: [WORKLOADS],
  'security-context': [WORKLOADS],
  // Which objects sit in `default` can only be told from a dump that holds namespaced objects and namespaces.
  'default-namespace': [NAMESPACES, WORKLOADS],
};

/** The requirements of `rule` that no object in the input meets, in declaration order. */
export function missingEvidence(rule: ObjectRuleId, objects: readonly LoadedObject[]): KindRequirement[] {
  const present = new Set(objects.map((o) => o.object.kind));
  return OBJECT_RULE_EVIDENCE[rule].filter((r) => !r.kinds.some((k) => present.has(k)));
}
