import type { FileFact, NodeFacts } from '../../domain/node-facts.js';
import type { Evidence } from '../../domain/evidence.js';
import { octal } from '../checks/file.js';
import type { Outcome } from '../checks/outcome.js';
import type { OpenShiftRule } from './rule-ids.js';

type NodeFileRule = Extract<OpenShiftRule, { rule: 'node-file' }>;

/** Every collected file (any role) whose path one of the patterns matches, once each, in path order. */
function matching(facts: NodeFacts, patterns: readonly string[]): FileFact[] {
  const regexes = patterns.map((p) => new RegExp(p));
  const byPath = new Map<string, FileFact>();
  for (const list of Object.values(facts.files)) for (const file of list ?? []) if (regexes.some((r) => r.test(file.path))) byPath.set(file.path, file);
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function judgeFile(rule: NodeFileRule, file: FileFact): Outcome {
  if (file.error !== undefined) return { verdict: 'warn', reason: `${file.path} could not be checked: ${file.error}`, evidence: [] };
  if (rule.mask !== undefined) {
    if (file.mode === undefined) return { verdict: 'warn', reason: `${file.path}: permissions were not collected`, evidence: [] };
    const evidence: Evidence[] = [{ subject: 'permissions', value: octal(file.mode), source: 'stat', location: { file: file.path } }];
    if ((file.mode & ~rule.mask & 0o7777) !== 0) return { verdict: 'fail', reason: `${file.path} has permissions ${octal(file.mode)}, more open than ${octal(rule.mask)}`, evidence };
    return { verdict: 'pass', reason: `${file.path} has permissions ${octal(file.mode)}`, evidence };
  }
  if (file.uid === undefined || file.gid === undefined) return { verdict: 'warn', reason: `${file.path}: ownership was not collected`, evidence: [] };
  // root is uid/gid 0 whatever the node's passwd says; other owners (openvswitch) by name.
  const user = file.uid === 0 ? 'root' : (file.user ?? String(file.uid));
  const group = file.gid === 0 ? 'root' : (file.group ?? String(file.gid));
  const shown = `${user}:${group}`;
  const evidence: Evidence[] = [{ subject: 'ownership', value: shown, source: 'stat', location: { file: file.path }, note: `uid ${file.uid}, gid ${file.gid}` }];
  const owners = rule.owners ?? ['root:root'];
  if (owners.includes(shown)) return { verdict: 'pass', reason: `${file.path} is owned by ${shown}`, evidence };
  return { verdict: 'fail', reason: `${file.path} is owned by ${shown}, expected ${owners.join(' or ')}`, evidence };
}

export function judgeNodeFile(rule: NodeFileRule, facts: NodeFacts): Outcome {
  if (facts.root === '-') return { verdict: 'warn', reason: `not evaluated: needs the node's files (${rule.shown}): run with --root of an OpenShift (RHCOS) node`, evidence: [] };
  const files = matching(facts, rule.paths).filter((f) => f.exists);
  if (files.length === 0) {
    if (rule.ifExists === true) return { verdict: 'pass', reason: `${rule.shown} does not exist on this node; the check applies only if it exists`, evidence: [] };
    return { verdict: 'warn', reason: `not evaluated: ${rule.shown} was not found on this node (it is on OpenShift control-plane / RHCOS nodes)`, evidence: [] };
  }
  const outcomes = files.map((f) => judgeFile(rule, f));
  const verdict = outcomes.some((o) => o.verdict === 'fail') ? 'fail' : outcomes.some((o) => o.verdict === 'warn') ? 'warn' : 'pass';
  const relevant = outcomes.filter((o) => o.verdict === verdict);
  const shown = relevant.length > 3 && verdict === 'pass' ? `all ${relevant.length} files comply, e.g. ${relevant[0]?.reason ?? ''}` : relevant.slice(0, 5).map((o) => o.reason).join('; ') + (relevant.length > 5 ? ` (and ${relevant.length - 5} more)` : '');
  return { verdict, reason: shown, evidence: outcomes.flatMap((o) => o.evidence), ...(verdict === 'fail' ? { violations: relevant.length } : {}) };
}
