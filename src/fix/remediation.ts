import { lastArg } from '../collect/node/cmdline.js';
import { KUBELET_FLAG_FIELDS } from '../collect/node/kubelet-fields.js';
import { satisfies, splitList } from '../cis/expect.js';
import type { CheckDef, Expect, FlagCondition, FlagTest, KubeletTest } from '../cis/model.js';
import type { CheckResult } from '../cis/result.js';
import type { ComponentName, NodeFacts } from '../domain/node-facts.js';
import type { Action, NeedsInput, NotFixed, PlannedAction, UserValue } from './model.js';
import { planEtcdSetting, type EnvFiles } from './etcd-env.js';
import { planFiles } from './perms.js';
import { KUBEADM_FILES, KUBELET_FIELD_VALUES, NEVER_GUESS, PATTERN_VALUES } from './values.js';

export interface PlanInput {
  facts: NodeFacts;
  checks: readonly { def: CheckDef; result: CheckResult }[];
  userValues: readonly UserValue[];
  exists(nodePath: string): boolean;
  envFiles: EnvFiles;
  /** uid/gid of a user or group name in the node's /etc/passwd and /etc/group. */
  ids: { uid(name: string): number | undefined; gid(name: string): number | undefined };
}

export interface PlanOutput {
  planned: PlannedAction[];
  needsInput: NeedsInput[];
  notFixed: NotFixed[];
}

/** Turns failing automated checks into actions, or says why not. Pure apart from `exists`. */
export function planRemediations(input: PlanInput): PlanOutput {
  const out: PlanOutput = { planned: [], needsInput: [], notFixed: [] };
  for (const { def, result } of input.checks) {
    if (result.status !== 'FAIL') continue;
    const test = def.test;
    if (test.kind === 'flag') planFlagTest(def.id, test, input, out);
    else if (test.kind === 'kubelet') planKubeletTest(def.id, test, input, out);
    else if (test.kind === 'file-mode' || test.kind === 'file-owner') planFiles(def.id, test, input, out);
    else out.notFixed.push({ check: def.id, reason: notFixedReason(test.kind) });
  }
  return out;
}

function notFixedReason(kind: string): string {
  if (kind === 'kube-proxy') return 'kube-proxy is configured through its ConfigMap (kube-system/kube-proxy); kubefort edits files on the node only';
  if (kind === 'objects') return 'a cluster object, not node configuration';
  return 'not a mechanical remediation';
}

function userValue(input: PlanInput, component: string, flag: string): string | undefined {
  return input.userValues.find((v) => v.component === component && v.flag === flag)?.value;
}

/** The value a failing condition needs, or why it cannot be known. */
function valueFor(component: string, flag: string, expect: Expect, input: PlanInput): { value: string } | { needs: string } {
  const given = userValue(input, component, flag);
  if (given !== undefined) return { value: given };
  if ('eq' in expect) return { value: expect.eq };
  if ('noteq' in expect && expect.noteq === 'false') return { value: 'true' };
  if ('gte' in expect) return { value: String(expect.gte) };
  if ('regex' in expect && PATTERN_VALUES[flag] !== undefined) return { value: PATTERN_VALUES[flag] };
  if ('set' in expect && expect.set) {
    if (NEVER_GUESS[flag]) return { needs: NEVER_GUESS[flag] };
    const path = KUBEADM_FILES[component]?.[flag];
    if (path !== undefined && input.exists(path)) return { value: path };
    return { needs: path === undefined ? 'the value depends on this cluster' : `kubeadm's ${path} does not exist on this node` };
  }
  return { needs: 'the expectation does not determine one value' };
}

function planFlagTest(check: string, test: FlagTest, input: PlanInput, out: PlanOutput): void {
  const component = input.facts.components[test.component];
  if (!component) return void out.notFixed.push({ check, reason: `${test.component} was not found on this node` });
  if (test.differsFrom) return void out.notFixed.push({ check, reason: 'needs a CA of its own: create one and point the flag at it' });
  for (const condition of test.all) {
    const arg = lastArg(component.args, condition.flag);
    const current = arg ? (arg.value ?? 'true') : condition.default;
    if (satisfies(current, condition.expect).ok) continue;
    if (test.component === 'etcd' && component.manifest === undefined) {
      planEtcdSetting(check, condition, valueFor('etcd', condition.flag, condition.expect, input), input, out);
      continue;
    }
    if (component.manifest === undefined) {
      out.notFixed.push({ check, reason: `${test.component} runs without a static pod manifest: change ${condition.flag} where its service is defined` });
      continue;
    }
    const action = flagAction(check, test.component, component.manifest, condition, current, input, out);
    if (action) out.planned.push({ action, checks: [check] });
  }
}

