import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseK3sLog } from './k3s-log.js';

const flags = (log: ReturnType<typeof parseK3sLog>, name: 'kube-apiserver' | 'kubelet') =>
  (log.components[name]?.args ?? []).map((a) => `${a.flag}=${a.value ?? ''}@${a.location.line ?? 0}`);

test('the last "Running <component>" line wins: a restart with other arguments is what runs now', () => {
  const log = parseK3sLog([
    'time="2026-12-01T08:00:01Z" level=info msg="Running kube-apiserver --profiling=true --secure-port=6444"',
    'time="2026-12-01T08:10:01Z" level=info msg="Running kube-apiserver --profiling=false --secure-port=6444"',
  ].join('\n'), '/var/log/k3s.log');
  assert.deepEqual(flags(log, 'kube-apiserver'), ['--profiling=false@2', '--secure-port=6444@2']);
  assert.equal(log.components['kube-apiserver']?.line, 2);
});

test('journal lines (journalctl -u k3s) and logrus escapes: \\" inside the quoted message is a quote, the closing quote ends the argv', () => {
  const text = 'Dec 01 09:12:04 node k3s[4100]: time="2026-12-01T09:12:04Z" level=info msg="Running kubelet --node-labels=team=\\"a\\" --read-only-port=0" extra=1';
  const log = parseK3sLog(text, 'k3s.journal');
  assert.deepEqual(flags(log, 'kubelet'), ['--node-labels=team="a"@1', '--read-only-port=0@1']);
});

test('a terminal log (INFO[0000] Running ...) has no quotes; a value with a space is joined back to its flag', () => {
  const log = parseK3sLog('INFO[0003] Running kube-apiserver --audit-log-path=/var/log/my audit.log --profiling=false\n', 'f');
  assert.deepEqual(flags(log, 'kube-apiserver'), ['--audit-log-path=/var/log/my audit.log@1', '--profiling=false@1']);
});

test('"Managed etcd cluster" marks an embedded etcd; "Starting k3s vX+k3sN" gives the version; cloud-controller-manager is not a CIS component', () => {
  const log = parseK3sLog([
    'time="t" level=info msg="Starting k3s v1.24.17+k3s1 (026bb0ec)"',
    'time="t" level=info msg="Managed etcd cluster initializing"',
    'time="t" level=info msg="Running cloud-controller-manager --profiling=false"',
  ].join('\n'), 'f');
  assert.equal(log.version, 'v1.24.17+k3s1');
  assert.equal(log.managedEtcdLine, 2);
  assert.deepEqual(Object.keys(log.components), []);
});

test('lines that only mention a component are not argv lines ("Running kube-apiserver" must be followed by flags)', () => {
  const log = parseK3sLog('time="t" level=info msg="Waiting for Running kube-apiserver to be ready"\n', 'f');
  assert.deepEqual(log.components, {});
});
