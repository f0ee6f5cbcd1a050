// One hostile object name through every finding format: the text, JUnit and HTML reports show it as the same
// printable spelling (src/domain/printable.ts; markup escaping only on top), and the JSON and SARIF reports carry
// the name itself with every one of those characters as a JSON \u escape. No raw control or bidi character reaches
// any output.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { printable } from '../../src/domain/printable.js';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';

/** ESC (C0), BEL (C0), DEL, CSI (C1) and RIGHT-TO-LEFT OVERRIDE (bidi), inside an otherwise plain name. */
const NAME = 'evil\u001b[31m\u0007\u007f\u009b2J\u202eyxe';
const SHOWN = 'evil\\x1b[31m\\x07\\x7f\\u{9b}2J\\u{202e}yxe';
const JSON_ESCAPED = 'evil\\u001b[31m\\u0007\\u007f\\u009b2J\\u202eyxe';
// eslint-disable-next-line no-control-regex
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

let dir = '';
let file = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubefort-hostile-names-'));
  file = join(dir, 'binding.yaml');
  // RBAC object names are path segments: the API server accepts control characters in them.
  writeFileSync(file, `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: "evil\\e[31m\\x07\\x7f\\x9b2J\\u202eyxe"
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: ServiceAccount
  name: ops
  namespace: default
`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function rbac(format: string): Promise<string> {
  const ctx = captureContext();
  assert.equal(await run(['rbac', file, '-o', format], ctx), 1, ctx.err.join(''));
  return ctx.out.join('');
}

/** What a browser or an XML parser shows for the markup-escaped text. */
function unmarkup(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&');
}

test('the escaped spelling is printable()\'s', () => {
  assert.equal(printable(NAME), SHOWN);
});

for (const format of ['text', 'junit', 'html']) {
  test(`-o ${format}: the hostile name shows as printable() spells it, no raw control or bidi character`, async () => {
    const out = await rbac(format);
    assert.doesNotMatch(out, RAW_UNSAFE);
    assert.ok(unmarkup(out).includes(`ClusterRoleBinding ${SHOWN} binds cluster-admin`), out);
  });
}

for (const format of ['json', 'sarif']) {
  test(`-o ${format}: the name itself, every unsafe character a JSON \\u escape`, async () => {
    const out = await rbac(format);
    assert.doesNotMatch(out, RAW_UNSAFE);
    assert.ok(out.includes(`ClusterRoleBinding ${JSON_ESCAPED} binds cluster-admin`), out);
    const parsed = JSON.parse(out) as { findings?: { message: string }[]; runs?: { results: { message: { text: string } }[] }[] };
    const message = parsed.findings?.[0]?.message ?? parsed.runs?.[0]?.results[0]?.message.text ?? '';
    assert.ok(message.startsWith(`ClusterRoleBinding ${NAME} binds cluster-admin`), message);
  });
}
