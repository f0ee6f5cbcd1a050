import type { SourceLocation } from '../domain/evidence.js';
import type { Severity } from '../domain/status.js';
import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_ROLE_BINDINGS, BOOTSTRAP_RULES, KUBEADM_CLUSTER_ROLE_BINDINGS, KUBEADM_CLUSTER_ROLES,
  KUBEADM_ROLE_BINDINGS, KUBEADM_ROLES, SHIPPED_CLUSTER_ROLES, SHIPPED_ROLES, type ShippedBinding,
} from './bootstrap.js';
import { breakdownRule } from './covers.js';
import { AUTOUPDATE, describeDiff, diffRole, grantsEscalation, grantsMore, isEmptyDiff, roleDiffSeverity, type AddedRule } from './shipped-diff.js';
import type { Binding, Role, Subject } from './types.js';

export const Shipped = { shipped: 'shipped', modified: 'modified', custom: 'custom' } as const;
export type Shipped = (typeof Shipped)[keyof typeof Shipped];

export interface ShippedVerdict {
  state: Shipped;
  /** For `modified`: what differs from the shipped object. */
  difference?: string;
  severity?: Severity;
  /** For a modified role: its rules that grant more than shipped, with where they are written. */
  added?: AddedRule[];
  /** autoupdate "false": the admin opted the object out of the API server's reconciliation. */
  optedOut?: boolean;
  /** When the object only grants less than shipped. */
  remediation?: string;
}

const RESTORE = 'Nothing grants more than shipped. On an older Kubernetes version the shipped policy is smaller; otherwise the API server restores the shipped rules and subjects at its next start (autoupdate "true"), or run: kubectl auth reconcile -f <the shipped object>.';

function optedOut(object: unknown): boolean {
  const meta = (object as { metadata?: { annotations?: Record<string, unknown> } }).metadata;
  return meta?.annotations?.[AUTOUPDATE] === 'false';
}

const verdicts = new WeakMap<Role, ShippedVerdict>();

/** Is this a role Kubernetes ships, and does it differ from the shipped one (rules, aggregationRule, aggregate labels)? */
export function roleShipped(role: Role): ShippedVerdict {
  const cached = verdicts.get(role);
  if (cached) return cached;
  const verdict = judgeRole(role);
  verdicts.set(role, verdict);
  return verdict;
}

function judgeRole(role: Role): ShippedVerdict {
  const id = `${role.namespace}/${role.name}`;
  const shipped = role.kind === 'ClusterRole' ? SHIPPED_CLUSTER_ROLES.get(role.name) : SHIPPED_ROLES.get(id);
  if (!shipped) {
    // kubeadm's objects are recognised by name (their rules are not carried).
    const kubeadm = role.kind === 'ClusterRole' ? KUBEADM_CLUSTER_ROLES.has(role.name) : KUBEADM_ROLES.has(id);
    return { state: kubeadm ? Shipped.shipped : Shipped.custom };
  }
  const diff = diffRole(role, shipped);
  if (isEmptyDiff(diff)) return { state: Shipped.shipped };
  const out = optedOut(role.source.object);
  const severity = roleDiffSeverity(role, diff, out);
  return { state: Shipped.modified, difference: describeDiff(diff), severity, added: diff.added, optedOut: out, ...(grantsMore(diff) ? {} : { remediation: RESTORE }) };
}

/** Does the shipped role a binding refers to grant escalate/bind/impersonate, Secrets or a wildcard? */
function powerfulRole(kind: string, name: string): boolean {
  if (kind !== 'ClusterRole') return false;
  if (name === 'admin' || name === 'edit') return true;
  return (BOOTSTRAP_RULES.get(name) ?? []).some((r) => breakdownRule(r).some(grantsEscalation));
}

function shippedBindingOf(binding: Binding): ShippedBinding | undefined {
  const id = `${binding.namespace}/${binding.name}`;
  return binding.kind === 'ClusterRoleBinding'
    ? BOOTSTRAP_CLUSTER_ROLE_BINDINGS.get(binding.name) ?? KUBEADM_CLUSTER_ROLE_BINDINGS.get(binding.name)
    : BOOTSTRAP_ROLE_BINDINGS.get(id) ?? KUBEADM_ROLE_BINDINGS.get(id);
}

const subjectKey = (s: Subject, namespace: string) => (s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace ?? namespace}/${s.name}` : `${s.kind}:${s.name}`);

/** Is this subject one that Kubernetes or kubeadm ships in this very binding (system:masters in cluster-admin)? */
export function isShippedSubject(binding: Binding, subject: Subject): boolean {
  const shipped = shippedBindingOf(binding);
  return shipped !== undefined && shipped.roleRef.name === binding.roleRef.name && shipped.subjects.includes(subjectKey(subject, binding.namespace));
}

/** Is this a binding Kubernetes ships, with the shipped role and subjects? */
export function bindingShipped(binding: Binding): ShippedVerdict {
  const shipped = shippedBindingOf(binding);
  if (!shipped) return { state: Shipped.custom };
  const out = optedOut(binding.source.object);
  if (shipped.roleRef.kind !== binding.roleRef.kind || shipped.roleRef.name !== binding.roleRef.name) {
    return { state: Shipped.modified, severity: 'high', optedOut: out,
      difference: `refers to ${binding.roleRef.kind} ${binding.roleRef.name}; Kubernetes ships it referring to ${shipped.roleRef.kind} ${shipped.roleRef.name}` };
  }
  const subjects = binding.subjects.map((s) => subjectKey(s, binding.namespace));
  const added = [...new Set(subjects.filter((s) => !shipped.subjects.includes(s)))].sort();
  const removed = shipped.subjects.filter((s) => !subjects.includes(s));
  if (added.length === 0 && removed.length === 0) return { state: Shipped.shipped };
  const parts = [
    ...(added.length > 0 ? [`has subjects Kubernetes does not ship: ${added.join(', ')}`] : []),
    ...(removed.length > 0 ? [`lacks shipped subjects: ${removed.join(', ')}`] : []),
  ];
  // An added subject gets the role: high for a role that escalates, medium otherwise; a removed one only grants less.
  const severity: Severity = added.length > 0 ? (powerfulRole(binding.roleRef.kind, binding.roleRef.name) ? 'high' : out ? 'info' : 'medium') : 'info';
  return { state: Shipped.modified, severity, optedOut: out, difference: parts.join('; '), ...(added.length > 0 ? {} : { remediation: RESTORE }) };
}

/** Where a finding about a modified role points: its first added rule, else the role. */
export function diffLocation(role: Role, verdict: ShippedVerdict): SourceLocation {
  return verdict.added?.[0]?.rule.location ?? role.source.location;
}
