import { ruleAllows } from './match.js';
import { findRole } from './load.js';
import { SYSTEM_MASTERS } from './user.js';
import { serviceAccountUsername } from './user.js';
import { roleLabel, type Binding, type LocatedRule, type RbacModel, type RequestAttributes, type Role, type Subject, type UserInfo } from './types.js';

/** One way a request is granted: binding → role → rule, with the subject of the binding that matched. */
export interface Grant {
  binding: Binding;
  role: Role;
  rule: LocatedRule;
  subject: Subject;
}

export interface Decision {
  allowed: boolean;
  /** Every granting path, ClusterRoleBindings first, each group sorted by name (the API server stops at the first). */
  grants: Grant[];
  /** Set when the user is in system:masters: allowed before RBAC is asked. */
  privilegedGroup?: string;
}

/**
 * appliesTo of the RBAC authorizer: a ServiceAccount subject without a namespace means the RoleBinding's
 * namespace, and matches nobody in a ClusterRoleBinding.
 */
export function subjectApplies(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User': return user.name === subject.name;
    case 'Group': return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace ?? bindingNamespace;
      return ns !== '' && user.name === serviceAccountUsername(ns, subject.name);
    }
    default: return false;
  }
}

export function roleOf(model: RbacModel, binding: Binding): Role | undefined {
  return findRole(model, binding.roleRef.kind, binding.namespace, binding.roleRef.name);
}

const byName = (a: Binding, b: Binding): number => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : a.namespace + '/' + a.name > b.namespace + '/' + b.name ? 1 : 0);

/**
 * The bindings the authorizer visits for a request in `namespace` (VisitRulesFor): every ClusterRoleBinding, then
 * the RoleBindings of that namespace. `namespace: '*'` (who-can -A) visits the RoleBindings of every namespace.
 */
export function bindingsFor(model: RbacModel, namespace: string): Binding[] {
  const cluster = model.bindings.filter((b) => b.kind === 'ClusterRoleBinding').sort(byName);
  const local = namespace === '' ? [] : model.bindings.filter((b) => b.kind === 'RoleBinding' && (namespace === '*' || b.namespace === namespace)).sort(byName);
  return [...cluster, ...local];
}

/** The RBAC authorizer's answer, with every path that grants it. */
export function authorize(model: RbacModel, user: UserInfo, attrs: RequestAttributes): Decision {
  const grants: Grant[] = [];
  for (const binding of bindingsFor(model, attrs.namespace)) {
    const subject = binding.subjects.find((s) => subjectApplies(user, s, binding.namespace));
    if (!subject) continue;
    const role = roleOf(model, binding);
    if (!role) continue;
    for (const rule of role.rules) if (ruleAllows(attrs, rule.rule)) grants.push({ binding, role, rule, subject });
  }
  const privileged = user.groups.includes(SYSTEM_MASTERS);
  return { allowed: privileged || grants.length > 0, grants, ...(privileged ? { privilegedGroup: SYSTEM_MASTERS } : {}) };
}

/** The rules that apply to the user in a namespace ('' = cluster-wide only), as a SelfSubjectRulesReview lists them. */
export function rulesFor(model: RbacModel, user: UserInfo, namespace: string): { binding: Binding; role: Role; rule: LocatedRule }[] {
  const out: { binding: Binding; role: Role; rule: LocatedRule }[] = [];
  for (const binding of bindingsFor(model, namespace)) {
    if (!binding.subjects.some((s) => subjectApplies(user, s, binding.namespace))) continue;
    const role = roleOf(model, binding);
    if (role) for (const rule of role.rules) out.push({ binding, role, rule });
  }
  return out;
}

/** Every binding subject that the request is granted to, through which binding, role and rule. */
export function whoCan(model: RbacModel, attrs: RequestAttributes): Grant[] {
  const grants: Grant[] = [];
  for (const binding of bindingsFor(model, attrs.namespace)) {
    const role = roleOf(model, binding);
    if (!role) continue;
    const rule = role.rules.find((r) => ruleAllows(attrs, r.rule));
    if (!rule) continue;
    for (const subject of binding.subjects) grants.push({ binding, role, rule, subject });
  }
  return grants;
}

export function subjectLabel(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `ServiceAccount ${subject.namespace ?? bindingNamespace}/${subject.name}`;
  return `${subject.kind} ${subject.name}`;
}

export function grantPath(grant: { binding: Binding; role: Role; rule: LocatedRule }): string {
  const b = grant.binding;
  const via = grant.rule.roleName === roleLabel(grant.role.kind, grant.role.namespace, grant.role.name) ? '' : ` (aggregated from ${grant.rule.roleName})`;
  return `${roleLabel(b.kind, b.namespace, b.name)} -> ${roleLabel(grant.role.kind, grant.role.namespace, grant.role.name)}${via} rule ${grant.rule.index}`;
}
