import type { StaticPodComponent } from '../collect/node/manifests.js';
import { NodeFs } from '../collect/node/node-fs.js';
import { parseIdFile } from '../collect/node/owners.js';
import { parseYamlText } from '../collect/yaml-source.js';
import { getDotted } from '../collect/node/kubelet-config.js';
import type { BenchmarkDef, CheckDef } from '../cis/model.js';
import type { BenchResult, CheckResult } from '../cis/result.js';
import { COMPONENTS, type NodeFacts } from '../domain/node-facts.js';
import { formatLocation } from '../domain/evidence.js';
import { validateManifest } from '../validate/manifest.js';
import { editKubeletConfig, removeKubeletFlag, setEnvFileVariable } from './edit-kubelet.js';
import { editManifest } from './edit-manifest.js';
import { FixRefusedError } from './errors.js';
import { findEnvFiles } from './etcd-env.js';
import type { FileAction, FileEdit, FixPlan, PlannedAction, UserValue } from './model.js';
import { planRemediations } from './remediation.js';
import { recheckManifest } from './recheck.js';
import { READ_LIMITS } from '../collect/node/bounded-read.js';

export interface PlanContext {
  root: string;
  facts: NodeFacts;
  benchmark: BenchmarkDef;
  result: BenchResult;
  userValues: readonly UserValue[];
  /** Kubernetes minor for manifest validation. */
  minor: number;
}

/** Every check of the result paired with its definition, in benchmark order. */
function checksOf(benchmark: BenchmarkDef, result: BenchResult): { def: CheckDef; result: CheckResult }[] {
  const results = new Map(result.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).map((c) => [c.id, c]));
  const out: { def: CheckDef; result: CheckResult }[] = [];
  for (const controls of benchmark.controls) for (const group of controls.groups) for (const def of group.checks) {
    const r = results.get(def.id);
    if (r) out.push({ def, result: r });
  }
  return out;
}

/** Plans the fix: actions from the failing checks, then each file's new content, validated. Reads only. */
export function buildPlan(ctx: PlanContext): FixPlan {
  const fs = new NodeFs(ctx.root);
  const users = readIds(fs, '/etc/passwd');
  const groups = readIds(fs, '/etc/group');
  const checks = checksOf(ctx.benchmark, ctx.result);
  const planned = planRemediations({
    facts: ctx.facts, checks, userValues: ctx.userValues, exists: (p) => fs.exists(p), envFiles: findEnvFiles(fs),
    ids: { uid: (n) => users.get(n), gid: (n) => groups.get(n) },
  });
  const byFile = new Map<string, PlannedAction[]>();
  const perms: PlannedAction[] = [];
  for (const p of planned.planned) {
    if (p.action.kind === 'chmod' || p.action.kind === 'chown') {
      const same = perms.find((q) => q.action.kind === p.action.kind && q.action.file === p.action.file);
      if (same) same.checks.push(...p.checks.filter((c) => !same.checks.includes(c)));
      else perms.push({ action: p.action, checks: [...p.checks] });
      continue;
    }
    byFile.set(p.action.file, [...(byFile.get(p.action.file) ?? []), p]);
  }
  const edits: FileEdit[] = [];
  const restartPending: string[] = [];
  for (const [file, actions] of byFile) {
    const edit = editFile(fs, file, actions, ctx, checks.map((c) => c.def));
    const fixes = [...new Set(actions.flatMap((a) => a.checks))];
    if (edit.after === edit.before) restartPending.push(...fixes);
    else edits.push({ ...edit, checks: fixes });
  }
  edits.sort((a, b) => order(a.component) - order(b.component) || (a.path < b.path ? -1 : 1));
  return { edits, perms, needsInput: planned.needsInput, notFixed: planned.notFixed, restartPending: [...new Set(restartPending)] };
}

function order(component: string): number {
  const i = (COMPONENTS as readonly string[]).indexOf(component);
  return i === -1 ? COMPONENTS.length : i;
}

