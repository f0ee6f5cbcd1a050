import type { Expect } from './model.js';

/** Go's strconv.ParseBool spellings, which every Kubernetes component's flag parser accepts. */
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
/** A Go duration that is zero: `0`, `0s`, `0h0m0s`, ... */
const ZERO_DURATION = /^(0+(\.0+)?(ns|us|µs|ms|s|m|h)?)+$/;

/** Normalises a scalar so that `True`/`1` compare equal to `true` and `0s` to `0`. */
export function normalize(value: string, expected: string): string {
  if (expected === 'true' || expected === 'false') {
    if (TRUE.has(value)) return 'true';
    if (FALSE.has(value)) return 'false';
  }
  if (expected === '0' && ZERO_DURATION.test(value)) return '0';
  return value;
}

/** Go's strconv.ParseBool; undefined for anything else. */
export function parseGoBool(value: string): boolean | undefined {
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return undefined;
}

/**
 * The value of one gate in a `--feature-gates` list, as component-base's featuregate.Set reads it: items
 * `Name=bool` separated by commas, later items winning; `invalid` when the gate's item has no `=` or a value
 * ParseBool rejects (the component refuses to start), `absent` when the gate is not named.
 */
export function featureGateValue(list: string, gate: string): boolean | 'invalid' | 'absent' {
  let result: boolean | 'invalid' | 'absent' = 'absent';
  for (const item of splitList(list)) {
    const eq = item.indexOf('=');
    const name = (eq === -1 ? item : item.slice(0, eq)).trim();
    if (name !== gate) continue;
    result = eq === -1 ? 'invalid' : (parseGoBool(item.slice(eq + 1).trim()) ?? 'invalid');
  }
  return result;
}

/** Splits a comma list as the components do (`Node,RBAC`), dropping empty items. */
export function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/**
 * Judges a value (undefined = absent) against an expectation.
 * `required` says what was required, for the reason text.
 */
export function satisfies(value: string | undefined, expect: Expect): { ok: boolean; required: string } {
  if ('set' in expect) {
    const present = value !== undefined && value !== '';
    return expect.set ? { ok: present, required: 'to be set' } : { ok: !present, required: 'not to be set' };
  }
  if ('eq' in expect) {
    return { ok: value !== undefined && normalize(value, expect.eq) === expect.eq, required: `to be ${expect.eq}` };
  }
  if ('noteq' in expect) {
    return { ok: value === undefined || normalize(value, expect.noteq) !== expect.noteq, required: `not to be ${expect.noteq}` };
  }
  if ('has' in expect) {
    return { ok: value !== undefined && splitList(value).includes(expect.has), required: `to include ${expect.has}` };
  }
  if ('nothave' in expect) {
    return { ok: value === undefined || !splitList(value).includes(expect.nothave), required: `not to include ${expect.nothave}` };
  }
  if ('gte' in expect) {
    const n = value === undefined ? Number.NaN : Number(value);
    return { ok: Number.isFinite(n) && n >= expect.gte, required: `to be ${expect.gte} or more` };
  }
  if ('validElements' in expect) {
    const items = value === undefined ? [] : splitList(value);
    const allowed = new Set(expect.validElements);
    return {
      ok: items.length > 0 && items.every((item) => allowed.has(item)),
      required: `to list only strong values (${expect.validElements.join(',')})`,
    };
  }
  if ('gate' in expect) {
    const gate = value === undefined ? 'absent' : featureGateValue(value, expect.gate);
    const required = `${expect.gate}=${String(expect.enabled)} (a Go boolean: true/false, 1/0, t/f; absent means ${String(expect.default)})`;
    if (gate === 'invalid') return { ok: false, required };
    return { ok: (gate === 'absent' ? expect.default : gate) === expect.enabled, required };
  }
  return { ok: value !== undefined && new RegExp(expect.regex).test(value), required: `to match ${expect.regex}` };
}
