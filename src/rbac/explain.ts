import { formatLocation } from '../domain/evidence.js';
import { printable, printableJson } from '../domain/printable.js';
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

/** Names, rules and paths come from the input: each value is escaped (printable) so none reaches the terminal raw. */
function grantLines(g: Grant): string[] {
  return [
    `  granted by ${printable(grantPath(g))}`,
    `    rule     ${printable(formatLocation(g.rule.location))}  ${printableJson(JSON.stringify(g.rule.rule))}`,
    `    binding  ${printable(formatLocation(g.binding.roleRefLocation))}`,
    `    subject  ${printable(subjectLabel(g.subject, g.binding.namespace))} (${printable(formatLocation(g.subject.location))})`,
  ];
}

/** `yes` or `no` on the first line, as kubectl prints it; then why, indented. */
export function canIText(a: CanIAnswer): string {
  const lines = [a.decision.allowed ? 'yes' : 'no'];
  lines.push(`  ${printable(a.user.name)} (groups ${printable(a.user.groups.join(', ')) || 'none'}) asks: ${printable(describeRequest(a.request))}`);
  if (a.decision.privilegedGroup) lines.push(`  allowed before RBAC: members of ${printable(a.decision.privilegedGroup)} bypass authorization`);
  for (const g of a.decision.grants) lines.push(...grantLines(g));
  if (!a.decision.allowed) lines.push('  no binding of the input grants it (RBAC denies by default)');
  if (a.readsAllSecrets) lines.push(`  warning: ${printable(a.user.name)} can read every Secret in the cluster: ${printable(a.readsAllSecrets)}`);
  return `${lines.join('\n')}\n`;
}

export function canIJson(a: CanIAnswer): string {
  return `${printableJson(JSON.stringify({
    allowed: a.decision.allowed, user: a.user, request: a.request, privilegedGroup: a.decision.privilegedGroup,
    grants: a.decision.grants.map((g) => ({ path: grantPath(g), rule: g.rule.rule, ruleLocation: g.rule.location, binding: g.binding.name, bindingKind: g.binding.kind, bindingNamespace: g.binding.namespace || undefined, subject: subjectLabel(g.subject, g.binding.namespace) })),
    readsAllSecrets: a.readsAllSecrets,
  }, null, 2))}\n`;
}

export function listRules(model: RbacModel, user: UserInfo, namespace: string) {
  return rulesFor(model, user, namespace);
}

export function whoCanText(model: RbacModel, request: RequestAttributes): string {
  const grants = whoCan(model, request);
  const lines = [`who can ${printable(describeRequest(request))}:`];
  lines.push('  Group system:masters (bypasses authorization)');
  const rows = grants.map((g) => [printable(subjectLabel(g.subject, g.binding.namespace)), printable(`${grantPath(g)} (${formatLocation(g.rule.location)})`)] as const);
  const width = Math.max(0, ...rows.map(([s]) => s.length));
  for (const [s, via] of rows) lines.push(`  ${s.padEnd(width)}  via ${via}`);
  if (rows.length === 0) lines.push('  no binding of the input grants it');
  return `${lines.join('\n')}\n`;
}

export function whoCanJson(model: RbacModel, request: RequestAttributes): string {
  const grants = whoCan(model, request).map((g) => ({ subject: subjectLabel(g.subject, g.binding.namespace), path: grantPath(g), ruleLocation: g.rule.location }));
  return `${printableJson(JSON.stringify({ request, privilegedGroups: ['system:masters'], grants }, null, 2))}\n`;
}

/** Bindings whose role grants the request in the given scope, for callers that need the objects (gui privilege). */
export function grantingBindings(model: RbacModel, request: RequestAttributes) {
  return bindingsFor(model, request.namespace).filter((b) => roleOf(model, b)?.rules.some((r) => ruleAllows(request, r.rule)));
}
