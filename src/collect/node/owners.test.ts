import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIdFile } from './owners.js';

test('/etc/passwd: the first entry for an id names it; comments and malformed lines are skipped', () => {
  const names = parseIdFile('# comment\nroot:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/:/bin/sh\netcd:x:991:991::/var/lib/etcd:/sbin/nologin\nbroken-line\n');
  assert.equal(names.get(0), 'root');
  assert.equal(names.get(991), 'etcd');
  assert.equal(names.size, 2);
});

test('/etc/group lines have the same shape', () => {
  assert.equal(parseIdFile('root:x:0:\nadm:x:4:syslog,ubuntu\n').get(4), 'adm');
});
