import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES, BOOTSTRAP_ROLE_BINDINGS, BOOTSTRAP_ROLES, BOOTSTRAP_RULES,
  KUBEADM_CLUSTER_ROLE_BINDINGS, KUBEADM_CLUSTER_ROLES, KUBEADM_ROLE_BINDINGS, KUBEADM_ROLES,
} from './bootstrap.js';
import { uncovered } from './covers.js';
import type { Binding, PolicyRule, Role } from './types.js';

export const Shipped = { shipped: 'shipped', modified: 'modified', custom: 'custom' } as const;
export type Shipped = (typeof Shipped)[keyof typeof Shipped];

export interface ShippedVerdict {
  state: Shipped;
  /** For `modified`: what differs from the shipped object. */
  difference?: string;
}

function describeRule(r: PolicyRule): string {
  if (r.nonResourceURLs.length > 0) return `${r.verbs.join(',')} ${r.nonResourceURLs.join(',')}`;
  const names = r.resourceNames.length > 0 ? ` [${r.resourceNames.join(',')}]` : '';
  return `${r.verbs.join(',')} ${r.resources.map((x) => (r.apiGroups[0] ? `${x}.${r.apiGroups[0]}` : x)).join(',')}${names}`;
}

/** Is this a role Kubernetes ships, and does it grant more than shipped? */
export function roleShipped(role: Role): ShippedVerdict {
  const id = `${role.namespace}/${role.name}`;
  const known = role.kind === 'ClusterRole' ? BOOTSTRAP_CLUSTER_ROLES.has(role.name) || KUBEADM_CLUSTER_ROLES.has(role.name) : BOOTSTRAP_ROLES.has(id) || KUBEADM_ROLES.has(id);
  if (!known) return { state: Shipped.custom };
  const shipped = role.kind === 'ClusterRole' ? BOOTSTRAP_RULES.get(role.name) : undefined;
  if (!shipped) return { state: Shipped.shipped };
  const extra = uncovered(shipped, role.rules.map((r) => r.rule));
  if (extra.length === 0) return { state: Shipped.shipped };
  return { state: Shipped.modified, difference: `grants more than Kubernetes ships: ${extra.slice(0, 5).map(describeRule).join('; ')}${extra.length > 5 ? `; and ${extra.length - 5} more` : ''}` };
}

/** Is this a binding Kubernetes ships, with the shipped role and subjects? */
export function bindingShipped(binding: Binding): ShippedVerdict {
  const id = `${binding.namespace}/${binding.name}`;
  const shipped = binding.kind === 'ClusterRoleBinding'
    ? BOOTSTRAP_CLUSTER_ROLE_BINDINGS.get(binding.name) ?? KUBEADM_CLUSTER_ROLE_BINDINGS.get(binding.name)
    : BOOTSTRAP_ROLE_BINDINGS.get(id) ?? KUBEADM_ROLE_BINDINGS.get(id);
  if (!shipped) return { state: Shipped.custom };
  if (shipped.roleRef.kind !== binding.roleRef.kind || shipped.roleRef.name !== binding.roleRef.name) {
    return { state: Shipped.modified, difference: `refers to ${binding.roleRef.kind} ${binding.roleRef.name}; Kubernetes ships it referring to ${shipped.roleRef.kind} ${shipped.roleRef.name}` };
  }
  const subjects = binding.subjects.map((s) => (s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace ?? binding.namespace}/${s.name}` : `${s.kind}:${s.name}`));
  const added = subjects.filter((s) => !shipped.subjects.includes(s));
  if (added.length > 0) return { state: Shipped.modified, difference: `has subjects Kubernetes does not ship: ${[...new Set(added)].sort().join(', ')}` };
  return { state: Shipped.shipped };
}
