/**
 * Mutations of real node roots (test/fixtures/cis/*) and of verify's inputs, for test/fuzz/node-fuzz.test.ts.
 * Deterministic for a seed. A mutation is data (Op[]), so a crashing one can be kept as a regression fixture and
 * replayed (test/fixtures/fuzz/node/*.json).
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** mulberry32: small, fast, good enough to pick mutations. */
export function prng(seed: number): { int(n: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}
export type Rng = ReturnType<typeof prng>;

export type Op =
  | { op: 'write'; path: string; base64: string }
  | { op: 'symlink'; path: string; target: string }
  | { op: 'fifo'; path: string }
  | { op: 'sparse'; path: string; size: number };

/** Node files worth mutating: what the collector parses. */
export function mutableFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && /(manifests\/.*\.yaml|kubelet.*|config\.(yaml|conf|json)|cmdline|environ|\.service|\.conf|\.env|kubeadm-flags\.env|default\/kubelet|passwd|group)$/.test(path)) {
        out.push(`/${relative(root, path)}`);
      }
    }
  };
  visit(root);
  return out.sort();
}

/** Tokens that broke parsers before: YAML anchors/aliases, prototype keys, dotted keys, deep nesting, NUL, tabs. */
const TOKENS = [
  '&a [*a, *a]', '*unknown', '__proto__:\n  podPidsLimit: 4096\n', 'authentication.anonymous.enabled: false\n', 'constructor: {prototype: {x: 1}}\n',
  '[[[[[[[[[[[[[[[[', '{{{{{{', '\t', '\0', '\\\n', '\\', '"', "'", ': : :', '- - -', '---\n', '...\n', '%YAML 1.1\n', '!!binary AAAA', '!<tag:x>',
  'kind: Pod\n', 'kind: KubeletConfiguration\n', 'apiVersion: v1\n', '--config=/proc/self/environ', '--anonymous-auth=maybe', '--feature-gates=__proto__=true,A.B=false',
  '$KUBELET_EXTRA_ARGS', '${X}', 'ExecStart=\n', 'EnvironmentFile=-/proc/self/environ\n', 'ETCD_ROOT_PASSWORD=x', '\u001b]0;title\u0007', '\u202e', '9'.repeat(400),
];

function mutateText(rng: Rng, text: Buffer): Buffer {
  let data = Buffer.from(text);
  const rounds = 1 + rng.int(4);
  for (let i = 0; i < rounds; i++) {
    const at = data.length === 0 ? 0 : rng.int(data.length);
    switch (rng.int(7)) {
      case 0: if (data.length > 0) data[at] = rng.int(256); break;
      case 1: data = Buffer.concat([data.subarray(0, at), Buffer.from(rng.pick(TOKENS), 'utf8'), data.subarray(at)]); break;
      case 2: data = data.subarray(0, at); break;
      case 3: data = Buffer.concat([data.subarray(0, at), data.subarray(at + 1 + rng.int(64))]); break;
      case 4: data = Buffer.concat([data, data.subarray(rng.int(Math.max(1, data.length)))]); break;
      case 5: data = Buffer.concat([data.subarray(0, at), Buffer.from(rng.pick(['[', '{', '- ', '  ', 'a\\\n', 'x: ']).repeat(1 + rng.int(5000)), 'utf8'), data.subarray(at)]); break;
      default: data = Buffer.concat([data.subarray(0, at), Buffer.from('\n', 'utf8'), data.subarray(at)]);
    }
  }
  return data;
}

/** One mutation of a materialized root: a file's text, or a file replaced by a link out of the root, a FIFO or a huge sparse file. */
export function mutateRoot(rng: Rng, root: string): Op[] {
  const files = mutableFiles(root);
  const ops: Op[] = [];
  const count = 1 + rng.int(3);
  for (let i = 0; i < count && files.length > 0; i++) {
    const path = rng.pick(files);
    const kind = rng.int(10);
    if (kind < 6) ops.push({ op: 'write', path, base64: mutateText(rng, readFileSync(join(root, path))).toString('base64') });
    else if (kind === 6) ops.push({ op: 'symlink', path, target: rng.pick(['/etc/passwd', '../../../../../../../../etc/hostname', '/proc/self/environ', '/proc/1/cmdline', '/dev/zero', path]) });
    else if (kind === 7) ops.push({ op: 'fifo', path });
    else if (kind === 8) ops.push({ op: 'sparse', path, size: rng.pick([5 * 1024 ** 2, 300 * 1024 ** 2, 2 * 1024 ** 3]) });
    else ops.push({ op: 'symlink', path: rng.pick(['/proc', '/etc/kubernetes', '/var/lib/kubelet', `/proc/${rng.pick(['1', '1043', '1391', '2231'])}`]), target: rng.pick(['/proc', '/', '../../../../../../proc/self', '/etc']) });
  }
  return ops;
}

