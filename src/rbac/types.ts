import type { SourceLocation } from '../domain/evidence.js';
import type { LoadedObject } from '../collect/objects.js';

/** rbac.authorization.k8s.io/v1 PolicyRule, with where it was written. */
export interface PolicyRule {
  verbs: readonly string[];
  apiGroups: readonly string[];
  resources: readonly string[];
  resourceNames: readonly string[];
  nonResourceURLs: readonly string[];
}

/** A rule as it sits in a role: the role it came from (after aggregation, the source role) and its index there. */
export interface LocatedRule {
  rule: PolicyRule;
  /** `ClusterRole view` / `Role app/reader`: the role whose `rules[index]` this is. */
  roleName: string;
  index: number;
  location: SourceLocation;
}

export const RoleKind = { Role: 'Role', ClusterRole: 'ClusterRole' } as const;
export type RoleKind = (typeof RoleKind)[keyof typeof RoleKind];

export interface Role {
  kind: RoleKind;
  name: string;
  /** '' for a ClusterRole. */
  namespace: string;
  /** The effective rules: for an aggregated ClusterRole, what the aggregation controller would write. */
  rules: LocatedRule[];
  labels: Readonly<Record<string, string>>;
  /** Set for a ClusterRole with an `aggregationRule`. */
  aggregated: boolean;
  source: LoadedObject;
}

export const SubjectKind = { User: 'User', Group: 'Group', ServiceAccount: 'ServiceAccount' } as const;
export type SubjectKind = (typeof SubjectKind)[keyof typeof SubjectKind];

export interface Subject {
  kind: string;
  name: string;
  /** Only for ServiceAccount; a RoleBinding's ServiceAccount subject without one means the binding's namespace. */
  namespace?: string;
  location: SourceLocation;
}

export interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** '' for a ClusterRoleBinding. */
  namespace: string;
  roleRef: { kind: string; name: string };
  subjects: Subject[];
  location: SourceLocation;
  roleRefLocation: SourceLocation;
  source: LoadedObject;
}

/** A problem in the input: a malformed rule, an unknown verb, a binding to a role that is not there. */
export interface RbacProblem {
  /** Stable rule id of the finding this problem is reported as (RBAC0xx). */
  ruleId: string;
  message: string;
  subject: string;
  location: SourceLocation;
}

export interface RbacModel {
  roles: Role[];
  bindings: Binding[];
  /** ServiceAccounts given in the input, `namespace/name`. */
  serviceAccounts: Map<string, LoadedObject>;
  problems: RbacProblem[];
}

/** The authorizer's view of a request (k8s.io/apiserver authorizer.Attributes). */
export interface RequestAttributes {
  verb: string;
  /** '' for a cluster-wide (or all-namespaces) request. */
  namespace: string;
  resourceRequest: boolean;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  /** For a non-resource request. */
  path: string;
}

/** user.Info as the authenticator (or impersonation) hands it to the authorizer. */
export interface UserInfo {
  name: string;
  groups: readonly string[];
}

export function roleLabel(kind: string, namespace: string, name: string): string {
  return namespace === '' ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}
