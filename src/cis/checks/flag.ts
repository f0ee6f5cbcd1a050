import { lastArg } from '../../collect/node/cmdline.js';
import { STATIC_POD_COMPONENTS, type StaticPodComponent } from '../../collect/node/manifests.js';
import { FlagKind } from '../../validate/flags/model.js';
import { knownFlags, SUPPORTED_MINORS } from '../../validate/flags/index.js';
import type { Evidence } from '../../domain/evidence.js';
import type { ArgFact, ComponentFacts, NodeFacts } from '../../domain/node-facts.js';
import { satisfies } from '../expect.js';
import type { FlagTest } from '../model.js';
import { componentMissing, type Outcome } from './outcome.js';

/** Every occurrence of a list flag joined in order, located at the last one. */
function mergedArg(args: readonly ArgFact[], flag: string): ArgFact | undefined {
  const all = args.filter((a) => a.flag === flag);
  const last = all[all.length - 1];
  return last === undefined ? undefined : { ...last, value: all.map((a) => a.value ?? '').join(',') };
}

/**
 * The occurrence a check judges. A string-slice flag (`--enable-admission-plugins`, `--authorization-mode`) given
 * twice is appended to by pflag (`--enable-admission-plugins=AlwaysAdmit --enable-admission-plugins=NodeRestriction`
 * enables both), as are `--feature-gates` (featuregate.Set merges each occurrence); any other flag: the last wins.
 */
function effectiveArg(component: ComponentFacts, flag: string, merge: boolean): ArgFact | undefined {
  if (merge || isListFlag(component.name, flag)) return mergedArg(component.args, flag);
  return lastArg(component.args, flag);
}

/** The flag's kind in the component's flag data (src/validate/flags; flag kinds do not change between minors). */
function isListFlag(component: string, flag: string): boolean {
  if (!(STATIC_POD_COMPONENTS as readonly string[]).includes(component) || component === 'etcd') return false;
  return knownFlags(component as StaticPodComponent, SUPPORTED_MINORS.high).flags.get(flag.replace(/^--/, '')) === FlagKind.list;
}

/** A bare boolean flag (`--profiling`) means true to the flag parser. */
export function argValue(arg: ArgFact): string {
  return arg.value ?? 'true';
}

export function judgeFlags(test: FlagTest, facts: NodeFacts): Outcome {
  const component = facts.components[test.component];
  if (!component) return componentMissing(test.component, facts);
  const evidence: Evidence[] = [];
  const failures: string[] = [];
  for (const condition of test.all) {
    const arg = effectiveArg(component, condition.flag, 'gate' in condition.expect);
    const value = arg ? argValue(arg) : condition.default;
    evidence.push(arg
      ? { subject: condition.flag, value, source: component.source, location: arg.location }
      : { subject: condition.flag, value, source: condition.default === undefined ? 'absent' : 'default', location: locationOf(component), note: condition.default === undefined ? 'not set' : `not set; ${test.component} defaults to ${condition.default}` });
    const judged = satisfies(value, condition.expect);
    if (!judged.ok) {
      failures.push(`${condition.flag} is ${describeValue(arg ? value : undefined, condition.default)}; it needs ${judged.required}`);
    }
  }
  if (failures.length > 0) {
    const fix = fixOutsideManifest(component, evidence);
    return { verdict: 'fail', reason: `${test.component}: ${failures.join('; ')}.`, evidence, ...(fix ? { fix } : {}) };
  }
  const same = sameAsOther(test, facts, evidence[0]?.value);
  if (same) return { verdict: 'fail', reason: same.reason, evidence: [...evidence, same.evidence] };
  return { verdict: 'pass', reason: `${test.component}: ${evidence.map(describeEvidence).join(', ')}.`, evidence };
}

/**
 * The benchmark's remediation edits the static pod manifest. A component started some other way (a systemd
 * unit, as kubespray runs etcd) or configured through environment variables (etcd reads ETCD_<FLAG>) must be
 * changed where it is really configured.
 */
function fixOutsideManifest(component: ComponentFacts, evidence: readonly Evidence[]): string | undefined {
  const fromEnv = evidence.filter((e) => e.location?.file.endsWith('/environ'));
  const parts = fromEnv.map((e) => `${e.subject} comes from the environment variable ETCD_${e.subject.slice(2).toUpperCase().replaceAll('-', '_')} (${e.location?.file})`);
  if (component.manifest === undefined && component.pid !== undefined) {
    parts.push(`${component.name} runs as ${component.executable} (pid ${component.pid}) without a static pod manifest: change it where its service is defined (systemd unit or its EnvironmentFile), then restart it`);
  }
  return parts.length > 0 ? `${parts.join('; ')}.` : undefined;
}

function describeValue(value: string | undefined, fallback: string | undefined): string {
  if (value !== undefined) return `"${value}"`;
  return fallback === undefined ? 'not set' : `not set (default ${fallback})`;
}

function describeEvidence(e: Evidence): string {
  if (e.value === undefined) return `${e.subject} not set`;
  return e.source === 'default' ? `${e.subject} not set (default ${e.value})` : `${e.subject}=${e.value}`;
}

function locationOf(component: ComponentFacts): Evidence['location'] {
  if (component.source === 'manifest' && component.manifest) return { file: component.manifest };
  if (component.pid !== undefined) return { file: `/proc/${component.pid}/cmdline` };
  return component.manifest ? { file: component.manifest } : undefined;
}

/** 2.7-style uniqueness: the value must not be the file another component's flag names. */
function sameAsOther(test: FlagTest, facts: NodeFacts, value: string | undefined): { reason: string; evidence: Evidence } | undefined {
  const other = test.differsFrom;
  const first = test.all[0];
  if (!other || !first || value === undefined) return undefined;
  const component = facts.components[other.component];
  const arg = component ? lastArg(component.args, other.flag) : undefined;
  if (!component || !arg || argValue(arg) !== value) return undefined;
  return {
    reason: `${test.component} ${first.flag} is ${value}, the same file as ${other.component} ${other.flag}; it needs a CA of its own.`,
    evidence: { subject: `${other.component} ${other.flag}`, value, source: component.source, location: arg.location },
  };
}
