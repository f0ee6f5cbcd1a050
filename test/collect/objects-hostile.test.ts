import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadObjects } from '../../src/collect/objects.js';
import { readBounded } from '../../src/collect/object-files.js';
import { parseYamlText } from '../../src/collect/yaml-source.js';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const fromText = (text: string) => loadObjects(['-'], { readStdin: () => text });
const messages = (set: { errors: { message: string }[] }) => set.errors.map((e) => e.message);

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-objects-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function aliasBomb(levels: number): string {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < levels; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  return `kind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${text.replace(/^/gm, '  ')}`;
}

test('an unresolved alias is an input error naming file:line, not a ReferenceError; the next document loads', () => {
  const set = fromText(`kind: Pod\nmetadata:\n  name: *nope\n---\n${ns('after')}`);
  assert.deepEqual(messages(set), ['<stdin>:3:9: alias *nope has no anchor &nope before it; this document is not read']);
  assert.deepEqual(set.objects.map((o) => o.object.metadata.name), ['after']);
});

test('an alias bomb, a recursive alias and 900 aliases of a 1 MB string are refused by what they expand to', () => {
  assert.match(messages(fromText(aliasBomb(9)))[0] ?? '', /^<stdin>:\d+:\d+: aliases expand this document to more than 1000000 nodes beyond its own \(an alias bomb\?\); this document is not read$/);
  assert.deepEqual(messages(fromText('kind: Pod\nmetadata: &m {name: x, self: *m}\n')), ['<stdin>:2:30: alias *m is inside the node it refers to (a recursive alias); this document is not read']);
  const wide = `kind: ConfigMap\nmetadata: {name: wide}\ndata:\n  s: &s "${'x'.repeat(1_000_000)}"\n  l: [${Array(900).fill('*s').join(', ')}]\n`;
  assert.match(messages(fromText(wide))[0] ?? '', /more than 16777216 characters beyond its own/);
  // A few levels of aliases are ordinary YAML and load.
  assert.equal(fromText(aliasBomb(3)).objects.length, 1);
});

test('nesting is bounded with a clear message: a 1 MB line of [, thousands of block levels, aliases that nest', () => {
  assert.deepEqual(messages(fromText('['.repeat(1_000_000))), ['<stdin>:1:258: nested deeper than 256 levels; this document is not read']);
  const block = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
  assert.match(messages(fromText(`${block}\n---\n${ns('kept')}`))[0] ?? '', /^<stdin>:257:\d+: nested deeper than 256 levels; this document is not read$/);
  assert.deepEqual(fromText(`${block}\n---\n${ns('kept')}`).objects.map((o) => o.object.metadata.name), ['kept']);
  // Documents before and after the deep one, even one split only by `--- # comment`, are kept.
  const around = fromText(`${ns('before')}--- # same kubectl document\nx: ${'['.repeat(1000)}\n---\n${ns('after')}`);
  assert.deepEqual(around.objects.map((o) => o.object.metadata.name), ['before', 'after']);
  const levels = Array.from({ length: 200 }, () => '[').join('');
  const viaAliases = `kind: ConfigMap\nmetadata: {name: n}\na: &a ${levels}1${']'.repeat(200)}\nb: ${levels}*a${']'.repeat(200)}\n`;
  assert.match(messages(fromText(viaAliases))[0] ?? '', /nested deeper than 256 levels \(through aliases\)/);
});

test('a tab-indented file gives a bounded number of warning lines, the rest counted', () => {
  const parsed = parseYamlText('kind: Pod\nmetadata:\n' + '\tname: x\n'.repeat(11_000), 'tabs.yaml');
  assert.equal(parsed.errors.length, 1);
  const lines = parseYamlText(Array.from({ length: 5000 }, (_, i) => `kind: Pod\nmetadata:\n\tname: p${i}\n`).join('---\n'), 'tabs.yaml').errors.map((e) => e.message);
  assert.equal(lines.length, 11);
  assert.equal(lines[10], 'tabs.yaml: and 4990 more error(s) in this file');
});

test('input sizes have explicit limits with clear messages: per file, per document count, in all', (t) => {
  assert.deepEqual(messages(loadObjects(['-'], { readStdin: () => ns('big'), limits: { maxBytes: 20 } })), ['<stdin>: larger than 20 bytes (the limit for one file); not read']);
  const many = Array.from({ length: 5 }, (_, i) => ns(`n${i}`)).join('---\n');
  const capped = loadObjects(['-'], { readStdin: () => many, limits: { maxDocuments: 3 } });
  assert.equal(capped.objects.length, 3);
  assert.match(messages(capped)[0] ?? '', /^<stdin>:16:1: more than 3 documents \(the limit for one file\); the rest of the file is not read$/);
  const dir = tempDir(t);
  for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, `${name}.yaml`), ns(name));
  const total = loadObjects([dir], { limits: { maxTotalBytes: ns('a').length * 2 } });
  assert.deepEqual(total.objects.map((o) => o.object.metadata.name), ['a', 'b']);
  assert.match(messages(total)[0] ?? '', /c\.yaml: (the input is larger than|larger than) /);
});

test('devices, sockets and FIFOs as paths neither block nor read without bound', (t) => {
  assert.deepEqual(messages(loadObjects(['/dev/zero', '/dev/null'])), [
    '/dev/zero: is a character device, not a file of objects; not read',
    '/dev/null: is a character device, not a file of objects; not read',
  ]);
  const fifo = join(tempDir(t), 'objects.yaml');
  execFileSync('mkfifo', [fifo]);
  // No writer: the non-blocking open returns at once and the pipe reads as empty.
  const set = loadObjects([fifo]);
  assert.deepEqual([set.objects.length, set.errors.length, set.files], [0, 0, [fifo]]);
  const zero = openSync('/dev/zero', 'r');
  try {
    assert.deepEqual(readBounded(zero, 1024, 1000), { ok: false, reason: 'larger than 1024 bytes (the limit for one file); not read', tooLarge: true });
  } finally {
    closeSync(zero);
  }
});

test('an unreadable sub-folder is an error for that folder; the rest of the tree still loads', (t) => {
  // Under /tmp itself, not the test run's private TMPDIR: the child below runs as nobody and must reach it.
  const dir = mkdtempSync('/tmp/kubefort-objects-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const childTmp = join(dir, 'tmp');
  mkdirSync(childTmp);
  chmodSync(childTmp, 0o777);
  mkdirSync(join(dir, 'tree', 'locked'), { recursive: true });
  writeFileSync(join(dir, 'tree', 'locked', 'hidden.yaml'), ns('hidden'));
  writeFileSync(join(dir, 'tree', 'open.yaml'), ns('open'));
  chmodSync(join(dir, 'tree', 'locked'), 0o000);
  chmodSync(dir, 0o755);
  // As root, permissions do not apply: load as nobody in a child process then.
  const script = `import { loadObjects } from './src/collect/objects.ts';
const set = loadObjects([${JSON.stringify(join(dir, 'tree'))}]);
console.log(JSON.stringify({ names: set.objects.map((o) => o.object.metadata.name), errors: set.errors.map((e) => e.message) }));`;
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', ...asNobody, env: { ...process.env, TMPDIR: childTmp } });
  chmodSync(join(dir, 'tree', 'locked'), 0o755);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { names: ['open'], errors: [`${join(dir, 'tree', 'locked')}: cannot read folder: permission denied`] });
});
