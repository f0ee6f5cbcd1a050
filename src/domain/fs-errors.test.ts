import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errnoCode, fsErrorReason, strerror } from './fs-errors.js';

const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/host/etc/x'"), { code: 'ENOENT' });
const eacces = Object.assign(new Error("EACCES: permission denied, open '/host/etc/y'"), { code: 'EACCES' });

test('strerror words an errno as coreutils prints it, without the host path', () => {
  assert.equal(strerror(enoent), 'No such file or directory');
  assert.equal(strerror(eacces), 'Permission denied');
});

test('fsErrorReason is the same text in lower case, for use inside a sentence', () => {
  assert.equal(fsErrorReason(enoent), 'no such file or directory');
});

test('an error without a known code keeps its own message', () => {
  assert.equal(strerror(new Error('boom')), 'boom');
  assert.equal(fsErrorReason(Object.assign(new Error('odd'), { code: 'EWEIRD' })), 'odd');
  assert.equal(errnoCode('not an error'), undefined);
});
