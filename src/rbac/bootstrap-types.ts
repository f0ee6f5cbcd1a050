import type { PolicyRule } from './types.js';

/** A role as kube-apiserver's RBAC bootstrap writes it (labels other than kubernetes.io/bootstrapping). */
export interface ShippedRole {
  name: string;
  namespace?: string;
  labels: Readonly<Record<string, string>>;
  /** clusterRoleSelectors of an aggregated role (admin, edit, view): its rules are the aggregation controller's. */
  aggregationRule?: readonly unknown[];
  /** The rules with the default feature gates. */
  rules: readonly PolicyRule[];
  /** The rules with every feature gate on, when they differ (cluster-roles-featuregates.yaml). */
  gatedRules?: readonly PolicyRule[];
  /** A role created only when a feature gate is on. */
  featureGated?: boolean;
}

export interface ShippedSubject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface ShippedBindingObject {
  name: string;
  namespace?: string;
  roleRef: { kind: string; name: string };
  subjects: readonly ShippedSubject[];
}

export interface ShippedPolicy {
  clusterRoles: readonly ShippedRole[];
  clusterRoleBindings: readonly ShippedBindingObject[];
  roles: readonly ShippedRole[];
  roleBindings: readonly ShippedBindingObject[];
}
