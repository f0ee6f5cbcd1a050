import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { programNameFor, resolveColor, type ColorWhen } from '../../src/cli/context.js';
import { reportCollectWarnings } from '../../src/cli/commands/warnings.js';
import { captureContext, kubefort } from '../helpers/cli.js';
import { nodeFacts } from '../cis/builders.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';

/** [rule, --color, env, stdout is a TTY, colours] */
const COLOR: [string, ColorWhen, Record<string, string>, boolean, boolean][] = [
  ['auto: a terminal gets colours', 'auto', {}, true, true],
  ['auto: a pipe gets none', 'auto', {}, false, false],
  ['auto: NO_COLOR turns them off on a terminal', 'auto', { NO_COLOR: '1' }, true, false],
  ['auto: an empty NO_COLOR is not set (no-color.org)', 'auto', { NO_COLOR: '' }, true, true],
  ['auto: TERM=dumb gets none', 'auto', { TERM: 'dumb' }, true, false],
  ['auto: FORCE_COLOR forces them into a pipe', 'auto', { FORCE_COLOR: '1' }, false, true],
  ['auto: FORCE_COLOR wins over NO_COLOR (as Node reads them)', 'auto', { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
  ['auto: FORCE_COLOR=0 turns them off', 'auto', { FORCE_COLOR: '0' }, true, false],
  ['always: colours into a pipe, whatever NO_COLOR says', 'always', { NO_COLOR: '1' }, false, true],
  ['never: no colours on a terminal, whatever FORCE_COLOR says', 'never', { FORCE_COLOR: '1' }, true, false],
];
for (const [rule, when, env, tty, expected] of COLOR) {
  test(`colour: ${rule}`, () => assert.equal(resolveColor(when, env, tty), expected));
}

test('the program name follows the executable: kubectl-fort is `kubectl fort`', () => {
  assert.equal(programNameFor('/usr/local/bin/kubectl-fort'), 'kubectl fort');
  assert.equal(programNameFor('/usr/lib/node_modules/kubefort/bin/kubefort'), 'kubefort');
  assert.equal(programNameFor(undefined), 'kubefort');
});

const demo = materializeNodeFixture('kubeadm-1.32-controlplane');
const broken = materializeNodeFixture('broken-manifest');
after(() => { removeNodeFixture(demo); removeNodeFixture(broken); });

test('bench --color always paints the report; --color never does not, FORCE_COLOR through the env', async () => {
  const ESC = String.fromCharCode(27);
  assert.ok((await kubefort(['bench', '--root', demo, '-c', '1.2.15', '--color', 'always'])).out.includes(`${ESC}[31m[FAIL]`));
  assert.ok(!(await kubefort(['bench', '--root', demo, '-c', '1.2.15', '--color', 'never'], { color: true })).out.includes(ESC));
  assert.ok((await kubefort(['--color', 'always', 'bench', '--root', demo, '-c', '1.2.15'])).out.includes(ESC), 'before the command too');
  assert.ok((await kubefort(['bench', '--root', demo, '-c', '1.2.15', '--color', 'auto'], { env: { FORCE_COLOR: '1' } })).out.includes(ESC));
});

test('collector warnings go to stderr, not into the report on stdout (JSON keeps them)', async () => {
  const text = await kubefort(['bench', '--root', broken, '--fail-on', 'never']);
  assert.match(text.err, /^kubefort: warning: collect: \/etc\/kubernetes\/manifests\/kube-apiserver\.yaml/m);
  assert.doesNotMatch(text.out, /collect:|malformed static pod manifest/);
  const json = JSON.parse((await kubefort(['bench', '--root', broken, '--fail-on', 'never', '--json'])).out) as { warnings: string[] };
  assert.ok(json.warnings.length > 0);
  const collect = await kubefort(['collect', '--root', broken]);
  assert.match(collect.err, /^kubefort: warning: collect: /m);
});

test('a run refused reading the node says once: run as root (or with the host mounted read-only)', () => {
  const ctx = captureContext();
  reportCollectWarnings(nodeFacts({
    warnings: [
      { message: 'cannot read /proc/1/cmdline: permission denied', code: 'EACCES', location: { file: '/proc/1/cmdline' } },
      { message: 'cannot read /proc/2/environ: operation not permitted', code: 'EPERM', location: { file: '/proc/2/environ' } },
    ],
    files: { 'apiserver-manifest': [{ path: '/etc/kubernetes/manifests/kube-apiserver.yaml', exists: true, error: 'permission denied', errorCode: 'EACCES' }] },
  }), ctx);
  const hints = ctx.err.filter((l) => l.includes('run as root (or with the host mounted read-only)'));
  assert.equal(hints.length, 1);
  // Each source of a refusal alone is enough: a collector warning's code, or a file entry's errorCode.
  for (const facts of [
    { warnings: [{ message: 'cannot read /proc/1/cmdline: permission denied', code: 'EACCES' }] },
    { warnings: [{ message: 'cannot read /proc/1/environ: operation not permitted', code: 'EPERM' }] },
    { files: { 'apiserver-manifest': [{ path: '/etc/kubernetes/manifests/kube-apiserver.yaml', exists: true, error: 'permission denied', errorCode: 'EACCES' }] } },
  ]) {
    const one = captureContext();
    reportCollectWarnings(nodeFacts(facts), one);
    assert.ok(one.err.join('').includes('run as root (or with the host mounted read-only)'), JSON.stringify(facts));
  }
  // The hint is decided by the code, never the wording: text that merely says "Permission denied" (a manifest's
  // content quoted in a warning, a path) gives no hint, and another errno gives none either.
  for (const facts of [
    { warnings: [{ message: 'cannot read /x: no such file or directory', code: 'ENOENT' }] },
    { warnings: [{ message: 'malformed static pod manifest /etc/kubernetes/manifests/Permission denied.yaml:1:1: bad indentation' }] },
    { files: { 'pki-keys': [{ path: '/etc/kubernetes/pki/Permission denied.key', exists: true, error: 'is a FIFO', errorCode: 'ENOTREG' }] } },
  ]) {
    const quiet = captureContext();
    reportCollectWarnings(nodeFacts(facts), quiet);
    assert.ok(!quiet.err.join('').includes('run as root'), JSON.stringify(facts));
  }
});

test('more than 20 collector warnings are counted, not listed', () => {
  const ctx = captureContext();
  reportCollectWarnings(nodeFacts({ warnings: Array.from({ length: 25 }, (_, i) => ({ message: `w${i}` })) }), ctx);
  assert.equal(ctx.err.length, 21);
  assert.match(ctx.err[20] ?? '', /and 5 more/);
});
