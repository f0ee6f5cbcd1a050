import type { PolicyRule } from './types.js';

/**
 * BreakdownRule (pkg/apis/rbac/v1 helpers, used by kubectl auth can-i --list and the escalation check): one rule
 * per API group × resource × resource name, and one per non-resource URL, each with all the verbs, sorted.
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const verbs = [...rule.verbs].sort();
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      const names = rule.resourceNames.length > 0 ? rule.resourceNames.map((n) => [n]) : [[]];
      for (const resourceNames of names) out.push({ verbs, apiGroups: [group], resources: [resource], resourceNames, nonResourceURLs: [] });
    }
  }
  for (const url of rule.nonResourceURLs) out.push({ verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] });
  return out;
}

const hasAll = (set: readonly string[], items: readonly string[]): boolean => items.every((i) => set.includes(i));

function resourceCoversAll(owner: readonly string[], requested: readonly string[]): boolean {
  if (owner.includes('*') || hasAll(owner, requested)) return true;
  return requested.every((r) => {
    if (owner.includes(r)) return true;
    const slash = r.indexOf('/');
    return slash >= 0 && owner.includes(`*/${r.slice(slash + 1)}`);
  });
}

function urlsCoverAll(owner: readonly string[], requested: readonly string[]): boolean {
  return requested.every((u) => owner.some((o) => o === '*' || o === u || (o.endsWith('*') && u.startsWith(o.replace(/\*+$/, '')))));
}

/** ruleCovers of pkg/registry/rbac/validation: does `owner` grant everything `sub` grants? */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes('*') || hasAll(owner.verbs, sub.verbs);
  const groups = owner.apiGroups.includes('*') || hasAll(owner.apiGroups, sub.apiGroups);
  const names = sub.resourceNames.length === 0 ? owner.resourceNames.length === 0 : owner.resourceNames.length === 0 || hasAll(owner.resourceNames, sub.resourceNames);
  return verbs && groups && resourceCoversAll(owner.resources, sub.resources) && names && urlsCoverAll(owner.nonResourceURLs, sub.nonResourceURLs);
}

/** The rules of `rules` (broken down) that no rule of `owner` covers: what they grant beyond `owner`. */
export function uncovered(owner: readonly PolicyRule[], rules: readonly PolicyRule[]): PolicyRule[] {
  return rules.flatMap(breakdownRule).filter((r) => !owner.some((o) => ruleCovers(o, r)));
}
