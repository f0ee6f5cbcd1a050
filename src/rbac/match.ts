import type { PolicyRule, RequestAttributes } from './types.js';

/*
 * Rule matching exactly as k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac (RuleAllows) and
 * pkg/apis/rbac/v1 helpers (VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches,
 * NonResourceURLMatches) do it.
 */

export const VERB_ALL = '*';
export const API_GROUP_ALL = '*';
export const RESOURCE_ALL = '*';
export const NON_RESOURCE_ALL = '*';

/** `*` in verbs matches every verb, including verbs Kubernetes does not define. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === VERB_ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === API_GROUP_ALL || g === group);
}

/**
 * `*` matches every resource and every subresource; `pods` matches only the pods resource, not `pods/exec`;
 * `pods/exec` matches the subresource; `* /exec` (without the space) matches the exec subresource of any resource.
 * `combined` is `resource/subresource` (or just `resource`).
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === RESOURCE_ALL || r === combined) return true;
    if (subresource === '') continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** An empty resourceNames list matches every name (and requests without a name: list, watch, create). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

/** `*` matches every path; a trailing `*` is a prefix match (all trailing stars are trimmed, as strings.TrimRight does). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs) {
    if (url === NON_RESOURCE_ALL || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function combinedResource(attrs: Pick<RequestAttributes, 'resource' | 'subresource'>): string {
  return attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
}

/** RuleAllows: a resource rule never grants a non-resource URL and vice versa. */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (attrs.resourceRequest) {
    return verbMatches(rule, attrs.verb)
      && apiGroupMatches(rule, attrs.apiGroup)
      && resourceMatches(rule, combinedResource(attrs), attrs.subresource)
      && resourceNameMatches(rule, attrs.name);
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

/**
 * Does the rule grant the request for at least one object name? Used by findings ("can read some Secrets"):
 * a rule with resourceNames still grants get on those names, though never list or watch of the collection.
 */
export function ruleAllowsSomeName(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!attrs.resourceRequest || rule.resourceNames.length === 0) return ruleAllows(attrs, rule);
  const name = rule.resourceNames[0] as string;
  return ruleAllows({ ...attrs, name }, rule);
}
