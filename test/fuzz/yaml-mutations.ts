/**
 * Structural mutations of YAML text for the object-loader fuzz test: each takes a real fixture and a seeded
 * random source and returns hostile but plausible input (what a broken pipeline, a concatenation or an
 * attacker would hand kubefort). Deterministic: the same seed gives the same inputs.
 */
export type Random = () => number;

/** mulberry32: a small seeded PRNG, enough to make every run of the fuzz test reproducible. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Random, items: readonly T[]): T => items[int(r, items.length)] as T;

function lines(text: string): string[] {
  return text.split('\n');
}

/** Index of a random line holding `key: value`, or -1. */
function valueLine(r: Random, ls: string[]): number {
  const candidates = ls.map((l, i) => (/^\s*-?\s*[\w.\-/]+:\s+\S/.test(l) ? i : -1)).filter((i) => i >= 0);
  return candidates.length === 0 ? -1 : pick(r, candidates);
}

function replaceValue(r: Random, text: string, by: (r: Random) => string): string {
  const ls = lines(text);
  const i = valueLine(r, ls);
  if (i < 0) return text;
  ls[i] = (ls[i] ?? '').replace(/^(\s*-?\s*[\w.\-/]+:\s+).*$/, (_m, head: string) => `${head}${by(r)}`);
  return ls.join('\n');
}

const WRONG_TYPES = ['42', '-1', '3.5e9', 'true', 'null', '~', '{}', '[]', '{a: {b: [1, 2]}}', '[x, 1, {y: z}]', '""', '0x1F', '0755', 'yes', '.inf'];
const ESCAPES = ['"\\e]0;owned\\a"', '"\\e[31mred\\e[0m"', '"a\\u202eb"', '"\\u009b2J"', '"x\\ny"', '"\\0"', '"\\x7f"'];

export const MUTATIONS: Readonly<Record<string, (r: Random, text: string) => string>> = {
  'wrong type': (r, t) => replaceValue(r, t, (rr) => pick(rr, WRONG_TYPES)),
  'escape in a value': (r, t) => replaceValue(r, t, (rr) => pick(rr, ESCAPES)),
  'huge string': (r, t) => replaceValue(r, t, (rr) => 'x'.repeat(pick(rr, [10_000, 300_000, 2_000_000]))),
  'anchor and alias': (r, t) => {
    const ls = lines(t);
    const i = valueLine(r, ls);
    const j = valueLine(r, ls);
    if (i < 0 || j < 0) return t;
    ls[i] = (ls[i] ?? '').replace(/:\s+/, ': &fz ');
    ls[j] = (ls[j] ?? '').replace(/:\s+.*$/, ': *fz');
    return ls.join('\n');
  },
  'unresolved alias': (r, t) => replaceValue(r, t, () => '*missing'),
  'alias bomb': (r, t) => {
    const levels = 3 + int(r, 8);
    let bomb = 'lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < levels; i++) bomb += `lol${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
    return `${bomb}${t}`;
  },
  'deep flow nesting': (r, t) => {
    const n = pick(r, [50, 300, 5_000, 200_000]);
    return replaceValue(r, t, () => `${'['.repeat(n)}x${r() < 0.5 ? ']'.repeat(n) : ''}`);
  },
  'deep block nesting': (r, t) => {
    const n = pick(r, [100, 400, 2_000]);
    return `${t}\n---\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`;
  },
  truncation: (r, t) => t.slice(0, int(r, t.length + 1)),
  'binary bytes': (r, t) => {
    const at = int(r, t.length + 1);
    const junk = Array.from({ length: 1 + int(r, 64) }, () => String.fromCharCode(int(r, 256))).join('');
    return t.slice(0, at) + junk + t.slice(at);
  },
  tabs: (r, t) => {
    const ls = lines(t);
    for (let k = 0; k < 1 + int(r, 5); k++) {
      const i = int(r, ls.length);
      ls[i] = (ls[i] ?? '').replace(r() < 0.5 ? /^ +/ : /, ?/, (m) => (m.startsWith(',') ? ',\t' : '\t'.repeat(Math.max(1, m.length / 2))));
    }
    return ls.join('\n');
  },
  'tab-indented file': (_r, t) => t.replace(/^( {2})+/gm, (m) => '\t'.repeat(m.length / 2)),
  'duplicate keys': (r, t) => {
    const ls = lines(t);
    const i = valueLine(r, ls);
    if (i >= 0) ls.splice(i + 1, 0, ls[i] ?? '');
    return ls.join('\n');
  },
  'documents joined without ---': (_r, t) => t.replace(/^---\s*$/gm, ''),
  'documents repeated': (r, t) => Array(1 + int(r, 50)).fill(t).join('\n---\n'),
  'lines shuffled': (r, t) => {
    const ls = lines(t);
    for (let k = 0; k < 3; k++) {
      const i = int(r, ls.length);
      const j = int(r, ls.length);
      [ls[i], ls[j]] = [ls[j] ?? '', ls[i] ?? ''];
    }
    return ls.join('\n');
  },
  'YAML oddities': (r, t) => replaceValue(r, t, (rr) => pick(rr, ['!!binary aGVsbG8=', '!!set {a, b}', '!!omap [a: 1]', '!custom x', '? [a]', '<<: *x', '|\n\tx', '>-', '@x', '`x', '%YAML 1.1'])),
  'block replaced by a value': (r, t) => {
    const ls = lines(t);
    const blocks = ls.map((l, i) => (/^\s*-?\s*[\w.\-/]+:\s*$/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (blocks.length === 0) return t;
    const i = pick(r, blocks);
    const indent = (ls[i] ?? '').search(/\S/);
    let end = i + 1;
    while (end < ls.length && ((ls[end] ?? '').trim() === '' || (ls[end] ?? '').search(/\S/) > indent || /^\s*- /.test(ls[end] ?? '') && (ls[end] ?? '').search(/\S/) === indent)) end += 1;
    ls.splice(i, end - i, `${ls[i]} ${pick(r, [...WRONG_TYPES, ...ESCAPES])}`);
    return ls.join('\n');
  },
  'list and map swapped': (r, t) => {
    const ls = lines(t);
    const items = ls.map((l, i) => (/^\s*- \S/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (items.length === 0) return t;
    const i = pick(r, items);
    ls[i] = (ls[i] ?? '').replace(/- /, r() < 0.5 ? '  ' : '- - ');
    return ls.join('\n');
  },
  'namespace as number': (_r, t) => t.replace(/namespace: \S+/, 'namespace: 2024'),
  'metadata wrong': (r, t) => t.replace(/^(\s*)metadata:\s*$/m, (_m, s: string) => `${s}metadata: ${pick(r, ['42', '[a, b]', 'text', 'null'])}\n${s}ignored:`),
};

export const MUTATION_NAMES = Object.keys(MUTATIONS).sort();

/** One to three mutations; returns the text and the names applied, for the failure message. */
export function mutate(r: Random, text: string): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let k = 0; k < 1 + int(r, 3); k++) {
    const name = pick(r, MUTATION_NAMES);
    applied.push(name);
    out = (MUTATIONS[name] as (r: Random, t: string) => string)(r, out);
  }
  return { text: out, applied };
}
