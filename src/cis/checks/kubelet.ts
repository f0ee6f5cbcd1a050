import { lastArg } from '../../collect/node/cmdline.js';
import type { Evidence } from '../../domain/evidence.js';
import { formatLocation } from '../../domain/evidence.js';
import type { KubeletFacts, NodeFacts } from '../../domain/node-facts.js';
import { featureGateValue, satisfies } from '../expect.js';
import type { KubeletCondition, KubeletFlagTest, KubeletTest } from '../model.js';
import { argValue } from './flag.js';
import { componentMissing, withLocation, type Outcome } from './outcome.js';

/** Reads a dotted path (`authentication.anonymous.enabled`) from the effective configuration. */
export function fieldValue(effective: Record<string, unknown>, field: string): string | undefined {
  let current: unknown = effective;
  for (const part of field.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return undefined;
  if (Array.isArray(current)) return current.map(String).join(',');
  if (typeof current === 'object') return JSON.stringify(current);
  return String(current);
}

/** A malformed kubelet config file or drop-in makes every config-based check unreliable. */
function brokenConfig(kubelet: KubeletFacts, facts: NodeFacts): Outcome | undefined {
  if (kubelet.configFileError) {
    const { message, location } = kubelet.configFileError;
    return {
      verdict: 'warn',
      reason: `the kubelet configuration could not be read: ${withLocation(message, location)}`,
      evidence: [{ subject: 'kubelet config', source: 'config-file', location, note: message }],
    };
  }
  const files = new Set([kubelet.configFile, ...kubelet.dropIns].filter((f): f is string => f !== undefined));
  const problem = facts.warnings.find((w) => w.location !== undefined && files.has(w.location.file));
  if (!problem?.location) return undefined;
  return {
    verdict: 'warn',
    reason: `the kubelet configuration could not be read: ${withLocation(problem.message, problem.location)}`,
    evidence: [{ subject: 'kubelet config', source: 'config-file', location: problem.location, note: problem.message }],
  };
}

/** Judges the effective value: a flag wins over drop-ins, which win over the file; absent fields take the default. */
export function judgeKubelet(test: KubeletTest, facts: NodeFacts): Outcome {
  const kubelet = facts.kubelet;
  if (!kubelet) return componentMissing('kubelet', facts);
  const broken = brokenConfig(kubelet, facts);
  if (broken) return broken;
  const evidence: Evidence[] = [];
  const failed: string[] = [];
  const passed: string[] = [];
  for (const condition of test.all) {
    const judged = invalidGate(facts, kubelet, condition) ?? judgeField(kubelet, condition);
    evidence.push(judged.evidence);
    (judged.ok ? passed : failed).push(judged.text);
  }
  if (failed.length > 0) return { verdict: 'fail', reason: `kubelet ${failed.join('; ')}.`, evidence, ...kubeletFix(kubelet, evidence) };
  return { verdict: 'pass', reason: `kubelet ${passed.join('; ')}.`, evidence };
}

/**
 * A feature gate the kubelet could not parse: a --feature-gates item that is not `Name=<Go bool>` (the
 * collector leaves it out of the effective configuration, so the gate's default would show), or a config
 * file value that is not a YAML boolean (KubeletConfiguration.featureGates is map[string]bool). The kubelet
 * refuses to start with either, so the check cannot pass.
 */
function invalidGate(facts: NodeFacts, kubelet: KubeletFacts, condition: KubeletCondition): { ok: false; text: string; evidence: Evidence } | undefined {
  if (!condition.field.startsWith('featureGates.')) return undefined;
  const gate = condition.field.slice('featureGates.'.length);
  const flags = (facts.components.kubelet?.args ?? []).filter((a) => a.flag === '--feature-gates');
  const merged = flags.map((a) => a.value ?? '').join(',');
  if (flags.length > 0 && featureGateValue(merged, gate) === 'invalid') {
    const last = flags[flags.length - 1];
    return {
      ok: false,
      text: `--feature-gates=${merged} gives ${gate} a value that is not a Go boolean (true/false, 1/0, t/f); the kubelet refuses to start with it`,
      evidence: { subject: '--feature-gates', value: merged, source: 'flag', location: last?.location, note: 'invalid gate value' },
    };
  }
  const configured = (kubelet.effective.featureGates as Record<string, unknown> | undefined)?.[gate];
  if (configured !== undefined && typeof configured !== 'boolean') {
    const source = kubelet.sources[condition.field];
    return {
      ok: false,
      text: `${condition.field} is ${JSON.stringify(configured)}, not a boolean; the kubelet refuses a configuration with it`,
      evidence: { subject: condition.field, value: String(configured), source: source?.kind ?? 'config-file', location: source?.location, note: 'not a boolean' },
    };
  }
  return undefined;
}

function judgeField(kubelet: KubeletFacts, condition: KubeletCondition): { ok: boolean; text: string; evidence: Evidence } {
  const value = fieldValue(kubelet.effective, condition.field);
  const source = kubelet.sources[condition.field];
  const evidence: Evidence = {
    subject: condition.field,
    value,
    source: source?.kind ?? 'absent',
    location: source?.location,
    note: source?.kind === 'default' ? 'KubeletConfiguration default' : value === undefined ? 'not set and no default' : undefined,
  };
  const named = condition.flag ? `${condition.field} (${condition.flag})` : condition.field;
  const where = source?.kind === 'default' ? ' (default)' : source?.location ? ` (${source.kind} ${formatLocation(source.location)})` : source ? ` (${source.kind})` : '';
  const judged = satisfies(value, condition.expect);
  const shown = value === undefined ? 'not set' : `${value}${where}`;
  return { ok: judged.ok, text: judged.ok ? `${named} is ${shown}` : `${named} is ${shown}; it needs ${judged.required}`, evidence };
}

export function judgeKubeletFlag(test: KubeletFlagTest, facts: NodeFacts): Outcome {
  const kubelet = facts.kubelet;
  if (!kubelet) return componentMissing('kubelet', facts);
  const arg = lastArg(kubelet.flags, test.flag);
  const value = arg ? argValue(arg) : undefined;
  const evidence: Evidence = { subject: test.flag, value, source: arg ? 'flag' : 'absent', location: arg?.location };
  const judged = satisfies(value, test.expect);
  const shown = value === undefined ? 'not set' : `"${value}"`;
  if (!judged.ok) return { verdict: 'fail', reason: `kubelet ${test.flag} is ${shown}; it needs ${judged.required}.`, evidence: [evidence] };
  return { verdict: 'pass', reason: `kubelet ${test.flag} is ${shown}.`, evidence: [evidence] };
}

/** Where to change it on this node: the flag's location when a flag set it, else the config file in use. */
function kubeletFix(kubelet: KubeletFacts, evidence: readonly Evidence[]): { fix?: string } {
  const flags = evidence.filter((e) => e.source === 'flag' && e.location).map((e) => `${e.subject} is set by a flag at ${formatLocation(e.location as NonNullable<Evidence['location']>)}`);
  const parts = [...flags];
  if (kubelet.configFile) parts.push(`the config file in use is ${kubelet.configFile} (${kubelet.configFileSource})`);
  return parts.length > 0 ? { fix: `${parts.join('; ')}.` } : {};
}
