import type { BenchmarkDef, CheckDef, ObjectRuleId } from '../cis/model.js';
import { addToSummary, emptySummary, type BenchResult } from '../cis/result.js';
import { Status } from '../domain/status.js';

const RBAC = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const PODS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];

/**
 * The kinds each section 5 rule reads: when one of them could not be read (403), the rule's PASS would rest on
 * missing evidence, so the check is reported as not evaluated instead.
 */
export const RULE_KINDS: Readonly<Record<ObjectRuleId, readonly string[]>> = {
  'cluster-admin-bindings': RBAC, 'secrets-access': RBAC, 'rbac-wildcards': RBAC, 'create-pods': RBAC,
  'bind-escalate-impersonate': RBAC, 'create-persistent-volumes': RBAC, 'node-proxy': RBAC, 'csr-approval': RBAC,
  'webhook-configs': RBAC, 'sa-token-create': RBAC,
  'default-service-account': ['ServiceAccount', ...RBAC], 'sa-token-mount': ['ServiceAccount', ...PODS],
  'pod-security-labels': ['Namespace'], 'namespaces-without-netpol': ['Namespace', 'NetworkPolicy'],
  'default-namespace': ['Namespace', ...PODS, 'Service', 'ServiceAccount'],
  privileged: PODS, 'host-pid': PODS, 'host-ipc': PODS, 'host-network': PODS, 'allow-privilege-escalation': PODS,
  'root-containers': PODS, 'net-raw': PODS, 'added-capabilities': PODS, 'host-process': PODS, 'host-path': PODS,
  'host-ports': PODS, 'secrets-in-env': PODS, seccomp: PODS, 'security-context': PODS,
};

/**
 * A section 5 check that PASSed although a kind it reads could not be listed (403) passed on missing evidence:
 * it becomes WARN "not evaluated". A FAIL stays: the offender it found is real.
 */
export function markUnreadable(result: BenchResult, benchmark: BenchmarkDef, unreadableKinds: readonly string[]): BenchResult {
  if (unreadableKinds.length === 0) return result;
  const unreadable = new Set(unreadableKinds);
  const defs = new Map<string, CheckDef>();
  for (const c of benchmark.controls) for (const g of c.groups) for (const d of g.checks) defs.set(d.id, d);
  const total = emptySummary();
  const controls = result.controls.map((control) => {
    const summary = emptySummary();
    const groups = control.groups.map((group) => ({
      ...group,
      checks: group.checks.map((check) => {
        const def = defs.get(check.id);
        const missing = def?.test.kind === 'objects' ? RULE_KINDS[def.test.rule].filter((k) => unreadable.has(k)) : [];
        const out = missing.length > 0 && check.status !== Status.FAIL
          ? { ...check, status: Status.WARN, verdict: 'unevaluated' as const, violations: 0, reason: `not evaluated: needs ${missing.join(', ')}, which could not be read.`, evidence: [] }
          : check;
        addToSummary(summary, out.status, out.verdict);
        addToSummary(total, out.status, out.verdict);
        return out;
      }),
    }));
    return { ...control, groups, summary };
  });
  return { ...result, controls, total };
}
