// -o junit|sarif|html of the area commands (ingress, gui, rbac, ports, netpol lint): the shared reporters, each with
// its area's rule catalogue; their own text and JSON stay as their goldens have them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubefort } from '../helpers/cli.js';
import { validator } from './helpers.js';

const validateSarif = validator('test/scan/sarif-schema-2.1.0.json');

interface Sarif { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations?: { physicalLocation?: { artifactLocation?: { uri: string } } }[] }[] }[] }

/** Each command on a fixture that gives findings, with its rule id prefix. */
const COMMANDS: { name: string; args: string[]; prefix: string; where?: RegExp }[] = [
  { name: 'ingress', args: ['ingress', 'test/fixtures/ingress/t75'], prefix: 'ING' },
  { name: 'gui', args: ['gui', 'test/fixtures/gui/headlamp-exposed'], prefix: 'GUI' },
  { name: 'rbac', args: ['rbac', 'test/fixtures/rbac/dashboard-users'], prefix: 'RBAC' },
  { name: 'ports', args: ['ports', '--root', 'test/fixtures/ports/control-plane', 'test/fixtures/ports/objects'], prefix: '', where: /^file:\/\/\/proc\/net\/tcp$/ },
  { name: 'netpol lint', args: ['netpol', 'lint', 'test/fixtures/netpol/seed-g04'], prefix: 'NP' },
];

describe('area commands: SARIF, JUnit and HTML through the shared reporters', () => {
  for (const c of COMMANDS) {
    test(`${c.name} -o sarif validates against the SARIF 2.1.0 schema, with the area's rules in tool.driver.rules`, async () => {
      const text = await kubefort(c.args);
      const r = await kubefort([...c.args, '-o', 'sarif']);
      assert.equal(r.code, text.code, r.err);
      assert.equal(r.code, 1, 'the fixture has findings');
      const sarif = JSON.parse(r.out) as Sarif;
      assert.deepEqual(validateSarif(sarif), []);
      const [first] = sarif.runs;
      assert.ok(first !== undefined);
      const ruleIds = first.tool.driver.rules.map((x) => x.id);
      assert.ok(first.results.length > 0);
      for (const result of first.results) assert.ok(ruleIds.includes(result.ruleId), `${result.ruleId} is in the catalogue`);
      assert.ok(ruleIds.every((id) => id.startsWith(c.prefix)), ruleIds.join(','));
      // File input points to the manifest (ports: to the kernel table on the node, as its own JSON does).
      const where = c.where ?? /^test\/fixtures\//;
      assert.ok(first.results.some((x) => where.test(x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '')), 'results point to the input');
      // The same findings as the command's own JSON.
      const json = JSON.parse((await kubefort([...c.args, '-o', 'json'])).out) as { findings: { ruleId: string }[] };
      assert.deepEqual(first.results.map((x) => x.ruleId).sort(), json.findings.map((f) => f.ruleId).sort());
    });
  }

  test('-o junit and -o html of an area command', async () => {
    const junit = await kubefort(['gui', 'test/fixtures/gui/headlamp-exposed', '-o', 'junit']);
    assert.equal(junit.code, 1);
    assert.match(junit.out, /^<\?xml[^>]*\?>\n<testsuites/);
    assert.match(junit.out, /<failure/);
    const html = await kubefort(['ingress', 'test/fixtures/ingress/t75', '-o', 'html']);
    assert.equal(html.code, 1);
    assert.match(html.out, /^<!DOCTYPE html>/i);
    assert.match(html.out, /accounting-ingress/);
  });
});

describe('area command HTML escapes hostile names', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubefort-cmd-html-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('rbac -o html: a binding named <script> with a terminal escape is text, not markup', async () => {
    const file = join(dir, 'hostile-rbac.yaml');
    // RBAC object names are path segments: the API server accepts "<" and ESC in them.
    writeFileSync(file, `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: "<script>alert(1)</script>\\e[31mred"
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: ServiceAccount
  name: "<img src=x onerror=alert(2)>"
  namespace: default
`);
    const r = await kubefort(['rbac', file, '-o', 'html']);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.out.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the name is shown, escaped');
    assert.ok(!r.out.includes('<script>alert') && !r.out.includes('<img src=x'), 'names are not markup');
    assert.ok(!r.out.includes('\u001b'), 'no raw terminal escape');
    assert.equal((r.out.match(/<script>/g) ?? []).length, 1, 'only the report\'s own script');
  });
});
