import type { FileRole, NodeFacts } from '../../domain/node-facts.js';
import type { CheckTest, K3sTest } from '../model.js';
import type { Outcome } from './outcome.js';

/** k3s keeps its state under its data dir and its config under /etc/rancher/k3s (kube-bench's cfg/k3s-cis-* paths). */
const K3S_PREFIXES = ['/var/lib/rancher/k3s/', '/etc/rancher/k3s/'];

function fileRoles(test: CheckTest): readonly FileRole[] {
  return test.kind === 'file-mode' || test.kind === 'file-owner' ? test.roles : [];
}

/** The facts with each of these roles' files narrowed to k3s's own paths (the kubeadm defaults listed beside them do not exist on k3s). */
function scoped(facts: NodeFacts, roles: readonly FileRole[]): NodeFacts {
  if (roles.length === 0) return facts;
  const files = { ...facts.files };
  for (const role of roles) {
    const mine = (files[role] ?? []).filter((f) => K3S_PREFIXES.some((p) => f.path.startsWith(p) || `${f.path}/` === p));
    files[role] = mine;
  }
  return { ...facts, files };
}

/**
 * Judges a check of a k3s profile. Without k3s facts (the node was not read as a k3s node, or old facts) it
 * cannot tell: WARN. An etcd check on a node whose datastore is SQLite or external does not apply here (INFO,
 * with the evidence of the datastore; kube-bench's own check_for_k3s_etcd.sh skips them the same way).
 */
export function judgeK3s(test: K3sTest, facts: NodeFacts, judge: (inner: CheckTest, facts: NodeFacts) => Outcome): Outcome {
  const k3s = facts.k3s;
  if (k3s === undefined) {
    return { verdict: 'warn', reason: 'No k3s facts: this k3s profile judges what k3s logged or configured, and the node was not read as a k3s node (collect it with a current kubefort, on the k3s node).', evidence: [] };
  }
  if (test.etcdOnly === true && k3s.datastore !== 'etcd') {
    const evidence = [{ subject: 'datastore', value: k3s.datastore, source: 'k3s', note: k3s.datastoreEvidence }];
    if (k3s.datastore === 'unknown') return { verdict: 'warn', reason: `Cannot tell whether k3s runs its embedded etcd here: ${k3s.datastoreEvidence}.`, evidence };
    const where = k3s.datastore === 'sqlite' ? 'k3s keeps its data in SQLite through kine; there is no etcd' : 'k3s uses an external datastore; judge etcd where it runs';
    return { verdict: 'info', reason: `Not applicable: ${where} (${k3s.datastoreEvidence}).`, evidence };
  }
  const roles = fileRoles(test.test);
  const narrowed = scoped(facts, roles);
  if (test.mustExist === true) {
    const files = roles.flatMap((r) => narrowed.files[r] ?? []);
    const present = files.filter((f) => f.exists);
    if (present.length === 0) {
      const named = files.map((f) => f.path).join(', ') || roles.join(', ');
      return { verdict: 'warn', reason: `k3s always creates ${named}, and it was not found on this node: it could not be checked (is --root the k3s ${k3s.role}?).`, evidence: files.map((f) => ({ subject: 'exists', value: 'false', source: 'stat', location: { file: f.path } })) };
    }
  }
  return judge(test.test, narrowed);
}
