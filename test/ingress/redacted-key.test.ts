import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addText, type ObjectSet } from '../../src/collect/objects.js';
import { redactSecret } from '../../src/collect/live/redact.js';
import { ingressArea } from '../../src/scan/areas/ingress.js';
import { INGRESS_CLASS, ingressYaml, POD, secretYaml, SERVICE } from './build.js';
import { makeCert, NOW, type Issued } from './pki.js';

let self: Issued;
before(async () => {
  self = await makeCert({ sans: ['app.example.com'] });
});

/** Loads the documents, then redacts the Secrets as live reading does. */
function scanRedacted(docs: readonly string[]) {
  const set: ObjectSet = { objects: [], errors: [], files: [] };
  addText(set, docs.join('---\n'), 'input.yaml');
  assert.deepEqual(set.errors, []);
  const objects = set.objects.map((o) => ({ ...o, object: redactSecret(o.object) }));
  return ingressArea.run({ objects, now: NOW });
}

test('scan: ING013 about the tls.key kubefort redacted is left out and said to be not evaluated', async () => {
  const r = await scanRedacted([ingressYaml(), secretYaml({ crt: self.certPem, key: self.keyPem }), INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['ING027']);
  assert.equal(r.notEvaluated.length, 1);
  assert.match(r.notEvaluated[0] ?? '', /shop\/web-tls.*1 finding\(s\) about them left out/);
});

test('scan: an empty tls.crt in a redacted Secret is still reported (only tls.key findings are left out)', async () => {
  const r = await scanRedacted([ingressYaml(), secretYaml({ key: self.keyPem, rawData: { 'tls.crt': '' } }), INGRESS_CLASS, SERVICE, POD]);
  assert.deepEqual(r.findings.map((f) => `${f.ruleId} ${f.message}`), ['ING013 Secret shop/web-tls data.tls.crt is empty']);
});
