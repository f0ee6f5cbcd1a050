import type { Evidence, SourceLocation } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import type { Severity } from '../domain/status.js';
import { sortFindings } from '../report/findings.js';
import { roleOf, subjectLabel } from './authorize.js';
import { BOOTSTRAP_SOURCE, KUBEADM_SOURCE } from './bootstrap.js';
import { bindingShipped, diffLocation, isShippedSubject, roleShipped, Shipped } from './builtin.js';
import { DANGEROUS_RIGHTS, SECRET_READ, type Probe } from './checks.js';
import { ruleAllows, ruleAllowsSomeName } from './match.js';
import { RBAC_RULE_IDS as ID } from './rule-ids.js';
import { RBAC_RULES } from './rules.js';
import { roleLabel, type Binding, type LocatedRule, type RbacModel, type RequestAttributes, type Role, type Subject } from './types.js';
import { ALL_UNAUTHENTICATED, ANONYMOUS } from './user.js';

const severityOf = (ruleId: string): Severity => RBAC_RULES.find((r) => r.id === ruleId)?.severity ?? 'medium';

/** `<namespace>/<name>[<Kind>]`, the subject form of every Finding. */
export function objectSubject(kind: string, namespace: string, name: string): string {
  return `${namespace === '' ? '' : `${namespace}/`}${name}[${kind}]`;
}

/**
 * system:masters is allowed before RBAC is asked, so binding it grants nothing more; a subject that Kubernetes or
 * kubeadm ships in this binding is not the owner's doing. Any other subject, a `system:` name included (a
 * look-alike group such as system:admins is no component of Kubernetes), is reported.
 */
const isExpected = (binding: Binding, s: Subject): boolean => (s.kind === 'Group' && s.name === 'system:masters') || isShippedSubject(binding, s);

function scopeText(binding: Binding): string {
  return binding.kind === 'ClusterRoleBinding' ? 'cluster-wide' : `in namespace ${binding.namespace}`;
}

function grantText(binding: Binding, role: Role, rule: LocatedRule): string {
  const own = rule.roleName === roleLabel(role.kind, role.namespace, role.name);
  return `${roleLabel(binding.kind, binding.namespace, binding.name)} -> ${roleLabel(role.kind, role.namespace, role.name)}${own ? '' : ` (aggregated from ${rule.roleName})`} rule ${rule.index}`;
}

function evidenceOf(binding: Binding, rule?: LocatedRule): Evidence[] {
  const out: Evidence[] = [{ subject: `${roleLabel(binding.kind, binding.namespace, binding.name)} roleRef`, value: `${binding.roleRef.kind} ${binding.roleRef.name}`, source: 'object', location: binding.roleRefLocation }];
  if (rule) out.push({ subject: `${rule.roleName} rules[${rule.index}]`, value: JSON.stringify(rule.rule), source: 'object', location: rule.location });
  return out;
}

/** Probes with an empty namespace: rule matching never reads it (the binding decides the scope). */
const asked = new WeakMap<readonly Probe[], RequestAttributes[]>();
function attrsOf(probes: readonly Probe[]): RequestAttributes[] {
  let out = asked.get(probes);
  if (!out) {
    out = probes.map((p) => ({ ...p, namespace: '' }));
    asked.set(probes, out);
  }
  return out;
}

/** The verbs of `probes` that some rule of the role grants, and the first rule that does. */
function granted(role: Role, probes: readonly Probe[], someName: boolean): { probes: RequestAttributes[]; rule?: LocatedRule } {
  const hits: RequestAttributes[] = [];
  let first: LocatedRule | undefined;
  const allows = someName ? ruleAllowsSomeName : ruleAllows;
  for (const attrs of attrsOf(probes)) {
    const rule = role.rules.find((r) => allows(attrs, r.rule));
    if (rule) {
      hits.push(attrs);
      first ??= rule;
    }
  }
  return first ? { probes: hits, rule: first } : { probes: hits };
}

