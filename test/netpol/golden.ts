import { readFileSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';

/** Compares with test/golden/netpol/<name>; `UPDATE_GOLDEN=1` rewrites the file (then review the diff). */
export function assertGolden(name: string, actual: string): void {
  const path = `test/golden/netpol/${name}`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `golden ${path} differs (UPDATE_GOLDEN=1 to rewrite, then review)`);
}
