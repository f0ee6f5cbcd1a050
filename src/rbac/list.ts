import { printable } from '../domain/printable.js';
import { breakdownRule } from './covers.js';
import type { PolicyRule } from './types.js';

/**
 * `kubectl auth can-i --list`: the rules broken down (BreakdownRule), simple resource rules with the same group,
 * resource and name merged (CompactRules), sorted by the Go text of the rule (SortableRuleSlice), printed through
 * a tabwriter (minwidth 10, padding 3) as Resources / Non-Resource URLs / Resource Names / Verbs.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const simple = new Map<string, { verbs: string[]; rule: PolicyRule }>();
  const compacted: PolicyRule[] = [];
  for (const rule of rules.flatMap(breakdownRule)) {
    const isSimple = rule.apiGroups.length === 1 && rule.resources.length === 1 && rule.nonResourceURLs.length === 0 && rule.resourceNames.length <= 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups[0], rule.resources[0], rule.resourceNames.length === 1, rule.resourceNames[0] ?? '']);
    const existing = simple.get(key);
    if (existing) {
      for (const v of rule.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
    } else {
      simple.set(key, { verbs: [...rule.verbs], rule });
    }
  }
  for (const { verbs, rule } of simple.values()) compacted.push({ ...rule, verbs });
  return compacted.sort((a, b) => (goString(a) < goString(b) ? -1 : goString(a) > goString(b) ? 1 : 0));
}

const goList = (xs: readonly string[]): string => `[${xs.join(' ')}]`;

/** The String() of a generated rbacv1.PolicyRule, which kubectl sorts by. */
function goString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup: `resource.group/subresource` of the first resource and group. */
function combineResourceGroup(resources: readonly string[], groups: readonly string[]): string {
  const first = resources[0];
  if (first === undefined) return '';
  const [base, sub] = first.split(/\/(.*)/s);
  let out = base ?? '';
  if (groups[0]) out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

export function tabwrite(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 10, cell.length + 3); });
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 10) : cell)).join('').trimEnd()).join('\n') + (rows.length > 0 ? '\n' : '');
}

export function listTable(rules: readonly PolicyRule[], headers = true): string {
  const rows: string[][] = headers ? [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']] : [];
  // Cells are escaped before the columns are measured, so hostile resource names neither reach the terminal nor skew it.
  for (const r of compactRules(rules)) rows.push([combineResourceGroup(r.resources, r.apiGroups), goList(r.nonResourceURLs), goList(r.resourceNames), goList(r.verbs)].map(printable));
  return tabwrite(rows);
}
