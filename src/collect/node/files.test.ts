import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Stats } from 'node:fs';
import type { FileFact } from '../../domain/node-facts.js';
import { FileCollector, statFile } from './files.js';
import type { NodeFs, ReadResult } from './node-fs.js';
import type { OwnerNames } from './owners.js';

/** A NodeFs whose lstat answers from a table (the real one is exercised by the fixture tests). */
function fakeFs(table: Record<string, ReadResult<Partial<Stats>>>): NodeFs {
  return {
    lstat: (path: string) => table[path] ?? { ok: false, code: 'ENOENT', reason: 'no such file or directory' },
    resolve: (path: string) => path,
  } as unknown as NodeFs;
}
const stats = (mode: number, uid: number, gid: number): ReadResult<Partial<Stats>> => ({
  ok: true,
  value: { mode, uid, gid, isSymbolicLink: () => false, isFile: () => true, isDirectory: () => false },
});
const owners: OwnerNames = { user: (uid) => (uid === 0 ? 'root' : undefined), group: (gid) => (gid === 0 ? 'root' : undefined) };

const cases: [string, ReadResult<Partial<Stats>> | undefined, FileFact][] = [
  ['an absent file is exists: false and nothing else', undefined, { path: '/f', exists: false }],
  ['an unreadable file keeps exists: true with the reason and its errno code, never passes for absent',
    { ok: false, code: 'EACCES', reason: 'permission denied' }, { path: '/f', exists: true, error: 'permission denied', errorCode: 'EACCES' }],
  ['mode is the permission bits only (file type bits dropped)', stats(0o100600, 0, 0),
    { path: '/f', exists: true, type: 'file', mode: 0o600, uid: 0, gid: 0, user: 'root', group: 'root' }],
  ['an id without a passwd/group entry stays numeric, without a name', stats(0o100644, 989, 989),
    { path: '/f', exists: true, type: 'file', mode: 0o644, uid: 989, gid: 989 }],
];
for (const [name, result, expected] of cases) {
  test(`file facts: ${name}`, () => {
    const fs = fakeFs(result === undefined ? {} : { '/f': result });
    assert.deepEqual(statFile(fs, '/f', owners), expected);
  });
}

test('file facts: a path in two roles (a pki key is in pki-dir and pki-keys) is stat\'ed once and reported in both', () => {
  const calls: string[] = [];
  const table = fakeFs({ '/etc/kubernetes/pki/ca.key': stats(0o100600, 0, 0) });
  const fs = { ...table, lstat: (path: string) => { calls.push(path); return table.lstat(path); } } as unknown as NodeFs;
  const files = new FileCollector(fs, owners);
  files.add('pki-dir', '/etc/kubernetes/pki/ca.key');
  files.add('pki-keys', '/etc/kubernetes/pki//ca.key');
  files.add('pki-keys', '/etc/kubernetes/pki/ca.key');
  const result = files.result();
  assert.deepEqual(calls, ['/etc/kubernetes/pki/ca.key']);
  assert.deepEqual(result['pki-keys'], result['pki-dir']);
  assert.equal(result['pki-keys']?.[0]?.mode, 0o600);
});