/**
 * Applies ops to the copy at `root`, never through a symlink: an op whose directories above the last component
 * include a link (an earlier op may have linked /proc to the host's /) is skipped, so the harness itself can never
 * write outside the root. Directories are created one component at a time, with lstat checks.
 */
export function applyOps(root: string, ops: readonly Op[]): void {
  for (const op of ops) {
    const parts = op.path.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
    const path = join(root, ...parts);
    if (parts.length === 0 || !insideWithoutLinks(root, parts.slice(0, -1))) continue;
    rmSync(path, { recursive: true, force: true });
    if (op.op === 'write') writeFileSync(path, Buffer.from(op.base64, 'base64'));
    else if (op.op === 'symlink') symlinkSync(op.target, path);
    else if (op.op === 'fifo') execFileSync('mkfifo', [path]);
    else {
      writeFileSync(path, 'kind: KubeletConfiguration\n');
      truncateSync(path, op.size);
    }
  }
}

/** Creates the directories `parts` below root; false when one of them is a symlink or not a directory. */
function insideWithoutLinks(root: string, parts: readonly string[]): boolean {
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    if (!present(current)) mkdirSync(current);
    const stats = lstatSync(current);
    if (stats.isSymbolicLink() || !stats.isDirectory()) return false;
  }
  return true;
}

/** True when `path` is there, as anything (a dangling link included). */
export function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A checksum list made of real lines, malformed ones, escapes, long names and binary noise. */
export function mutateSums(rng: Rng, seedText: string): string {
  const lines = seedText.split('\n');
  const out: string[] = [];
  const extra = ['', '\\', '\\x  y', `${'a'.repeat(64)}  `, `${'A'.repeat(128)} *kubectl`, 'SHA256 (kubectl) = ', 'SHA512 (x) = 00', `${'0'.repeat(64)}  ${'n/'.repeat(2000)}`,
    `${'f'.repeat(64)}  /dev/zero`, `${'f'.repeat(64)}  /proc/self/fd/0`, `\\${'e'.repeat(64)}  a\\nb`, '\0\0\0', '\u001b[31mred', `${'1'.repeat(64)}\t\tkubectl`];
  for (let i = 0; i < 1 + rng.int(40); i++) {
    const base = rng.int(3) === 0 ? rng.pick(extra) : rng.pick(lines);
    out.push(rng.int(4) === 0 ? mutateText(rng, Buffer.from(base)).toString('utf8') : base);
  }
  return out.join(rng.int(5) === 0 ? '\r\n' : '\n');
}

/** A JSON document with some values removed, retyped, truncated or replaced by noise. */
export function mutateJson(rng: Rng, value: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, path: Array<string | number>): void => {
    if (path.length > 0) paths.push(path);
    if (typeof v === 'object' && v !== null) for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key], [...path, Array.isArray(v) ? Number(key) : key]);
  };
  walk(copy, []);
  const junk = (): unknown => rng.pick([null, 0, -1, 1e308, 'x', '', [], {}, true, 'AAAA', Buffer.from(Array.from({ length: rng.int(64) }, () => rng.int(256))).toString('base64'), '\u001b]0;t\u0007', 'SHA2_999', '99999999999999999999']);
  for (let i = 0; i < 1 + rng.int(3) && paths.length > 0; i++) {
    const path = rng.pick(paths);
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown> | null)?.[key];
    if (typeof parent !== 'object' || parent === null) continue;
    const holder = parent as Record<string | number, unknown>;
    const last = path[path.length - 1] as string | number;
    const current = holder[last];
    const kind = rng.int(4);
    if (kind === 0) delete holder[last];
    else if (kind === 1 && typeof current === 'string') {
      const bytes = Buffer.from(current, 'base64');
      if (bytes.length > 2) bytes[rng.int(bytes.length)] = rng.int(256);
      holder[last] = bytes.subarray(0, rng.int(bytes.length + 1)).toString('base64');
    } else holder[last] = junk();
  }
  return copy;
}
