import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identifyComponent, lastArg, parseArgs, splitCmdline } from './cmdline.js';

const at = (i: number) => ({ file: '/proc/1/cmdline', line: i });
const parsed = (tokens: string[]) => parseArgs(tokens, at).map(({ flag, value }) => (value === undefined ? [flag] : [flag, value]));

test('/proc/<pid>/cmdline: arguments end with NUL, the trailing NUL leaves no empty argument', () => {
  assert.deepEqual(splitCmdline('kube-apiserver\0--profiling=false\0'), ['kube-apiserver', '--profiling=false']);
  assert.deepEqual(splitCmdline(''), []);
  assert.deepEqual(splitCmdline('a\0\0b\0'), ['a', '', 'b'], 'an empty argument in the middle is kept');
});

const components: [string, string[], string | undefined, number | undefined][] = [
  ['a bare name', ['kube-apiserver', '--x=1'], 'kube-apiserver', 1],
  ['an absolute path: the basename decides', ['/usr/local/bin/kube-apiserver'], 'kube-apiserver', 1],
  ['kubelet from /usr/bin', ['/usr/bin/kubelet', '--config=/x'], 'kubelet', 1],
  ['hyperkube takes the component as its first argument', ['/hyperkube', 'kubelet', '--v=2'], 'kubelet', 2],
  ['hyperkube with something else is not a component', ['/hyperkube', 'kubectl'], undefined, undefined],
  ['a name that only contains a component name is not it', ['/usr/bin/kube-apiserver-proxy'], undefined, undefined],
  ['grep for a component is not the component', ['grep', 'kube-apiserver'], undefined, undefined],
  ['an empty argv', [], undefined, undefined],
];
for (const [name, argv, expected, argsStart] of components) {
  test(`component identity: ${name}`, () => {
    const found = identifyComponent(argv);
    assert.equal(found?.name, expected);
    assert.equal(found?.argsStart, argsStart);
  });
}

const cases: [string, string[], string[][]][] = [
  ['--a=b: the value follows the first =', ['--etcd-servers=https://127.0.0.1:2379'], [['--etcd-servers', 'https://127.0.0.1:2379']]],
  ['a value containing = keeps everything after the first =', ['--feature-gates=A=true,B=false'], [['--feature-gates', 'A=true,B=false']]],
  ['--a= is an explicitly empty value, not a bare flag', ['--audit-log-path='], [['--audit-log-path', '']]],
  ['--a b: the next argument is the value of a non-boolean flag', ['--data-dir', '/var/lib/etcd'], [['--data-dir', '/var/lib/etcd']]],
  ['a boolean flag never takes the next argument (pflag NoOptDefVal)', ['--profiling', 'false'], [['--profiling']]],
  ['a bare flag followed by another flag has no value', ['--anonymous-auth', '--v=2'], [['--anonymous-auth'], ['--v', '2']]],
  ['a bare flag at the end has no value', ['--some-unknown-flag'], [['--some-unknown-flag']]],
  ['a flag given twice appears twice, in order', ['--profiling=true', '--profiling=false'], [['--profiling', 'true'], ['--profiling', 'false']]],
  ['single-dash long flags (Go flag package, etcd) are reported with two dashes', ['-data-dir=/d', '-name', 'n1'], [['--data-dir', '/d'], ['--name', 'n1']]],
  ['-- ends the flags', ['--a=1', '--', '--b=2'], [['--a', '1']]],
  ['positional arguments are not flags', ['serve', '--a=1'], [['--a', '1']]],
];
for (const [name, tokens, expected] of cases) {
  test(`argument parsing: ${name}`, () => assert.deepEqual(parsed(tokens), expected));
}

test('argument parsing: each flag carries the location of the argument that wrote it', () => {
  const args = parseArgs(['--data-dir', '/d', '--name=x'], at);
  assert.deepEqual(args.map((a) => a.location.line), [0, 2]);
});

test('the last occurrence of a flag is the effective one', () => {
  const args = parseArgs(['--profiling=true', '--v=2', '--profiling=false'], at);
  assert.equal(lastArg(args, '--profiling')?.value, 'false');
  assert.equal(lastArg(args, '--missing'), undefined);
});
