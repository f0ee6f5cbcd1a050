import { formatLocation } from '../domain/evidence.js';
import { authorize, bindingsFor, grantPath, roleOf, rulesFor, subjectLabel, whoCan, type Decision, type Grant } from './authorize.js';
import { SECRET_READ } from './checks.js';
import { describeRequest } from './can-i.js';
import { ruleAllows } from './match.js';
import type { RbacModel, RequestAttributes, UserInfo } from './types.js';

export interface CanIAnswer {
  user: UserInfo;
  request: RequestAttributes;
  decision: Decision;
  /** Set when the user can list or get every Secret in the cluster: the path that grants it. */
  readsAllSecrets?: string;
}

/** Can this user read every Secret of the cluster (get, list or watch through a ClusterRoleBinding)? */
export function secretsReadPath(model: RbacModel, user: UserInfo): string | undefined {
  const verbs: string[] = [];
  let first: Grant | undefined;
  for (const probe of SECRET_READ) {
    const grant = authorize(model, user, { ...probe, namespace: '' }).grants[0];
    if (!grant) continue;
    verbs.push(probe.verb);
    first ??= grant;
  }
  return first ? `${verbs.join(', ')} secrets through ${grantPath(first)} (${formatLocation(first.rule.location)})` : undefined;
}

export function canI(model: RbacModel, user: UserInfo, request: RequestAttributes): CanIAnswer {
  const decision = authorize(model, user, request);
  const secrets = secretsReadPath(model, user);
  return { user, request, decision, ...(secrets ? { readsAllSecrets: secrets } : {}) };
}

function grantLines(g: Grant): string[] {
  return [
    `  granted by ${grantPath(g)}`,
    `    rule     ${formatLocation(g.rule.location)}  ${JSON.stringify(g.rule.rule)}`,
    `    binding  ${formatLocation(g.binding.roleRefLocation)}`,
    `    subject  ${subjectLabel(g.subject, g.binding.namespace)} (${formatLocation(g.subject.location)})`,
  ];
}

/** `yes` or `no` on the first line, as kubectl prints it; then why, indented. */
export function canIText(a: CanIAnswer): string {
  const lines = [a.decision.allowed ? 'yes' : 'no'];
  lines.push(`  ${a.user.name} (groups ${a.user.groups.join(', ') || 'none'}) asks: ${describeRequest(a.request)}`);
  if (a.decision.privilegedGroup) lines.push(`  allowed before RBAC: members of ${a.decision.privilegedGroup} bypass authorization`);
  for (const g of a.decision.grants) lines.push(...grantLines(g));
  if (!a.decision.allowed) lines.push('  no binding of the input grants it (RBAC denies by default)');
  if (a.readsAllSecrets) lines.push(`  warning: ${a.user.name} can read every Secret in the cluster: ${a.readsAllSecrets}`);
  return `${lines.join('\n')}\n`;
}

export function canIJson(a: CanIAnswer): string {
  return `${JSON.stringify({
    allowed: a.decision.allowed, user: a.user, request: a.request, privilegedGroup: a.decision.privilegedGroup,
    grants: a.decision.grants.map((g) => ({ path: grantPath(g), rule: g.rule.rule, ruleLocation: g.rule.location, binding: g.binding.name, bindingKind: g.binding.kind, bindingNamespace: g.binding.namespace || undefined, subject: subjectLabel(g.subject, g.binding.namespace) })),
    readsAllSecrets: a.readsAllSecrets,
  }, null, 2)}\n`;
}

export function listRules(model: RbacModel, user: UserInfo, namespace: string) {
  return rulesFor(model, user, namespace);
}

export function whoCanText(model: RbacModel, request: RequestAttributes): string {
  const grants = whoCan(model, request);
  const lines = [`who can ${describeRequest(request)}:`];
  lines.push('  Group system:masters (bypasses authorization)');
  const rows = grants.map((g) => [subjectLabel(g.subject, g.binding.namespace), `${grantPath(g)} (${formatLocation(g.rule.location)})`] as const);
  const width = Math.max(0, ...rows.map(([s]) => s.length));
  for (const [s, via] of rows) lines.push(`  ${s.padEnd(width)}  via ${via}`);
  if (rows.length === 0) lines.push('  no binding of the input grants it');
  return `${lines.join('\n')}\n`;
}

export function whoCanJson(model: RbacModel, request: RequestAttributes): string {
  const grants = whoCan(model, request).map((g) => ({ subject: subjectLabel(g.subject, g.binding.namespace), path: grantPath(g), ruleLocation: g.rule.location }));
  return `${JSON.stringify({ request, privilegedGroups: ['system:masters'], grants }, null, 2)}\n`;
}

/** Bindings whose role grants the request in the given scope, for callers that need the objects (gui privilege). */
export function grantingBindings(model: RbacModel, request: RequestAttributes) {
  return bindingsFor(model, request.namespace).filter((b) => roleOf(model, b)?.rules.some((r) => ruleAllows(request, r.rule)));
}
