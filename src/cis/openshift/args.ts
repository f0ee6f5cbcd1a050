import type { Evidence } from '../../domain/evidence.js';
import type { LoadedObject } from '../../collect/objects.js';
import type { Outcome } from '../checks/outcome.js';
import { argValues, componentConfig, field, findObject, shownObject, type ComponentConfig } from './config.js';
import type { ArgCondition, ArgExpect } from './rule-ids.js';

const SECTION = { 'kube-apiserver': 'apiServerArguments', 'openshift-apiserver': 'apiServerArguments', 'kube-scheduler': 'apiServerArguments', 'kube-controller-manager': 'extendedArguments' } as const;

function describe(expect: ArgExpect): string {
  if ('set' in expect) return expect.set ? 'be set' : 'not be set';
  if ('has' in expect) return `include ${expect.has}`;
  if ('lacks' in expect) return `not include ${expect.lacks}`;
  if ('eq' in expect) return `be ${expect.eq}`;
  return `be at least ${expect.gte}`;
}

function holds(expect: ArgExpect, values: readonly string[] | undefined): boolean {
  if ('lacks' in expect) return !(values ?? []).includes(expect.lacks);
  if ('set' in expect && !expect.set) return values === undefined || values.length === 0;
  if (values === undefined || values.length === 0) return false;
  if ('set' in expect) return true;
  if ('has' in expect) return values.includes(expect.has);
  // A repeated flag: the last value wins, as in the flag parser the component uses.
  const last = values[values.length - 1] as string;
  if ('eq' in expect) return last.toLowerCase() === expect.eq.toLowerCase();
  const n = Number(last);
  return Number.isFinite(n) && n >= expect.gte;
}

/** For a membership test on a long list (enable-admission-plugins, feature-gates): whether the item is there, not the whole list. */
function listed(expect: ArgExpect, values: readonly string[]): string | undefined {
  const item = 'has' in expect ? expect.has : 'lacks' in expect ? expect.lacks : undefined;
  if (item === undefined || values.length <= 3) return undefined;
  return `(${values.length} values) ${values.includes(item) ? 'includes' : 'does not include'} ${item}`;
}

function judgeOne(condition: ArgCondition, config: ComponentConfig): Outcome {
  const section = SECTION[condition.component];
  const found = argValues(config, section, condition.arg);
  const values = found ?? (condition.default === undefined ? undefined : [condition.default]);
  const shownValue = values === undefined ? 'absent' : values.join(',');
  const evidence: Evidence[] = [{
    subject: `${section}["${condition.arg}"]`,
    ...(values === undefined ? {} : { value: shownValue }),
    source: found === undefined && values !== undefined ? 'default' : 'object',
    location: config.location,
    ...(found === undefined && values !== undefined ? { note: `absent; the ${condition.component} default is ${condition.default ?? ''}` } : {}),
  }];
  const ok = holds(condition.expect, values);
  const how = found === undefined ? (values === undefined ? 'is not set' : `is not set (default ${shownValue})`) : listed(condition.expect, found) ?? `is ${shownValue}`;
  return { verdict: ok ? 'pass' : 'fail', reason: `${section}["${condition.arg}"] ${how} in ${config.shown}; it must ${describe(condition.expect)}`, evidence };
}

/** Every condition must hold; a missing config ConfigMap makes the check WARN, naming what it needs. */
export function judgeArgs(all: readonly ArgCondition[], objects: readonly LoadedObject[] | undefined): Outcome {
  const outcomes: Outcome[] = [];
  for (const condition of all) {
    const read = componentConfig(objects, condition.component);
    if (!read.ok) return { verdict: 'warn', reason: read.why, evidence: [] };
    outcomes.push(judgeOne(condition, read.config));
  }
  const failed = outcomes.filter((o) => o.verdict === 'fail');
  const shown = failed.length > 0 ? failed : outcomes;
  return { verdict: failed.length > 0 ? 'fail' : 'pass', reason: shown.map((o) => o.reason).join('; '), evidence: outcomes.flatMap((o) => o.evidence) };
}

/** A top-level list of the config (serviceAccountPublicKeyFiles) must hold at least one entry. */
export function judgeListSet(component: ArgCondition['component'], path: string, objects: readonly LoadedObject[] | undefined): Outcome {
  const read = componentConfig(objects, component);
  if (!read.ok) return { verdict: 'warn', reason: read.why, evidence: [] };
  const value = field(read.config.value, path);
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
  const evidence: Evidence[] = [{ subject: path, ...(list.length > 0 ? { value: list.join(',') } : {}), source: 'object', location: read.config.location }];
  if (list.length === 0) return { verdict: 'fail', reason: `${path} is empty or absent in ${read.config.shown}`, evidence };
  return { verdict: 'pass', reason: `${path} is ${list.join(', ')} in ${read.config.shown}`, evidence };
}

/**
 * The API server's secure port: servingInfo.bindAddress of its config (the operator's observedConfig in
 * KubeAPIServer `cluster` when the ConfigMap is not given). OpenShift binds 0.0.0.0:6443; port 0 would turn HTTPS off.
 */
export function judgeSecurePort(objects: readonly LoadedObject[] | undefined): Outcome {
  const read = componentConfig(objects, 'kube-apiserver');
  let bind: unknown;
  let shown: string;
  let location;
  if (read.ok) {
    bind = field(read.config.value, 'servingInfo.bindAddress');
    shown = read.config.shown;
    location = read.config.location;
  } else {
    const operator = objects === undefined ? undefined : findObject(objects, 'KubeAPIServer', 'operator.openshift.io', 'cluster');
    if (operator === undefined) return { verdict: 'warn', reason: `${read.why}, or KubeAPIServer cluster (operator.openshift.io) with spec.observedConfig.servingInfo`, evidence: [] };
    bind = field(operator.object.spec, 'observedConfig.servingInfo.bindAddress');
    shown = shownObject(operator, 'KubeAPIServer cluster');
    location = operator.locate(['spec', 'observedConfig', 'servingInfo', 'bindAddress']) ?? operator.location;
  }
  if (typeof bind !== 'string' || bind === '') return { verdict: 'warn', reason: `not evaluated: servingInfo.bindAddress is not set in ${shown}`, evidence: [] };
  const port = /:(\d+)$/.exec(bind)?.[1];
  const evidence: Evidence[] = [{ subject: 'servingInfo.bindAddress', value: bind, source: 'object', location }];
  if (port === undefined) return { verdict: 'warn', reason: `servingInfo.bindAddress ${bind} in ${shown} names no port`, evidence };
  if (Number(port) === 0) return { verdict: 'fail', reason: `servingInfo.bindAddress is ${bind} in ${shown}: port 0 turns the secure port off`, evidence };
  return { verdict: 'pass', reason: `servingInfo.bindAddress is ${bind} in ${shown}`, evidence };
}
