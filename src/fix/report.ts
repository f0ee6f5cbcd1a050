import { unifiedDiff } from './diff.js';
import type { FixPlan } from './model.js';

function mode(m: number): string {
  return m.toString(8).padStart(3, '0');
}

/**
 * The dry-run text: per component, the unified diff of each file and the chmod/chown plan, each with the check
 * ids it fixes; then what needs input and what kubefort leaves alone. Deterministic: component order, then path.
 */
export function renderPlan(plan: FixPlan, header: string): string {
  const lines: string[] = [header, ''];
  const components = [...new Set([...plan.edits.map((e) => e.component), ...plan.perms.map((p) => p.action.component)])];
  for (const component of components) {
    lines.push(`== ${component} ==`);
    for (const edit of plan.edits.filter((e) => e.component === component)) {
      lines.push(`# ${edit.path}: ${edit.summary.join(', ')}  [fixes ${edit.checks.join(', ')}]`);
      lines.push(unifiedDiff(edit.path, edit.before, edit.after).trimEnd());
    }
    for (const p of plan.perms.filter((q) => q.action.component === component)) {
      const a = p.action;
      if (a.kind === 'chmod') lines.push(`chmod ${mode(a.mode)} ${a.file}   (was ${mode(a.from)})  [fixes ${p.checks.join(', ')}]`);
      else if (a.kind === 'chown') lines.push(`chown${a.recursive ? ' -R' : ''} ${a.owner} ${a.file}   (was ${a.from})  [fixes ${p.checks.join(', ')}]`);
    }
    lines.push('');
  }
  if (plan.restartPending.length > 0) {
    lines.push(`== already configured, restart pending ==`, `${plan.restartPending.join(', ')}: the files already say so; the running process does not yet (see MV007 in kubefort bench)`, '');
  }
  if (plan.needsInput.length > 0) {
    lines.push('== needs input ==');
    for (const n of plan.needsInput) lines.push(`${n.check} ${n.component} ${n.setting}: ${n.reason}; ${n.example}`);
    lines.push('');
  }
  if (plan.notFixed.length > 0) {
    lines.push('== not fixed by kubefort ==');
    for (const n of plan.notFixed) lines.push(`${n.check} ${n.reason}`);
    lines.push('');
  }
  const files = plan.edits.length;
  const perms = plan.perms.length;
  lines.push(files + perms === 0 ? 'Nothing to change.' : `${files} file${files === 1 ? '' : 's'} to edit, ${perms} mode/owner change${perms === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}

/** `kube-apiserver:--audit-log-path=/var/log/...` -> its parts. */
export function parseSet(text: string): { component: string; flag: string; value: string } | undefined {
  const match = /^([a-z-]+):(--?[A-Za-z0-9-]+)=(.*)$/.exec(text);
  if (!match) return undefined;
  return { component: match[1] ?? '', flag: `--${(match[2] ?? '').replace(/^--?/, '')}`, value: match[3] ?? '' };
}

/** `--output json` (schemaVersion 1): the same plan as data; each edit carries its unified diff. */
export function renderPlanJson(plan: FixPlan, meta: { root: string; benchmark: string; applied?: { backupId: string; backupDir: string } }): string {
  const perms = plan.perms.map((p) => {
    const a = p.action;
    return a.kind === 'chmod'
      ? { kind: 'chmod', path: a.file, component: a.component, mode: mode(a.mode), from: mode(a.from), checks: p.checks }
      : a.kind === 'chown'
        ? { kind: 'chown', path: a.file, component: a.component, owner: a.owner, from: a.from, recursive: a.recursive, checks: p.checks }
        : undefined;
  }).filter((p) => p !== undefined);
  const out = {
    schemaVersion: 1, tool: 'kubefort', root: meta.root, benchmark: meta.benchmark,
    edits: plan.edits.map((e) => ({ path: e.path, component: e.component, checks: e.checks, changes: e.summary, diff: unifiedDiff(e.path, e.before, e.after) })),
    perms, needsInput: plan.needsInput, notFixed: plan.notFixed, restartPending: plan.restartPending,
    ...(meta.applied ? { applied: meta.applied } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
