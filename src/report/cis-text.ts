import { createColors } from 'picocolors';
import { formatLocation, type Evidence } from '../domain/evidence.js';
import type { Status } from '../domain/status.js';
import type { BenchResult, Summary } from '../cis/result.js';

export interface CisTextOptions {
  color: boolean;
  noRemediations?: boolean;
  noSummary?: boolean;
  /** Adds the reason, the actual values and where they came from under each check. */
  includeEvidence?: boolean;
}

/** kube-bench's text layout, plus a header saying which benchmark, which version and which sources. */
export function renderCisText(result: BenchResult, options: CisTextOptions): string {
  const c = createColors(options.color);
  const paint: Record<Status, (s: string) => string> = { PASS: c.green, FAIL: c.red, WARN: c.yellow, INFO: c.blue };
  const tag = (status: Status) => paint[status](`[${status}]`);
  const lines: string[] = [];
  lines.push(`${tag('INFO')} Benchmark ${result.benchmark}: ${result.benchmarkReason}`);
  const version = result.kubernetesVersion;
  const detected = version.version === undefined
    ? (version.source.startsWith('not detected') ? version.source : `not detected (${version.source})`)
    : `${version.version} (${version.source})`;
  lines.push(`${tag('INFO')} Kubernetes version: ${detected}`);
  for (const component of result.components) {
    lines.push(`${tag('INFO')} ${component.name}: from ${component.source} ${component.from}`);
  }
  if (result.manifests) {
    lines.push(`${tag('INFO')} Cluster objects: ${result.manifests.objects} from ${result.manifests.files} files (--manifests)`);
    for (const error of result.manifests.errors) lines.push(`${tag('WARN')} ${error}`);
  }
  for (const warning of result.warnings) lines.push(`${tag('WARN')} collect: ${warning}`);
  for (const controls of result.controls) {
    lines.push(`${tag('INFO')} ${controls.id} ${controls.text}`);
    for (const group of controls.groups) {
      lines.push(`${tag('INFO')} ${group.id} ${group.text}`);
      for (const check of group.checks) {
        lines.push(`${tag(check.status)} ${check.id} ${check.text}`);
        if (options.includeEvidence) {
          if (check.reason) lines.push(`       ${check.reason}`);
          for (const e of check.evidence) lines.push(`       ${formatEvidence(e)}`);
        }
      }
    }
    lines.push('');
    if (!options.noRemediations) {
      const todo = controls.groups.flatMap((g) => g.checks).filter((k) => k.status === 'FAIL' || k.status === 'WARN');
      lines.push(`== Remediations ${controls.target} ==`);
      for (const check of todo) lines.push(`${check.id} ${check.remediation}`, '');
      if (todo.length === 0) lines.push('');
    }
    if (!options.noSummary) lines.push(`== Summary ${controls.target} ==`, ...summaryLines(controls.summary), '');
  }
  if (!options.noSummary) lines.push('== Summary total ==', ...summaryLines(result.total), '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function summaryLines(summary: Summary): string[] {
  return [`${summary.pass} checks PASS`, `${summary.fail} checks FAIL`, `${summary.warn} checks WARN`, `${summary.info} checks INFO`];
}

/** `--anonymous-auth = true [default] at /etc/kubernetes/manifests/kube-apiserver.yaml:20:7` */
export function formatEvidence(e: Evidence): string {
  const value = e.value === undefined ? '' : ` = ${e.value}`;
  const where = e.location ? ` at ${formatLocation(e.location)}` : '';
  const note = e.note ? ` (${e.note})` : '';
  return `${e.subject}${value} [${e.source}]${where}${note}`;
}
