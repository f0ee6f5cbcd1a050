/** metav1.LabelSelector as NetworkPolicies spell it. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type Labels = Readonly<Record<string, string>>;

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/**
 * Problems that make the API server reject a selector: an unknown operator; `In`/`NotIn` without values;
 * `Exists`/`DoesNotExist` with values. Each message names the field path relative to the selector.
 */
export function selectorProblems(value: unknown): { path: (string | number)[]; message: string }[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [{ path: [], message: 'label selector must be an object' }];
  const sel = value as Record<string, unknown>;
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (sel.matchLabels !== undefined) {
    const ml = sel.matchLabels;
    if (typeof ml !== 'object' || ml === null || Array.isArray(ml) || Object.values(ml).some((v) => typeof v !== 'string')) {
      problems.push({ path: ['matchLabels'], message: 'matchLabels must map label keys to string values' });
    }
  }
  if (sel.matchExpressions !== undefined) {
    if (!Array.isArray(sel.matchExpressions)) return [...problems, { path: ['matchExpressions'], message: 'matchExpressions must be a list' }];
    sel.matchExpressions.forEach((expr: unknown, i) => {
      const e = (expr ?? {}) as Record<string, unknown>;
      const path = ['matchExpressions', i];
      if (typeof e.key !== 'string' || e.key === '') problems.push({ path, message: 'matchExpressions key is required' });
      if (!(OPERATORS as readonly unknown[]).includes(e.operator)) {
        problems.push({ path: [...path, 'operator'], message: `invalid label selector operator ${JSON.stringify(e.operator)} (valid: ${OPERATORS.join(', ')})` });
        return;
      }
      const values = e.values;
      const count = Array.isArray(values) ? values.length : 0;
      if (values !== undefined && (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))) {
        problems.push({ path: [...path, 'values'], message: 'values must be a list of strings' });
      } else if ((e.operator === 'In' || e.operator === 'NotIn') && count === 0) {
        problems.push({ path, message: `operator ${e.operator} needs at least one value` });
      } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && count > 0) {
        problems.push({ path: [...path, 'values'], message: `operator ${e.operator} takes no values` });
      }
    });
  }
  return problems;
}

/**
 * The requirements of a selector are ANDed. "An empty label selector matches all objects"
 * (metav1.LabelSelector); `NotIn` and `DoesNotExist` also match objects without the key.
 */
export function matchesSelector(sel: LabelSelector, labels: Labels): boolean {
  if (sel.matchLabels) {
    for (const key in sel.matchLabels) if (labels[key] !== sel.matchLabels[key]) return false;
  }
  for (const expr of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    const value = labels[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** Canonical text of a selector, for display and as a key. */
export function selectorText(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${[...(e.values ?? [])].sort().join(',')})`);
  }
  return parts.length === 0 ? '{}' : parts.join(',');
}
