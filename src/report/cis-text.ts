import { createColors } from 'picocolors';
import { formatLocation, type Evidence } from '../domain/evidence.js';
import { printable, printableText } from '../domain/printable.js';
import type { Status } from '../domain/status.js';
import type { BenchResult, Summary } from '../cis/result.js';

export interface CisTextOptions {
  color: boolean;
  noRemediations?: boolean;
  noSummary?: boolean;
  /** Leaves out the total summary only (kube-bench's --nototals). */
  noTotals?: boolean;
  /** Adds the reason, the actual values and where they came from under each check. */
  includeEvidence?: boolean;
}

/**
 * kube-bench's text layout, plus a header saying which benchmark and why (one line: the version and where it
 * came from) and which sources. A Manual check whose test found violations ends its line with
 * `[violated: N]`, so it stands apart from one a person must look at. Collector warnings are not part of
 * the report: the CLI writes them to stderr. Values from the node and the objects (paths, flag values, names)
 * are escaped one by one (printable) before they are coloured, so the colours stay and the input's own do not.
 */
export function renderCisText(result: BenchResult, options: CisTextOptions): string {
  const c = createColors(options.color);
  const paint: Record<Status, (s: string) => string> = { PASS: c.green, FAIL: c.red, WARN: c.yellow, INFO: c.blue };
  const tag = (status: Status) => paint[status](`[${status}]`);
  const lines: string[] = [];
  lines.push(`${tag('INFO')} Benchmark ${result.benchmark}: ${printable(result.benchmarkReason)}`);
  for (const component of result.components) {
    lines.push(`${tag('INFO')} ${printable(component.name)}: from ${component.source} ${printable(component.from)}`);
  }
  if (result.manifests) {
    lines.push(`${tag('INFO')} Cluster objects: ${result.manifests.objects} from ${result.manifests.files} files (--manifests)`);
    if (result.manifests.errors.length > 0) lines.push(`${tag('WARN')} ${result.manifests.errors.length} file(s) or document(s) of --manifests could not be read (listed on stderr and in --output json)`);
  }
  for (const controls of result.controls) {
    lines.push(`${tag('INFO')} ${controls.id} ${controls.text}`);
    for (const group of controls.groups) {
      lines.push(`${tag('INFO')} ${group.id} ${group.text}`);
      for (const check of group.checks) {
        const violated = check.verdict === 'violated' && check.status !== 'FAIL' ? ` ${c.red(`[violated: ${check.violations}]`)}` : '';
        lines.push(`${tag(check.status)} ${check.id} ${printable(check.text)}${violated}`);
        if (options.includeEvidence) {
          if (check.reason) lines.push(`       ${printable(check.reason)}`);
          for (const e of check.evidence) lines.push(`       ${formatEvidence(e)}`);
        }
      }
    }
    lines.push('');
    if (!options.noRemediations) {
      const todo = controls.groups.flatMap((g) => g.checks).filter((k) => k.status === 'FAIL' || k.status === 'WARN');
      lines.push(`== Remediations ${controls.target} ==`);
      for (const check of todo) lines.push(`${check.id} ${printableText(check.remediation)}`, '');
      if (todo.length === 0) lines.push('');
    }
    if (!options.noSummary) lines.push(`== Summary ${controls.target} ==`, ...summaryLines(controls.summary), '');
  }
  if (!options.noSummary && !options.noTotals) lines.push('== Summary total ==', ...summaryLines(result.total), '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function summaryLines(summary: Summary): string[] {
  const violatedWarn = summary.violated - summary.fail;
  const warn = violatedWarn > 0 ? `${summary.warn} checks WARN (${violatedWarn} checked and violated)` : `${summary.warn} checks WARN`;
  return [`${summary.pass} checks PASS`, `${summary.fail} checks FAIL`, warn, `${summary.info} checks INFO`];
}

/** `--anonymous-auth = true [default] at /etc/kubernetes/manifests/kube-apiserver.yaml:20:7` */
export function formatEvidence(e: Evidence): string {
  const value = e.value === undefined ? '' : ` = ${printable(e.value)}`;
  const where = e.location ? ` at ${printable(formatLocation(e.location))}` : '';
  const note = e.note ? ` (${printable(e.note)})` : '';
  return `${printable(e.subject)}${value} [${e.source}]${where}${note}`;
}
