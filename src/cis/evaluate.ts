import type { LoadedObject } from '../collect/objects.js';
import type { NodeFacts } from '../domain/node-facts.js';
import { formatLocation } from '../domain/evidence.js';
import type { Status } from '../domain/status.js';
import { UsageError } from '../domain/errors.js';
import { judgeFiles } from './checks/file.js';
import { judgeFlags } from './checks/flag.js';
import { judgeKubelet, judgeKubeletFlag } from './checks/kubelet.js';
import { judgeObjects } from './checks/objects.js';
import { judgeKubeProxy } from './checks/proxy.js';
import type { Outcome } from './checks/outcome.js';
import { checkTitle, TARGETS, type BenchmarkDef, type CheckDef, type Target } from './model.js';
import { addToSummary, emptySummary, type BenchResult, type CheckResult, type ComponentSource, type ControlsResult, type Verdict } from './result.js';
import { judgeCustom } from './custom/judge.js';
import { judgeK3s } from './checks/k3s.js';
import { judgeOpenShift } from './openshift/judge.js';

export interface Selection {
  /** Targets to run; undefined = detected from what runs on the node. */
  targets?: readonly Target[];
  /** Only these checks (`--check`) and/or the checks of these groups (`--group`). */
  checks?: readonly string[];
  groups?: readonly string[];
  /** Checks or groups reported as INFO "skipped" (`--skip`). */
  skip?: readonly string[];
  /** Which classes to run; both true (the default) runs all. */
  scored?: boolean;
  unscored?: boolean;
}

export interface EvaluateInput {
  facts: NodeFacts;
  benchmark: BenchmarkDef;
  benchmarkReason: string;
  /** Objects from --manifests; undefined when none were given. */
  objects?: readonly LoadedObject[];
  manifests?: BenchResult['manifests'];
  selection?: Selection;
}

/**
 * Targets that apply to what this node runs: master and controlplane with an API server, etcd with
 * etcd, node with a kubelet, policies with cluster objects or on a control-plane node.
 */
export function detectTargets(facts: NodeFacts, hasObjects: boolean): Target[] {
  // A control-plane node whose API server manifest is malformed still has the manifest file: its
  // checks then WARN naming file:line:column instead of disappearing from the report.
  const apiserver = facts.components['kube-apiserver'] !== undefined || (facts.files['apiserver-manifest'] ?? []).some((f) => f.exists);
  const found: Target[] = [];
  if (apiserver) found.push('master');
  if (facts.components.etcd) found.push('etcd');
  if (apiserver) found.push('controlplane');
  if (facts.kubelet || facts.components.kubelet) found.push('node');
  if (hasObjects || apiserver) found.push('policies');
  return found;
}

/** Every check id and group id of a benchmark, for validating --check/--group/--skip. */
export function benchmarkIds(benchmark: BenchmarkDef): { checks: string[]; groups: string[] } {
  const checks: string[] = [];
  const groups: string[] = [];
  for (const controls of benchmark.controls) {
    for (const group of controls.groups) {
      groups.push(group.id);
      for (const check of group.checks) checks.push(check.id);
    }
  }
  return { checks, groups };
}

/** Unknown ids are usage errors listing the valid ones. */
export function validateSelection(benchmark: BenchmarkDef, selection: Selection, name = benchmark.name): void {
  const ids = benchmarkIds(benchmark);
  const checkSet = new Set(ids.checks);
  const groupSet = new Set(ids.groups);
  for (const id of selection.checks ?? []) {
    if (!checkSet.has(id)) throw new UsageError(`unknown check id "${id}" in ${name}`, ids.checks);
  }
  for (const id of selection.groups ?? []) {
    if (!groupSet.has(id)) throw new UsageError(`unknown group id "${id}" in ${name}`, ids.groups);
  }
  for (const id of selection.skip ?? []) {
    if (!checkSet.has(id) && !groupSet.has(id)) throw new UsageError(`unknown check or group id "${id}" in --skip for ${name}`, [...ids.groups, ...ids.checks]);
  }
  for (const target of selection.targets ?? []) {
    if (!(TARGETS as readonly string[]).includes(target)) throw new UsageError(`unknown target "${target}"`, TARGETS);
  }
}

function judge(check: CheckDef, facts: NodeFacts, objects: readonly LoadedObject[] | undefined): Outcome {
  const test = check.test;
  switch (test.kind) {
    case 'flag': return judgeFlags(test, facts);
    case 'kube-proxy': return judgeKubeProxy(test, facts);
    case 'file-mode':
    case 'file-owner': return judgeFiles(test, facts);
    case 'kubelet': return judgeKubelet(test, facts);
    case 'custom': return judgeCustom(test.spec, facts);
    case 'kubelet-flag': return judgeKubeletFlag(test, facts);
    case 'objects': return judgeObjects(test, objects);
    case 'manual': return { verdict: 'warn', reason: `Manual check: ${test.look}`, evidence: [] };
    case 'k3s': return judgeK3s(test, facts, (inner, scoped) => judge({ ...check, test: inner }, scoped, objects));
    case 'openshift': return judgeOpenShift(test.rule, facts, objects);
  }
}