function bindingFindings(model: RbacModel, binding: Binding): Finding[] {
  const role = roleOf(model, binding);
  const out: Finding[] = [];
  const refLabel = role ? roleLabel(role.kind, role.namespace, role.name) : `${binding.roleRef.kind} ${binding.roleRef.name}`;
  const bLabel = roleLabel(binding.kind, binding.namespace, binding.name);
  const subject = objectSubject(binding.kind, binding.namespace, binding.name);
  const who = (subjects: readonly Subject[]) => subjects.map((s) => subjectLabel(s, binding.namespace)).join(', ');
  const add = (ruleId: string, message: string, location: SourceLocation, rule: LocatedRule | undefined, remediation?: string, severity?: Severity) =>
    out.push({ ruleId, severity: severity ?? severityOf(ruleId), message, subject, location, evidence: evidenceOf(binding, rule), ...(remediation ? { remediation } : {}) });

  const anonymous = binding.subjects.filter((s) => (s.kind === 'User' && s.name === ANONYMOUS) || (s.kind === 'Group' && s.name === ALL_UNAUTHENTICATED));
  if (anonymous.length > 0) {
    add(ID.anonymous, `${bLabel} grants ${refLabel} to ${who(anonymous)}: anyone who reaches the API server has it ${scopeText(binding)}`, anonymous[0]?.location ?? binding.location, undefined);
  }
  const defaults = binding.subjects.filter((s) => s.kind === 'ServiceAccount' && s.name === 'default');
  if (defaults.length > 0) {
    add(ID.defaultServiceAccount, `${bLabel} grants ${refLabel} to ${who(defaults)}: every pod of that namespace without its own serviceAccountName gets it`, defaults[0]?.location ?? binding.location, undefined);
  }
  // cluster-admin exists in every cluster: a binding to it is reported even when the dump leaves the role out.
  if (binding.roleRef.kind === 'ClusterRole' && binding.roleRef.name === 'cluster-admin') {
    const subjects = binding.subjects.filter((s) => !isExpected(binding, s));
    if (subjects.length > 0) {
      add(ID.clusterAdmin, `${bLabel} binds cluster-admin to ${who(subjects)}: full control ${binding.kind === 'ClusterRoleBinding' ? 'of the cluster' : `of namespace ${binding.namespace}`}, every Secret included`, binding.roleRefLocation, undefined,
        `Bind ${who(subjects)} to a role with only what it needs, then: kubectl delete ${binding.kind.toLowerCase()} ${binding.kind === 'RoleBinding' ? `-n ${binding.namespace} ` : ''}${binding.name}`);
    }
    return out; // cluster-admin holds every right below; one finding says it.
  }
  if (!role) return out;
  if (binding.subjects.length === 0) return out;
  const namespace = binding.namespace;
  const secrets = granted(role, SECRET_READ, false);
  if (secrets.rule) {
    const verbs = secrets.probes.map((p) => p.verb).join(', ');
    const clusterWide = binding.kind === 'ClusterRoleBinding';
    add(ID.secretsClusterWide, `${who(binding.subjects)} can read every Secret ${clusterWide ? 'in the cluster' : `in namespace ${namespace}`} (${verbs} secrets) through ${grantText(binding, role, secrets.rule)}`,
      secrets.rule.location, secrets.rule, undefined, clusterWide ? 'high' : 'medium');
  }
  for (const right of DANGEROUS_RIGHTS) {
    if (right.namespace !== undefined && binding.kind === 'RoleBinding' && binding.namespace !== right.namespace) continue;
    const hit = granted(role, right.probes, true);
    if (!hit.rule) continue;
    add(right.ruleId, `${who(binding.subjects)} can ${right.label} ${right.namespace ? '' : `${scopeText(binding)} `}through ${grantText(binding, role, hit.rule)}`.replace('  ', ' '), hit.rule.location, hit.rule);
  }
  return out;
}

function wildcardFindings(role: Role): Finding[] {
  return role.rules.filter((r) => r.roleName === roleLabel(role.kind, role.namespace, role.name)).flatMap((r) => {
    const fields = (['verbs', 'apiGroups', 'resources', 'nonResourceURLs'] as const).filter((f) => r.rule[f].includes('*'));
    if (fields.length === 0) return [];
    const core = r.rule.resources.includes('*') && (r.rule.apiGroups.includes('*') || r.rule.apiGroups.includes(''));
    const writes = r.rule.verbs.includes('*') || r.rule.verbs.includes('create');
    const reads = core ? (writes ? ', Secrets and pods/exec included' : ', Secrets included') : '';
    return [{
      ruleId: ID.wildcard, severity: severityOf(ID.wildcard), subject: objectSubject(role.kind, role.namespace, role.name), location: r.location,
      message: `${r.roleName} rule ${r.index} uses "*" in ${fields.join(', ')}: it grants ${r.rule.verbs.join(', ')} on ${r.rule.nonResourceURLs.length > 0 ? `URLs ${r.rule.nonResourceURLs.join(', ')}` : 'every matching resource and subresource'}${reads}`,
      evidence: [{ subject: `${r.roleName} rules[${r.index}]`, value: JSON.stringify(r.rule), source: 'object', location: r.location }],
    } satisfies Finding];
  });
}

