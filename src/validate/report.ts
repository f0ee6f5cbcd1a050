import { createColors } from 'picocolors';
import { formatLocation } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import type { NodeFacts } from '../domain/node-facts.js';
import { printable, printableText } from '../domain/printable.js';
import type { NodeValidation } from './node.js';
import { blocksStart, shownFindings } from './export.js';

/** The CIS groups whose checks a component's manifest problems make unreliable. */
const AFFECTS: Readonly<Record<string, string>> = {
  'kube-apiserver': '1.1.1–1.1.2, 1.2, 3.2', 'kube-controller-manager': '1.3', 'kube-scheduler': '1.4', etcd: '2', kubelet: '4.2',
};

/**
 * The section `kubefort bench` prints before the CIS checks. Empty when nothing was found, so a clean node's
 * report is unchanged. Values from the manifests are escaped (printable) before the tags are coloured.
 */
export function renderValidationSection(validation: NodeValidation, color: boolean): string {
  const shown = shownFindings(validation);
  if (shown.length === 0) return '';
  const c = createColors(color);
  const tag = (f: Finding) => (blocksStart(f) ? c.red('[FAIL]') : f.severity === 'info' ? c.blue('[INFO]') : c.yellow('[WARN]'));
  const lines = [`${c.blue('[INFO]')} Static pod manifest validation (${printable(validation.minorSource)})`];
  for (const f of shown) {
    const where = f.location ? ` (${printable(formatLocation(f.location))})` : '';
    const affects = f.subject && AFFECTS[f.subject] ? ` [affects ${AFFECTS[f.subject]}]` : '';
    lines.push(`${tag(f)} ${f.ruleId} ${printable(f.subject ?? '')}: ${printable(f.message)}${where}${affects}`);
    if (f.remediation) lines.push(`       fix: ${printableText(f.remediation)}`);
  }
  return `${lines.join('\n')}\n\n`;
}

/** Whether validation found something that stops a component from starting (bench then exits 1). */
function validationFails(validation: NodeValidation): boolean {
  return validation.findings.some(blocksStart);
}

export interface BenchValidation {
  text: string;
  fails: boolean;
  /** What the JSON `validation` array and the JUnit "manifest validation" suite show; absent: not validated. */
  findings?: Finding[];
}

/**
 * The hook `kubefort bench` calls (text output, a node read through --root): the section to print before the
 * CIS report, whether it fails the run, and the findings for the JSON and JUnit reports (`findings` is absent
 * when nothing was validated: saved facts (--facts) have no manifests to read). `facts`: the ones the benchmark
 * run already collected from this root, so the node is read once per run.
 */
export async function benchValidation(options: { root?: string; facts?: string; k8sVersion?: string; version?: string }, ctx: { cwd: string; now(): Date; color: boolean }, result: { components: readonly unknown[] }, facts?: NodeFacts): Promise<BenchValidation> {
  // Saved facts, or cluster objects alone (no node was read): there are no manifests to validate.
  if (options.facts !== undefined || (options.root === undefined && result.components.length === 0)) return { text: '', fails: false };
  const { resolve } = await import('node:path');
  const { validateNode } = await import('./node.js');
  const { KubefortError } = await import('../domain/errors.js');
  try {
    // --k8s-version, or kube-bench's spelling --version (bench has already checked they agree).
    const version = options.k8sVersion ?? options.version;
    const validation = validateNode(resolve(ctx.cwd, options.root ?? '/'), { now: ctx.now(), ...(version ? { k8sVersion: version } : {}), ...(facts ? { facts } : {}) });
    return { text: renderValidationSection(validation, ctx.color), fails: validationFails(validation), findings: shownFindings(validation) };
  } catch (error) {
    // A root that is not a node was already reported by the benchmark run; nothing to add here.
    if (error instanceof KubefortError) return { text: '', fails: false };
    throw error;
  }
}