/** kube-bench's rule: a failing test FAILs a scored check and WARNs an unscored (Manual) one. */
function statusOf(outcome: Outcome, check: CheckDef): Status {
  if (outcome.verdict === 'pass') return 'PASS';
  if (outcome.verdict === 'info') return 'INFO';
  if (outcome.verdict === 'warn') return 'WARN';
  return check.scored ? 'FAIL' : 'WARN';
}

/** pass/fail are what the test established; a warn is either a person's job (manual) or missing evidence. */
function verdictOf(outcome: Outcome, check: CheckDef): Verdict {
  if (outcome.verdict === 'pass') return 'satisfied';
  if (outcome.verdict === 'fail') return 'violated';
  if (outcome.verdict === 'info') return 'not-applicable';
  return check.test.kind === 'manual' || (check.test.kind === 'k3s' && check.test.test.kind === 'manual') ? 'manual' : 'unevaluated';
}

export function evaluateCheck(check: CheckDef, facts: NodeFacts, objects?: readonly LoadedObject[]): CheckResult {
  const outcome = judge(check, facts, objects);
  const verdict = verdictOf(outcome, check);
  return {
    id: check.id,
    text: checkTitle(check),
    automated: check.automated,
    scored: check.scored,
    type: check.test.kind,
    status: statusOf(outcome, check),
    reason: outcome.reason,
    remediation: outcome.fix ? `${check.remediation}\nOn this node: ${outcome.fix}` : check.remediation,
    evidence: outcome.evidence,
    verdict,
    violations: verdict === 'violated' ? (outcome.violations ?? 1) : 0,
  };
}

function componentSources(facts: NodeFacts): ComponentSource[] {
  return Object.values(facts.components)
    .filter((c) => c !== undefined)
    .map((c) => ({ name: c.name, source: c.source, from: c.source === 'process' && c.pid !== undefined ? `/proc/${c.pid}/cmdline` : (c.manifest ?? c.origin ?? c.executable) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Pure: facts (+ objects) and a benchmark in, results out. */
export function evaluate(input: EvaluateInput): BenchResult {
  const { facts, benchmark, objects } = input;
  const selection = input.selection ?? {};
  validateSelection(benchmark, selection);
  const targets = selection.targets ? [...selection.targets] : detectTargets(facts, objects !== undefined);
  const only = new Set([...(selection.checks ?? []), ...(selection.groups ?? [])]);
  const skip = new Set(selection.skip ?? []);
  const wantScored = selection.scored ?? true;
  const wantUnscored = selection.unscored ?? true;
  const total = emptySummary();
  const controls: ControlsResult[] = [];
  for (const def of benchmark.controls) {
    if (!targets.includes(def.target)) continue;
    const summary = emptySummary();
    const groups = [];
    for (const group of def.groups) {
      const checks: CheckResult[] = [];
      for (const check of group.checks) {
        if (only.size > 0 && !only.has(check.id) && !only.has(group.id)) continue;
        if (check.scored ? !wantScored : !wantUnscored) continue;
        const result = skip.has(check.id) || skip.has(group.id)
          ? { ...evaluateSkipped(check), reason: 'Skipped (--skip).' }
          : evaluateCheck(check, facts, objects);
        addToSummary(summary, result.status, result.verdict);
        addToSummary(total, result.status, result.verdict);
        checks.push(result);
      }
      if (checks.length > 0) groups.push({ id: group.id, text: group.text, checks });
    }
    if (groups.length > 0) controls.push({ id: def.id, text: def.text, target: def.target, groups, summary });
  }
  return {
    benchmark: benchmark.name,
    benchmarkReason: input.benchmarkReason,
    kubernetesVersion: { ...facts.kubernetesVersion },
    components: componentSources(facts),
    targets,
    ...(input.manifests ? { manifests: input.manifests } : {}),
    controls,
    total,
    warnings: facts.warnings.map((w) => (w.location ? `${formatLocation(w.location)}: ${w.message}` : w.message)),
  };
}

function evaluateSkipped(check: CheckDef): CheckResult {
  return {
    id: check.id, text: checkTitle(check), automated: check.automated, scored: check.scored, type: check.test.kind,
    status: 'INFO', reason: '', remediation: check.remediation, evidence: [], verdict: 'skipped', violations: 0,
  };
}
