import type { Finding } from '../domain/finding.js';
import { Severity } from '../domain/status.js';
import { adminPeerMatchesWorkload } from './admin-eval.js';
import { adminRef, type AdminPolicy } from './admin-policy.js';
import type { Model } from './model.js';

function subject(p: AdminPolicy): string {
  return `${p.name}[${p.kind}]`;
}

/**
 * Findings about AdminNetworkPolicies and the BaselineAdminNetworkPolicy: a subject that selects no pod (NP011)
 * and ANPs sharing a priority, whose order "is undefined" by the API (NP012).
 */
export function lintAdmin(model: Model): Finding[] {
  const findings: Finding[] = [];
  if (model.workloads.length > 0) {
    for (const p of model.adminPolicies) {
      if (model.workloads.some((w) => adminPeerMatchesWorkload(p.subject, w, model.adminContext))) continue;
      findings.push({ ruleId: 'NP011', severity: Severity.low, subject: subject(p), location: p.location, message: `${adminRef(p)}: its subject selects no pod of the input` });
    }
  }
  const anps = model.adminPolicies.filter((p) => p.kind === 'AdminNetworkPolicy');
  for (let i = 1; i < anps.length; i++) {
    const [a, b] = [anps[i - 1] as AdminPolicy, anps[i] as AdminPolicy];
    if (a.priority !== b.priority) continue;
    findings.push({
      ruleId: 'NP012', severity: Severity.medium, subject: subject(b), location: b.location,
      message: `AdminNetworkPolicies ${a.name} and ${b.name} share priority ${a.priority}: "The behavior is undefined if two ANP objects have same priority"`,
      remediation: `Give ${b.name} a priority no other AdminNetworkPolicy uses.`,
    });
  }
  return findings;
}
