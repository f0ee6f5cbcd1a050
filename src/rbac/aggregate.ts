import { isRecord } from '../domain/guards.js';
import { RBAC_RULE_IDS } from './rule-ids.js';
import type { LocatedRule, PolicyRule, RbacProblem, Role } from './types.js';

/** metav1.LabelSelector semantics: matchLabels AND every matchExpression; `{}` selects every object. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean | 'invalid' {
  if (!isRecord(selector)) return 'invalid';
  const matchLabels = isRecord(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions) {
    if (!isRecord(e) || typeof e.key !== 'string') return 'invalid';
    const values = Array.isArray(e.values) ? e.values.filter((v): v is string => typeof v === 'string') : [];
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(value as string)) return false; break;
      case 'NotIn': if (has && values.includes(value as string)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return 'invalid';
    }
  }
  return true;
}

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  const eq = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.verbs, b.verbs) && eq(a.apiGroups, b.apiGroups) && eq(a.resources, b.resources)
    && eq(a.resourceNames, b.resourceNames) && eq(a.nonResourceURLs, b.nonResourceURLs);
}

/**
 * What the clusterrole-aggregation controller (pkg/controller/clusterroleaggregation) writes into a ClusterRole
 * with an aggregationRule: for each selector in order, the rules of every other matching ClusterRole sorted by
 * name, without duplicates. The controller re-runs whenever a ClusterRole changes, so aggregated roles that feed
 * other aggregated roles (edit into admin) settle at a fixed point; it is computed here the same way.
 * When no ClusterRole of the input matches, the rules written in the input are kept (a partial dump).
 */
export function aggregateClusterRoles(roles: Role[], problems: RbacProblem[]): void {
  const clusterRoles = roles.filter((r) => r.kind === 'ClusterRole').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const aggregated = clusterRoles.filter((r) => r.aggregated);
  if (aggregated.length === 0) return;
  const selectorsOf = new Map<Role, unknown[]>();
  for (const role of aggregated) {
    const rule = role.source.object.aggregationRule as Record<string, unknown>;
    const selectors = Array.isArray(rule.clusterRoleSelectors) ? rule.clusterRoleSelectors : [];
    selectors.forEach((s, i) => {
      if (clusterRoles.some((c) => selectorMatches(s, c.labels) === 'invalid')) {
        problems.push({
          ruleId: RBAC_RULE_IDS.malformed, subject: `ClusterRole ${role.name}`,
          location: role.source.locate(['aggregationRule', 'clusterRoleSelectors', i]) ?? role.source.location,
          message: `ClusterRole ${role.name} aggregationRule selector ${i} is not a valid label selector; the controller stops aggregating this role`,
        });
      }
    });
    selectorsOf.set(role, selectors);
  }
  for (let round = 0; round <= aggregated.length; round++) {
    let changed = false;
    for (const role of aggregated) {
      const selectors = selectorsOf.get(role) ?? [];
      if (selectors.some((s) => clusterRoles.some((c) => selectorMatches(s, c.labels) === 'invalid'))) continue;
      const next: LocatedRule[] = [];
      let matched = false;
      for (const selector of selectors) {
        for (const source of clusterRoles) {
          if (source === role || selectorMatches(selector, source.labels) !== true) continue;
          matched = true;
          for (const r of source.rules) if (!next.some((n) => sameRule(n.rule, r.rule))) next.push(r);
        }
      }
      if (!matched) continue;
      if (next.length !== role.rules.length || next.some((r, i) => r !== role.rules[i])) {
        role.rules = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
}