function readIds(fs: NodeFs, path: string): Map<string, number> {
  const read = fs.readText(path, READ_LIMITS.accounts, 'an account database');
  const byName = new Map<string, number>();
  if (!read.ok) return byName;
  for (const [id, name] of parseIdFile(read.value)) if (!byName.has(name)) byName.set(name, id);
  return byName;
}

function editFile(fs: NodeFs, file: string, planned: readonly PlannedAction[], ctx: PlanContext, defs: readonly CheckDef[]): Omit<FileEdit, 'checks'> {
  const read = fs.readText(file, READ_LIMITS.config, 'a configuration file');
  if (!read.ok) throw new FixRefusedError(`cannot read ${file}: ${read.reason}; nothing was changed`);
  const before = read.value;
  const actions = planned.map((p) => p.action as FileAction);
  const first = actions[0] as FileAction;
  const component = first.component;
  if (first.kind === 'kubelet-field') {
    const fields = actions.filter((a) => a.kind === 'kubelet-field').map((a) => ({ field: a.field, value: a.value }));
    const { text, summary } = editKubeletConfig(before, file, fields);
    checkKubeletConfig(text, file, fields);
    return { path: file, component, before, after: text, summary };
  }
  if (first.kind === 'kubelet-flag-remove' || first.kind === 'env-file-set') {
    let text = before;
    const summary: string[] = [];
    for (const action of actions) {
      if (action.kind === 'kubelet-flag-remove') {
        const result = removeKubeletFlag(text, action.flag);
        text = result.text;
        if (result.removed > 0) summary.push(`remove ${action.flag} (it overrides the kubelet config file)`);
        if (removeKubeletFlag(text, action.flag).removed > 0) throw new FixRefusedError(`${file}: ${action.flag} is still there after removing it; nothing was changed`);
      } else if (action.kind === 'env-file-set') {
        text = setEnvFileVariable(text, action.name, action.value);
        summary.push(action.value === '' ? `remove ${action.name}` : `${action.name}=${action.value}`);
      }
    }
    return { path: file, component, before, after: text, summary };
  }
  const name = component as StaticPodComponent;
  const manifestActions = actions.filter((a): a is Extract<FileAction, { kind: 'flag-set' | 'flag-remove' | 'flag-list-add' | 'flag-list-remove' }> =>
    a.kind === 'flag-set' || a.kind === 'flag-remove' || a.kind === 'flag-list-add' || a.kind === 'flag-list-remove');
  const { text, summary } = editManifest(before, file, name, manifestActions, ctx.minor);
  const problems = validateManifest({ text, file, component: name, minor: ctx.minor, exists: (p) => fs.exists(p) })
    .filter((f) => f.severity === 'critical' || f.severity === 'high');
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.ruleId} ${p.message}${p.location ? ` (${formatLocation(p.location)})` : ''}`).join('; ');
    throw new FixRefusedError(`refusing to write ${file}: the result would not start ${name}: ${list}. Nothing was changed`);
  }
  const fixing = new Set(planned.flatMap((p) => p.checks));
  recheckManifest(text, file, name, defs.filter((d) => fixing.has(d.id)));
  return { path: file, component, before, after: text, summary };
}

/** The new kubelet config must parse as a KubeletConfiguration and read back the values set. */
function checkKubeletConfig(text: string, file: string, fields: readonly { field: string; value: unknown }[]): void {
  const parsed = parseYamlText(text, file);
  const doc = parsed.documents[0];
  const value = doc?.value as Record<string, unknown> | undefined;
  if (parsed.errors.length > 0 || value === undefined || (value.kind !== undefined && value.kind !== 'KubeletConfiguration')) {
    throw new FixRefusedError(`refusing to write ${file}: the result is not a valid KubeletConfiguration. Nothing was changed`);
  }
  for (const { field, value: wanted } of fields) {
    if (getDotted(value, field) !== wanted) throw new FixRefusedError(`refusing to write ${file}: ${field} does not read back as ${JSON.stringify(wanted)}. Nothing was changed`);
  }
}
