import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GOLDEN_ROOT = join(import.meta.dirname, '..', 'golden');

/**
 * A comparer against test/golden/<area>/<name>. `UPDATE_GOLDEN=1` rewrites the file instead (then review the
 * diff); CI refuses that, so a golden file can never be regenerated silently there.
 */
export function goldenIn(area: string): (name: string, actual: string) => void {
  return (name, actual) => {
    const path = join(GOLDEN_ROOT, area, name);
    if (process.env.UPDATE_GOLDEN === '1') {
      assert.ok(process.env.CI === undefined, 'UPDATE_GOLDEN=1 is refused under CI: golden files are reviewed, not regenerated');
      writeFileSync(path, actual);
    }
    assert.ok(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 and review it`);
    assert.equal(actual, readFileSync(path, 'utf8'), `${path} differs; rerun with UPDATE_GOLDEN=1 and review the diff`);
  };
}
