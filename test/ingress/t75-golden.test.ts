import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { goldenIn } from '../helpers/golden.js';
import { materialize, type Materialized } from './fixtures.js';
import { makeCert, NOW, type Issued } from './pki.js';

const assertGolden = goldenIn('ingress');
const HOST = 'accounting.internal.acme.com';

let cert: Issued;
const made: Materialized[] = [];
before(async () => {
  cert = await makeCert({ sans: [HOST] });
});
after(() => made.forEach((m) => m.remove()));

const CASES = [
  { name: 't75', namespace: 't75', exit: 0, rules: ['ING027'] },
  { name: 't75-secret-other-namespace', namespace: 'default', exit: 1, rules: ['ING011'] },
  { name: 't75-secretname-typo', namespace: 't75', exit: 1, rules: ['ING011'] },
  { name: 't75-no-ingressclass', namespace: 't75', exit: 1, rules: ['ING040', 'ING027'] },
] as const;

for (const c of CASES) {
  for (const format of ['text', 'json'] as const) {
    test(`seed t75 accounting example, ${c.name}: -o ${format} matches its golden output, exit ${c.exit}, rules ${c.rules.join(', ')}`, async () => {
      const m = materialize(c.name, [{ name: 'accounting-secret', namespace: c.namespace, crt: cert.certPem, key: cert.keyPem }]);
      made.push(m);
      const ctx = captureContext({ now: () => NOW });
      assert.equal(await run(['ingress', m.dir, '-o', format], ctx), c.exit);
      assert.deepEqual(ctx.err, []);
      const out = m.normalize(ctx.out.join(''));
      assertGolden(`${c.name}.${format === 'text' ? 'txt' : 'json'}`, out);
      if (format === 'json') {
        const parsed = JSON.parse(out) as { findings: { ruleId: string }[] };
        assert.deepEqual(parsed.findings.map((f) => f.ruleId), [...c.rules]);
      }
    });
  }
}
