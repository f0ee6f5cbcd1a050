import { resolve } from 'node:path';
import { collectNodeFacts } from '../../collect/node/index.js';
import { selectBenchmark } from '../../cis/benchmarks/index.js';
import { detectTargets, evaluate } from '../../cis/evaluate.js';
import type { Target } from '../../cis/model.js';
import { markUnreadable } from '../cis-unreadable.js';
import type { CheckResult } from '../../cis/result.js';
import type { Finding } from '../../domain/finding.js';
import type { NodeFacts } from '../../domain/node-facts.js';
import { Severity } from '../../domain/status.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

function emptyFacts(now: Date): NodeFacts {
  return { schemaVersion: 1, root: '', collectedAt: now.toISOString(), kubernetesVersion: { source: 'not collected (no --root)' }, components: {}, files: {}, warnings: [] };
}

function ruleId(id: string): string {
  return `CIS-${id}`;
}

function toFinding(check: CheckResult): Finding {
  const location = check.evidence.find((e) => e.location !== undefined)?.location;
  return {
    ruleId: ruleId(check.id),
    // A failing scored (Automated) check is high; a Manual one that fails needs a person: medium.
    severity: check.scored ? Severity.high : Severity.medium,
    message: `${check.text}: ${check.reason}`,
    subject: check.evidence[0]?.subject ?? `CIS ${check.id}`,
    ...(location === undefined ? {} : { location }),
    evidence: check.evidence,
    remediation: check.remediation,
  };
}

/** CIS benchmark: section 5 over the objects, sections 1-4 over the node when --root is given. */
export const cisArea: Area = {
  id: 'cis',
  title: 'CIS Kubernetes benchmark',
  run(input: ScanInput): AreaResult {
    const facts = input.root === undefined ? emptyFacts(input.now) : collectNodeFacts({ root: resolve(input.root), now: input.now });
    const { benchmark, reason } = selectBenchmark(facts.kubernetesVersion.version);
    const nodeTargets = input.root === undefined ? [] : detectTargets(facts, false).filter((t) => t !== 'policies');
    // Section 5 only over objects actually given: zero objects would PASS every check on nothing.
    const targets: Target[] = [...nodeTargets, ...(input.objects.length > 0 ? ['policies' as const] : [])];
    if (targets.length === 0) return { findings: [], notEvaluated: ['CIS: no cluster objects and no Kubernetes component under --root'], rules: [] };
    const result = markUnreadable(evaluate({ facts, benchmark, benchmarkReason: reason, objects: input.objects, selection: { targets } }), benchmark, input.live?.unreadable.map((u) => u.kind) ?? []);
    const out: AreaResult = { findings: [], notEvaluated: [], rules: [] };
    for (const control of result.controls) {
      for (const group of control.groups) {
        for (const check of group.checks) {
          out.rules.push({ id: ruleId(check.id), title: check.text, severity: check.scored ? Severity.high : Severity.medium, description: `${benchmark.title} ${check.id}: ${check.text}`, remediation: check.remediation });
          if (check.status === 'FAIL') {
            out.findings.push(toFinding(check));
          } else if (check.status === 'WARN' && check.evidence.length > 0) {
            // A Manual check with offenders: a person decides, but the objects are named.
            out.findings.push({ ...toFinding(check), severity: Severity.medium });
          } else if (check.status === 'WARN') {
            out.notEvaluated.push(`${check.id} ${check.text}: ${check.reason}`);
          }
        }
      }
    }
    return out;
  },
};
