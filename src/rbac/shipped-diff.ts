import { isRecord } from '../domain/guards.js';
import type { Severity } from '../domain/status.js';
import type { ShippedRole } from './bootstrap-types.js';
import { breakdownRule, ruleCovers } from './covers.js';
import type { LocatedRule, PolicyRule, Role } from './types.js';

/** The annotation with which an admin opts a shipped object out of the API server's start-up reconciliation. */
export const AUTOUPDATE = 'rbac.authorization.kubernetes.io/autoupdate';
const AGGREGATE_LABEL = 'rbac.authorization.k8s.io/aggregate-to-';

/** A rule of the input that grants what the shipped role does not (the broken-down pieces that no shipped rule covers). */
export interface AddedRule {
  rule: LocatedRule;
  pieces: PolicyRule[];
}

/**
 * What `rules` grant that no rule of `owner` covers: the broken-down rules, each with only the verbs not covered
 * (so a rule that lost `watch` shows as `watch`, not as the whole rule).
 */
function beyond(owner: readonly PolicyRule[], rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const piece of rules.flatMap(breakdownRule)) {
    if (owner.some((o) => ruleCovers(o, piece))) continue;
    const verbs = piece.verbs.filter((v) => !owner.some((o) => ruleCovers(o, { ...piece, verbs: [v] })));
    out.push({ ...piece, verbs: verbs.length > 0 ? verbs : piece.verbs });
  }
  return out;
}

export interface RoleDiff {
  added: AddedRule[];
  /** Shipped rules (default feature gates) that the input's rules do not cover. */
  removed: PolicyRule[];
  /** `+selector` / `-selector` of an aggregated role's aggregationRule. */
  selectorsAdded: string[];
  selectorsRemoved: string[];
  /** aggregate-to-* labels added or removed: they carry the role's rules into admin, edit or view. */
  labelsAdded: string[];
  labelsRemoved: string[];
}

/** Does this broken-down rule grant a path to more rights: escalate/bind/impersonate, Secrets, or a wildcard? */
export function grantsEscalation(r: PolicyRule): boolean {
  const verbs = ['*', 'escalate', 'bind', 'impersonate'];
  return r.verbs.some((v) => verbs.includes(v)) || r.apiGroups.includes('*') || r.nonResourceURLs.includes('*')
    || r.resources.some((x) => x === '*' || x.startsWith('*/') || x === 'secrets');
}

