import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchmarkByName } from '../../src/cis/benchmarks/index.js';
import type { CheckDef } from '../../src/cis/model.js';

/** The definition of check `id` in the bundled benchmark or profile `benchmark`. */
export function checkDef(benchmark: string, id: string): CheckDef | undefined {
  return benchmarkByName(benchmark).controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).find((c) => c.id === id);
}

/** One test per row `[rule, id, automated, scored, test kind]`: the check's classification and how it is judged. */
export function classificationTests(benchmark: string, rows: readonly (readonly [string, string, boolean, boolean, string])[]): void {
  for (const [rule, id, automated, scored, kind] of rows) {
    test(`${benchmark} ${rule}`, () => {
      const found = checkDef(benchmark, id);
      assert.deepEqual([found?.automated, found?.scored, found?.test.kind], [automated, scored, kind]);
    });
  }
}
