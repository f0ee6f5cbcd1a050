import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errLines, kubefort } from '../helpers/cli.js';

/** netpol commands that could read no object have analysed nothing: exit 2, one line. */
const dir = mkdtempSync(join(tmpdir(), 'kubefort-netpol-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SEED = join(import.meta.dirname, '..', 'fixtures', 'netpol', 'seed-g04');
const garbage = join(dir, 'garbage.yaml');
writeFileSync(garbage, Buffer.from([0, 159, 146, 150, 0, 255, 10, 1, 2, 0]));
const unreadable = join(dir, 'missing.yaml');
const emptyDir = join(dir, 'empty');
mkdirSync(emptyDir);
const broken = join(dir, 'broken.yaml');
writeFileSync(broken, 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x\n');

/** [input, argument, stdin] */
const NOTHING: [string, string, string][] = [
  ['an unreadable file', unreadable, ''],
  ['binary garbage', garbage, ''],
  ['/dev/null', '/dev/null', ''],
  ['empty stdin', '-', ''],
  ['an empty folder', emptyDir, ''],
  ['a file whose only document is malformed', broken, ''],
];
const COMMANDS: [string, (input: string) => string[]][] = [
  ['list', (i) => ['netpol', 'list', i]],
  ['lint', (i) => ['netpol', 'lint', i]],
  ['graph', (i) => ['netpol', 'graph', i]],
  ['eval', (i) => ['netpol', 'eval', i, '--from', 'a/b', '--to', 'c/d', '--port', '80']],
  ['diff (before side)', (i) => ['netpol', 'diff', i, SEED]],
  ['diff (after side)', (i) => ['netpol', 'diff', SEED, i]],
];
for (const [command, argv] of COMMANDS) {
  test(`netpol ${command} with no object read exits 2 with one line`, async () => {
    for (const [name, input, stdin] of NOTHING) {
      const ran = await kubefort(argv(input), { readStdin: () => stdin });
      assert.equal(ran.code, 2, `${name}: ${ran.err}`);
      assert.equal(errLines(ran).length, 1, `${name}: ${ran.err}`);
      assert.match(ran.err, /^kubefort: no Kubernetes objects (could be read from|in) /, name);
      assert.equal(ran.out, '', name);
    }
  });
}

test('netpol list with some documents unreadable says how many and where, on stderr, and lists the rest', async () => {
  // Without --allow-partial list refuses to answer on partial input (issue 7 item 4): exit 2, nothing on stdout.
  const refused = await kubefort(['netpol', 'list', SEED, broken]);
  assert.equal(refused.code, 2, refused.err);
  assert.equal(refused.out, '');
  const ran = await kubefort(['netpol', 'list', SEED, broken, '--allow-partial']);
  assert.equal(ran.code, 0, ran.err);
  assert.match(ran.err, new RegExp(`kubefort: warning: 1 file\\(s\\) or document\\(s\\) could not be read \\(in ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\); analysed the \\d+ object\\(s\\) that could`));
  assert.match(ran.out, /g04\/frontend\[Pod\]/);
});

test('netpol colours DENIED and HIGH with --color always, never otherwise', async () => {
  const ESC = String.fromCharCode(27);
  const args = ['netpol', 'eval', SEED, '--from', 'default/other', '--to', 'g04/backend', '--port', '3000'];
  const plain = await kubefort(args);
  assert.ok(!plain.out.includes(ESC));
  const coloured = await kubefort([...args, '--color', 'always']);
  assert.equal(coloured.code, 1);
  assert.ok(coloured.out.includes(`${ESC}[31m${ESC}[1mDENIED`), coloured.out);
  const lint = await kubefort(['netpol', 'lint', SEED, '--color', 'always']);
  assert.match(lint.out, new RegExp(`^${ESC}\\[31m${ESC}\\[1mHIGH${ESC}`, 'm'));
  assert.ok(!(await kubefort([...args, '--color', 'never'], { color: true })).out.includes(ESC));
});
