import type { Evidence } from '../../domain/evidence.js';
import { formatLocation, type SourceLocation } from '../../domain/evidence.js';
import type { ComponentName, NodeFacts } from '../../domain/node-facts.js';

/**
 * The verdict of one test before the benchmark's classification is applied:
 * `fail` becomes FAIL for scored checks and WARN for unscored ones (as kube-bench does).
 */
export interface Outcome {
  verdict: 'pass' | 'fail' | 'warn' | 'info';
  reason: string;
  evidence: Evidence[];
  /** Objects or settings found breaking the rule, when more than one can (section 5); a fail counts 1 otherwise. */
  violations?: number;
  /** The remediation made concrete for this node (the actual paths), appended to the benchmark's. */
  fix?: string;
}

/** Components kube-bench treats as optional: their absence means the check does not apply. */
const OPTIONAL: ReadonlySet<ComponentName> = new Set(['kube-proxy', 'etcd']);

const MANIFESTS: Partial<Record<ComponentName, string>> = {
  'kube-apiserver': '/etc/kubernetes/manifests/kube-apiserver.yaml',
  'kube-controller-manager': '/etc/kubernetes/manifests/kube-controller-manager.yaml',
  'kube-scheduler': '/etc/kubernetes/manifests/kube-scheduler.yaml',
  etcd: '/etc/kubernetes/manifests/etcd.yaml',
};

/**
 * A component that neither runs nor has a usable static pod manifest. When collection met a malformed
 * manifest for it, the check WARNs naming file:line:column; otherwise optional components (kube-proxy,
 * etcd) give INFO (not applicable here) and the others WARN (cannot be checked on this node).
 */
export function componentMissing(name: ComponentName, facts: NodeFacts): Outcome {
  const manifest = MANIFESTS[name];
  const problem = facts.warnings.find((w) => w.location !== undefined && w.location.file === manifest);
  if (problem?.location) {
    return {
      verdict: 'warn',
      reason: `${name} could not be read: ${withLocation(problem.message, problem.location)}`,
      evidence: [{ subject: name, source: 'manifest', location: problem.location, note: problem.message }],
    };
  }
  if (OPTIONAL.has(name)) {
    return { verdict: 'info', reason: `${name} does not run on this node and has no static pod manifest; the check does not apply here.`, evidence: [] };
  }
  return {
    verdict: 'warn',
    reason: `${name} was not found (no process under /proc, no static pod manifest); run kubefort on the node where it runs.`,
    evidence: [],
  };
}

/** Merges per-item outcomes: any fail wins, then warn, then pass. */
export function worst(outcomes: readonly Outcome[]): Outcome['verdict'] {
  if (outcomes.some((o) => o.verdict === 'fail')) return 'fail';
  if (outcomes.some((o) => o.verdict === 'warn')) return 'warn';
  if (outcomes.length > 0 && outcomes.every((o) => o.verdict === 'info')) return 'info';
  return 'pass';
}

/** `file:line:col: message`, unless the message already starts from that position. */
export function withLocation(message: string, location: SourceLocation | undefined): string {
  if (!location) return message;
  const where = formatLocation(location);
  return message.includes(where) ? message : `${where}: ${message}`;
}
