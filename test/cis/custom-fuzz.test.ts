import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAudit } from '../../src/cis/custom/audit.js';
import { loadConfigDir } from '../../src/cis/custom/load.js';
import { evaluate } from '../../src/cis/evaluate.js';
import { TARGETS } from '../../src/cis/model.js';
import { KubefortError } from '../../src/domain/errors.js';
import { removeNodeFixture, writeNodeRoot } from '../helpers/materialize.js';
import { kubeletFacts } from './builders.js';
// The fuzz tests' one seeded PRNG (mulberry32): the same seed gives the same cases as before, so a failure names a
// reproducible case.
import { seeded as prng } from '../fuzz/yaml-mutations.js';

const source = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cis', 'custom-cfg', 'team-baseline', 'master.yaml'), 'utf8');
const dir = writeNodeRoot({}, 'custom-fuzz');
after(() => removeNodeFixture(dir));
const NOISE = ['\0', '\u202e', ':', '- ', '{', '}', '[', '"', "'", '\n  ', '*', '&a', '!!binary', '$(', '`', '|', '\t', '%', '\\'];

function mutate(text: string, rnd: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * out.length);
    const choice = rnd();
    if (choice < 0.3) out = out.slice(0, at);
    else if (choice < 0.7) out = out.slice(0, at) + (NOISE[Math.floor(rnd() * NOISE.length)] ?? '') + out.slice(at);
    else out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 40));
  }
  return out;
}

test('mutated controls files either load and judge, or fail with a kubefort error (never a crash), in bounded time', () => {
  const rnd = prng(20261201);
  const facts = kubeletFacts({ 'authentication.anonymous.enabled': false });
  for (let i = 0; i < 120; i++) {
    const bench = join(dir, `case${i}`);
    mkdirSync(bench, { recursive: true });
    writeFileSync(join(bench, 'master.yaml'), mutate(source, rnd));
    try {
      const { benchmark } = loadConfigDir(dir, undefined, `case${i}`);
      const result = evaluate({ facts, benchmark, benchmarkReason: 'fuzz', selection: { targets: [...TARGETS] } });
      for (const check of result.controls.flatMap((c) => c.groups.flatMap((g) => g.checks))) {
        assert.ok(['PASS', 'FAIL', 'WARN', 'INFO'].includes(check.status), `case ${i}: ${check.id}`);
      }
    } catch (error) {
      assert.ok(error instanceof KubefortError, `case ${i}: ${String(error)}`);
      assert.doesNotMatch(error.message, /\n/, `case ${i}: one line`);
    }
  }
});

test('random audit strings are read as an idiom or unsupported, never executed, never throwing', () => {
  const rnd = prng(7);
  const alphabet = 'ps -ef|grep$kubeletbin statc%a:U G/etc/kubernetes;&`()\'"\\ find xargs cat';
  for (let i = 0; i < 500; i++) {
    const length = Math.floor(rnd() * 120);
    const audit = Array.from({ length }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const parsed = parseAudit(audit);
    assert.ok(['process', 'stat', 'find-stat', 'cat', 'unsupported'].includes(parsed.kind));
  }
  assert.equal(parseAudit(`${'a'.repeat(100000)} | grep kubelet`).kind, 'unsupported');
});
