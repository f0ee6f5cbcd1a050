import type { Evidence } from '../domain/evidence.js';
import type { Status } from '../domain/status.js';
import type { ComponentFacts, ComponentName } from '../domain/node-facts.js';
import type { Target } from './model.js';

/** What judging one check produced. Pure data; reporters turn it into text, JSON or JUnit. */
export interface CheckResult {
  id: string;
  /** The recommendation including the (Automated)/(Manual) suffix, as kube-bench prints it. */
  text: string;
  automated: boolean;
  scored: boolean;
  /** The kind of test (`flag`, `file-mode`, `kubelet`, `objects`, `manual`, ...). */
  type: string;
  status: Status;
  /** Why this status, in one or a few sentences. */
  reason: string;
  remediation: string;
  evidence: Evidence[];
  /** What the test established, apart from the CIS classification (docs/cis.md, "Verdicts"). */
  verdict: Verdict;
  /** How many violations the test found: objects breaking the rule, or 1 for a setting; 0 unless violated. */
  violations: number;
}

/**
 * The CIS status keeps the benchmark's meaning (a Manual check never FAILs); the verdict says what kubefort
 * found, so a pipeline can gate on what was checked and violated (`--fail-on violation`) without a skip list.
 */
export const VERDICTS = ['violated', 'satisfied', 'unevaluated', 'manual', 'not-applicable', 'skipped'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface GroupResult {
  id: string;
  text: string;
  checks: CheckResult[];
}

export interface Summary {
  pass: number;
  fail: number;
  warn: number;
  info: number;
  /** Checks whose test found violations: every FAIL and the WARNs of Manual checks that were checked and violated. */
  violated: number;
}

export interface ControlsResult {
  id: string;
  text: string;
  target: Target;
  groups: GroupResult[];
  summary: Summary;
}

export interface ComponentSource {
  name: ComponentName;
  source: ComponentFacts['source'];
  /** `/proc/<pid>/cmdline` or the manifest path; on k3s where the arguments were read (ComponentFacts.origin). */
  from: string;
}

export interface BenchResult {
  benchmark: string;
  /** How the benchmark was chosen, in words, e.g. `--benchmark`, `Kubernetes v1.32.4 -> cis-1.12`. */
  benchmarkReason: string;
  kubernetesVersion: { version?: string; source: string };
  components: ComponentSource[];
  targets: Target[];
  /** Where cluster objects came from (`--manifests`), when given. */
  /** `warnings`: read, but worth saying (duplicate keys, dropped fields), as the loader words them. */
  manifests?: { files: number; objects: number; errors: string[]; warnings?: string[] };
  controls: ControlsResult[];
  total: Summary;
  /** Problems met while collecting facts; the run went on. */
  warnings: string[];
}

export function emptySummary(): Summary {
  return { pass: 0, fail: 0, warn: 0, info: 0, violated: 0 };
}

export function addToSummary(summary: Summary, status: Status, verdict?: Verdict): void {
  if (verdict === 'violated') summary.violated += 1;
  if (status === 'PASS') summary.pass += 1;
  else if (status === 'FAIL') summary.fail += 1;
  else if (status === 'WARN') summary.warn += 1;
  else summary.info += 1;
}