/** A label selector in a canonical form (matchLabels sorted, matchExpressions values sorted) for set comparison. */
function canonicalSelector(s: unknown): string {
  if (!isRecord(s)) return JSON.stringify(s);
  const labels = isRecord(s.matchLabels) ? Object.entries(s.matchLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  const exprs = Array.isArray(s.matchExpressions)
    ? s.matchExpressions.map((e) => (isRecord(e) ? { key: e.key, operator: e.operator, values: Array.isArray(e.values) ? [...e.values].map(String).sort() : [] } : e)).map((e) => JSON.stringify(e)).sort()
    : [];
  const parts = [...labels.map(([k, v]) => `${k}=${String(v)}`), ...exprs];
  return parts.length === 0 ? '{} (every ClusterRole)' : parts.join(',');
}

function selectorsOf(object: Record<string, unknown>): string[] | undefined {
  const rule = object.aggregationRule;
  if (!isRecord(rule)) return undefined;
  return Array.isArray(rule.clusterRoleSelectors) ? rule.clusterRoleSelectors.map(canonicalSelector) : [];
}

/**
 * Compares a role of the input with the shipped one as the authorizer reads them: rules as sets of grants (broken
 * down to one group × resource × name, or one URL, each with its verbs), order-insensitive. The rules of an
 * aggregated role (admin, edit, view) are written by the aggregation controller, so its aggregationRule is compared
 * instead. A rule counts as added only if no rule of the role with every feature gate on covers it.
 */
export function diffRole(role: Role, shipped: ShippedRole): RoleDiff {
  const diff: RoleDiff = { added: [], removed: [], selectorsAdded: [], selectorsRemoved: [], labelsAdded: [], labelsRemoved: [] };
  const inputSelectors = selectorsOf(role.source.object as Record<string, unknown>);
  if (shipped.aggregationRule !== undefined) {
    const want = shipped.aggregationRule.map(canonicalSelector);
    const have = inputSelectors ?? [];
    diff.selectorsAdded = [...new Set(have.filter((s) => !want.includes(s)))].sort();
    diff.selectorsRemoved = want.filter((s) => !have.includes(s));
  } else {
    if (inputSelectors !== undefined) diff.selectorsAdded = inputSelectors.length > 0 ? inputSelectors : ['aggregationRule'];
    const allowed = shipped.gatedRules ?? shipped.rules;
    for (const rule of role.rules) {
      const pieces = beyond(allowed, [rule.rule]);
      if (pieces.length > 0) diff.added.push({ rule, pieces });
    }
    diff.removed = beyond(role.rules.map((r) => r.rule), shipped.rules);
  }
  const aggregateLabels = (labels: Readonly<Record<string, string>>) => Object.entries(labels).filter(([k, v]) => k.startsWith(AGGREGATE_LABEL) && v === 'true').map(([k]) => k).sort();
  const want = aggregateLabels(shipped.labels);
  const have = aggregateLabels(role.labels);
  diff.labelsAdded = have.filter((l) => !want.includes(l));
  diff.labelsRemoved = want.filter((l) => !have.includes(l));
  return diff;
}

export function grantsMore(d: RoleDiff): boolean {
  return d.added.length + d.selectorsAdded.length + d.labelsAdded.length > 0;
}

export function isEmptyDiff(d: RoleDiff): boolean {
  return d.added.length + d.removed.length + d.selectorsAdded.length + d.selectorsRemoved.length + d.labelsAdded.length + d.labelsRemoved.length === 0;
}

/**
 * high when the difference grants more through escalate/bind/impersonate, Secrets or a wildcard (an added selector
 * can pull any ClusterRole, cluster-admin included, into everyone bound to the role); medium when it grants more
 * otherwise; info when it only grants less: the API server restores missing shipped rules at its next start, and
 * an older Kubernetes version simply ships fewer. An object opted out of reconciliation (autoupdate "false") is an
 * admin's decision: info, unless the difference is high.
 */
export function roleDiffSeverity(role: Role, d: RoleDiff, optedOut: boolean): Severity {
  const escalates = d.selectorsAdded.length > 0 || d.added.some((a) => a.pieces.some(grantsEscalation))
    || (d.labelsAdded.length > 0 && role.rules.some((r) => breakdownRule(r.rule).some(grantsEscalation)));
  if (escalates) return 'high';
  if (optedOut) return 'info';
  return grantsMore(d) ? 'medium' : 'info';
}

export function describeRule(r: PolicyRule): string {
  if (r.nonResourceURLs.length > 0) return `${r.verbs.join(',')} ${r.nonResourceURLs.join(',')}`;
  const names = r.resourceNames.length > 0 ? ` [${r.resourceNames.join(',')}]` : '';
  const groups = r.apiGroups.map((g) => (g === '' ? '""' : g)).join(',');
  return `${r.verbs.join(',')} ${r.resources.join(',')} (apiGroups ${groups})${names}`;
}

const where = (r: LocatedRule) => `${r.location.file}${r.location.line !== undefined ? `:${r.location.line}` : ''}`;

/** One sentence naming every added and removed rule, selector and label. */
export function describeDiff(d: RoleDiff): string {
  const parts: string[] = [];
  if (d.added.length > 0) parts.push(`adds ${d.added.map((a) => `rules[${a.rule.index}] (${where(a.rule)}) ${a.pieces.map(describeRule).join('; ')}`).join('; ')}`);
  if (d.selectorsAdded.length > 0) parts.push(`adds aggregationRule selector(s) ${d.selectorsAdded.join(' | ')}`);
  if (d.labelsAdded.length > 0) parts.push(`adds label(s) ${d.labelsAdded.map((l) => `${l}=true`).join(', ')}, carrying its rules into that role`);
  if (d.removed.length > 0) parts.push(`lacks shipped rule(s) ${d.removed.map(describeRule).join('; ')}`);
  if (d.selectorsRemoved.length > 0) parts.push(`lacks shipped aggregationRule selector(s) ${d.selectorsRemoved.join(' | ')}`);
  if (d.labelsRemoved.length > 0) parts.push(`lacks shipped label(s) ${d.labelsRemoved.join(', ')}`);
  return parts.join('; ');
}
