import type { LoadedObject } from '../collect/objects.js';
import { bindingShipped, roleShipped, Shipped } from './builtin.js';
import type { Probe } from './checks.js';
import { buildRbacModel } from './load.js';
import { ruleAllowsSomeName } from './match.js';
import { roleLabel, type Binding, type LocatedRule, type RbacModel, type Role } from './types.js';

const cache = new WeakMap<readonly LoadedObject[], RbacModel>();

/** One model per object set: section 5.1 asks a dozen questions of the same objects. */
export function rbacModelOf(objects: readonly LoadedObject[]): RbacModel {
  let model = cache.get(objects);
  if (!model) {
    model = buildRbacModel(objects);
    cache.set(objects, model);
  }
  return model;
}

/** Roles written by the cluster's owners, plus built-in roles that grant more than Kubernetes ships. */
export function reportableRoles(model: RbacModel): Role[] {
  return model.roles.filter((r) => roleShipped(r).state !== Shipped.shipped);
}

export function reportableBindings(model: RbacModel): Binding[] {
  return model.bindings.filter((b) => bindingShipped(b).state !== Shipped.shipped);
}

/**
 * The rules a role itself holds (not the ones aggregated into it, which are reported where they are written); of a
 * shipped role that grants more than shipped, only the rules that do.
 */
export function ownRules(role: Role): LocatedRule[] {
  const label = roleLabel(role.kind, role.namespace, role.name);
  const verdict = roleShipped(role);
  if (verdict.state === Shipped.modified && !role.aggregated) return (verdict.added ?? []).map((a) => a.rule);
  return role.rules.filter((r) => r.roleName === label);
}

export interface RuleGrant {
  role: Role;
  rule: LocatedRule;
  /** The verbs of the probes this rule grants, in the probes' order, without repeats. */
  verbs: string[];
}

/** Every rule of a reportable role that grants at least one probe (for at least one object name). */
export function rulesGranting(model: RbacModel, probes: readonly Probe[]): RuleGrant[] {
  const out: RuleGrant[] = [];
  for (const role of reportableRoles(model)) {
    for (const rule of ownRules(role)) {
      const verbs = [...new Set(probes.filter((p) => ruleAllowsSomeName({ ...p, namespace: role.namespace }, rule.rule)).map((p) => p.verb))];
      if (verbs.length > 0) out.push({ role, rule, verbs });
    }
  }
  return out;
}