const AGGREGATE_LABELS: readonly [string, string][] = [
  ['rbac.authorization.k8s.io/aggregate-to-view', 'view'], ['rbac.authorization.k8s.io/aggregate-to-edit', 'edit'], ['rbac.authorization.k8s.io/aggregate-to-admin', 'admin'],
];

/**
 * A role labelled aggregate-to-view/edit/admin adds its rules to those shipped roles (through the aggregation
 * controller) and so to everyone bound to them. Operators do it for their custom resources (low); doing it with
 * Secrets or wildcards hands them to every viewer (high).
 */
function aggregatesIntoBuiltIn(role: Role): Finding[] {
  if (role.kind !== 'ClusterRole') return [];
  const into = AGGREGATE_LABELS.filter(([label]) => role.labels[label] === 'true').map(([, name]) => name);
  if (into.length === 0) return [];
  const rules = role.rules.map((r) => r.rule);
  const dangerous = rules.some((r) => r.resources.includes('*') || r.verbs.includes('*')) || attrsOf(SECRET_READ).some((a) => rules.some((r) => ruleAllows(a, r)));
  return [{
    ruleId: ID.builtInModified, severity: dangerous ? 'high' : 'low', subject: objectSubject(role.kind, role.namespace, role.name), location: role.source.locate(['metadata', 'labels']) ?? role.source.location,
    message: `ClusterRole ${role.name} aggregates into the built-in ${into.join(', ')} ClusterRole(s): every subject bound to them gets its rules${dangerous ? ', which include Secrets or wildcards' : ''}`,
  }];
}

/** Every RBAC finding of the input, sorted. Built-in objects are skipped unless they differ from what Kubernetes ships. */
export function rbacFindings(model: RbacModel): Finding[] {
  return sortFindings(collect(model).map((f) => (f.remediation ? f : { ...f, remediation: RBAC_RULES.find((r) => r.id === f.ruleId)?.remediation ?? '' })));
}

function collect(model: RbacModel): Finding[] {
  const out: Finding[] = model.problems.map((p) => ({ ruleId: p.ruleId, severity: severityOf(p.ruleId), message: p.message, subject: p.subject, location: p.location }));
  for (const role of model.roles) {
    const verdict = roleShipped(role);
    if (verdict.state === Shipped.shipped) continue;
    if (verdict.state === Shipped.modified) {
      // The shipped rules are not the owner's doing: the finding names what was added or removed, nothing else.
      out.push({ ruleId: ID.builtInModified, severity: verdict.severity ?? severityOf(ID.builtInModified), subject: objectSubject(role.kind, role.namespace, role.name), location: diffLocation(role, verdict),
        message: `${roleLabel(role.kind, role.namespace, role.name)} is a role Kubernetes ships (${BOOTSTRAP_SOURCE}) but ${verdict.difference ?? 'differs'}${verdict.optedOut ? ' (autoupdate "false": opted out of the API server\'s reconciliation)' : ''}`,
        evidence: (verdict.added ?? []).map((a) => ({ subject: `${a.rule.roleName} rules[${a.rule.index}]`, value: JSON.stringify(a.rule.rule), source: 'object', location: a.rule.location })),
        ...(verdict.remediation ? { remediation: verdict.remediation } : {}) });
      continue;
    }
    out.push(...wildcardFindings(role));
    out.push(...aggregatesIntoBuiltIn(role));
  }
  for (const binding of model.bindings) {
    const verdict = bindingShipped(binding);
    if (verdict.state === Shipped.shipped) continue;
    if (verdict.state === Shipped.modified) {
      out.push({ ruleId: ID.builtInModified, severity: verdict.severity ?? severityOf(ID.builtInModified), subject: objectSubject(binding.kind, binding.namespace, binding.name), location: binding.location,
        message: `${roleLabel(binding.kind, binding.namespace, binding.name)} is a binding Kubernetes or kubeadm creates (${BOOTSTRAP_SOURCE}; ${KUBEADM_SOURCE}) but ${verdict.difference ?? 'differs'}${verdict.optedOut ? ' (autoupdate "false": opted out of the API server\'s reconciliation)' : ''}`, evidence: evidenceOf(binding),
        ...(verdict.remediation ? { remediation: verdict.remediation } : {}) });
    }
    out.push(...bindingFindings(model, binding));
  }
  return out;
}