/** etcd reads ETCD_<FLAG> from the pod's env too: the manifest editor changes the env entry where the setting lives there. */
function flagAction(check: string, name: ComponentName, file: string, condition: FlagCondition, current: string | undefined, input: PlanInput, out: PlanOutput): Action | undefined {
  const { flag, expect } = condition;
  if ('set' in expect && !expect.set) {
    if (NEVER_GUESS[flag]) {
      out.needsInput.push({ check, component: name, setting: flag, reason: NEVER_GUESS[flag], example: `remove ${flag} by hand once nothing depends on it` });
      return undefined;
    }
    return { kind: 'flag-remove', file, component: name, flag };
  }
  if ('has' in expect) return { kind: 'flag-list-add', file, component: name, flag, item: expect.has };
  if ('nothave' in expect) {
    const items = current === undefined ? [] : splitList(current);
    return items.length === 1 && items[0] === expect.nothave && condition.default === undefined
      ? { kind: 'flag-remove', file, component: name, flag }
      : { kind: 'flag-list-remove', file, component: name, flag, item: expect.nothave };
  }
  const value = valueFor(name, flag, expect, input);
  if ('needs' in value) {
    out.needsInput.push({ check, component: name, setting: flag, reason: value.needs, example: `--set ${name}:${flag}=<value>` });
    return undefined;
  }
  return { kind: 'flag-set', file, component: name, flag, value: value.value };
}

const FIELD_FLAGS: ReadonlyMap<string, string> = new Map(Object.entries(KUBELET_FLAG_FIELDS).map(([flag, f]) => [f.field, flag]));

function kubeletValue(field: string, expect: Expect, input: PlanInput): { value: unknown } | { needs: string } {
  const flag = FIELD_FLAGS.get(field);
  const given = flag === undefined ? undefined : userValue(input, 'kubelet', flag);
  const raw = given ?? (KUBELET_FIELD_VALUES[field] !== undefined && 'nothave' in expect ? String(KUBELET_FIELD_VALUES[field]) : undefined);
  let text: string | undefined = raw;
  if (text === undefined) {
    if ('eq' in expect) text = expect.eq;
    else if ('noteq' in expect && expect.noteq === 'false') text = 'true';
    else if ('gte' in expect) text = String(expect.gte);
    else if ('set' in expect && expect.set) {
      const path = KUBEADM_FILES.kubelet?.[field];
      if (path !== undefined && input.exists(path)) text = path;
      else return { needs: path === undefined ? 'the value depends on this node' : `kubeadm's ${path} does not exist on this node` };
    } else return { needs: 'the expectation does not determine one value' };
  }
  const type = flag === undefined ? undefined : KUBELET_FLAG_FIELDS[flag]?.type;
  if (type === 'bool') return { value: text === 'true' };
  if (type === 'int') return { value: Number(text) };
  return { value: text };
}

function planKubeletTest(check: string, test: KubeletTest, input: PlanInput, out: PlanOutput): void {
  const kubelet = input.facts.kubelet;
  if (!kubelet) return void out.notFixed.push({ check, reason: 'no kubelet on this node' });
  if (kubelet.configFileError) return void out.notFixed.push({ check, reason: `the kubelet config cannot be read: ${kubelet.configFileError.message}` });
  if (kubelet.configFile === undefined) {
    return void out.notFixed.push({ check, reason: 'the kubelet runs without --config: kubefort edits a KubeletConfiguration file, and this kubelet reads none' });
  }
  for (const condition of test.all) {
    const source = kubelet.sources[condition.field];
    const value = kubeletValue(condition.field, condition.expect, input);
    if ('needs' in value) {
      out.needsInput.push({ check, component: 'kubelet', setting: condition.field, reason: value.needs, example: `--set kubelet:${condition.flag ?? FIELD_FLAGS.get(condition.field) ?? condition.field}=<value>` });
      continue;
    }
    // A drop-in of --config-dir wins over the main file: the field is changed where it is set.
    const file = source?.kind === 'drop-in' && source.location ? source.location.file : kubelet.configFile;
    out.planned.push({ action: { kind: 'kubelet-field', file, component: 'kubelet', field: condition.field, value: value.value }, checks: [check] });
    const flag = FIELD_FLAGS.get(condition.field);
    for (const arg of [...(input.facts.components.kubelet?.args ?? [])].filter((a) => a.flag === flag)) {
      const where = flagSourceFile(arg.location.file, input, flag ?? '');
      if (where === undefined) {
        out.notFixed.push({ check, reason: `the running kubelet is given ${flag} on its command line, and kubefort found no kubeadm-flags.env, /etc/default/kubelet or unit drop-in that writes it` });
      } else {
        out.planned.push({ action: { kind: 'kubelet-flag-remove', file: where, component: 'kubelet', flag: flag ?? '' }, checks: [check] });
      }
    }
  }
}

/** Where a kubelet flag is written: the file the collector located, or (for /proc/<pid>/cmdline) the unit file that writes it. */
function flagSourceFile(file: string, input: PlanInput, flag: string): string | undefined {
  if (!file.startsWith('/proc/')) return file;
  return input.envFiles.kubeletFlagFile(flag);
}
