import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEntry, parseChecksumLine, parseChecksumText, selectExpected } from './checksum-format.js';

const H256 = 'c3b8416b4442b5daaa83c4e13d0b889de07bbd2a46e3d3e5a74379c97c9021a6';
const H512 = 'ab'.repeat(64);

const lines: Array<[string, string, { algorithm: string; digest: string; name?: string } | 'malformed' | 'blank']> = [
  ['a bare digest (as dl.k8s.io publishes kubectl.sha256) has no name', H256, { algorithm: 'sha256', digest: H256 }],
  ['sha256sum text mode: HEX, two spaces, name', `${H256}  kubectl`, { algorithm: 'sha256', digest: H256, name: 'kubectl' }],
  ['sha256sum binary mode: HEX, space, star, name', `${H256} *kubectl`, { algorithm: 'sha256', digest: H256, name: 'kubectl' }],
  ['the single space that echo "$(cat kubectl.sha256) kubectl" produces', `${H256} kubectl`, { algorithm: 'sha256', digest: H256, name: 'kubectl' }],
  ['BSD / shasum --tag line', `SHA256 (kubectl) = ${H256}`, { algorithm: 'sha256', digest: H256, name: 'kubectl' }],
  ['OpenSSL dgst line', `SHA2-256(kubectl)= ${H256}`, { algorithm: 'sha256', digest: H256, name: 'kubectl' }],
  ['upper-case hex is normalised to lower case', `${H256.toUpperCase()}  kubectl`, { algorithm: 'sha256', digest: H256, name: 'kubectl' }],
  ['128 hex digits are SHA-512', `${H512}  kubeadm`, { algorithm: 'sha512', digest: H512, name: 'kubeadm' }],
  ['SHA512 tag', `SHA512 (kubeadm) = ${H512}`, { algorithm: 'sha512', digest: H512, name: 'kubeadm' }],
  ['CRLF line ending is tolerated', `${H256}  kubectl\r`, { algorithm: 'sha256', digest: H256, name: 'kubectl' }],
  ['names keep inner spaces', `${H256}  my kubectl`, { algorithm: 'sha256', digest: H256, name: 'my kubectl' }],
  ['escaped name (leading backslash) is unescaped', `\\${H256}  dir\\\\kube\\nctl`, { algorithm: 'sha256', digest: H256, name: 'dir\\kube\nctl' }],
  ['a tag that disagrees with the digest length is malformed', `SHA512 (kubectl) = ${H256}`, 'malformed'],
  ['a digest of 40 hex digits (SHA-1) is malformed', `${'a'.repeat(40)}  kubectl`, 'malformed'],
  ['non-hex text is malformed', 'this line is not a checksum', 'malformed'],
  ['a digest with a non-hex character is malformed', `${H256.slice(0, 63)}g  kubectl`, 'malformed'],
  ['a blank line is skipped', '   ', 'blank'],
];

for (const [name, line, expected] of lines) {
  test(`checksum line: ${name}`, () => {
    const parsed = parseChecksumLine(line, 1);
    if (expected === 'blank') return assert.equal(parsed, undefined);
    assert.ok(parsed !== undefined);
    if (expected === 'malformed') return assert.equal(isEntry(parsed), false);
    assert.ok(isEntry(parsed), JSON.stringify(parsed));
    assert.deepEqual({ algorithm: parsed.algorithm, digest: parsed.digest, ...(parsed.name === undefined ? {} : { name: parsed.name }) }, expected);
  });
}

test('mixed formats in one file keep their line numbers; malformed lines are listed with theirs', () => {
  const parsed = parseChecksumText(`${H256}  kubectl\n\nnot a line\nSHA512 (kubeadm) = ${H512}\n`);
  assert.deepEqual(parsed.entries.map((e) => [e.line, e.name, e.algorithm]), [[1, 'kubectl', 'sha256'], [4, 'kubeadm', 'sha512']]);
  assert.deepEqual(parsed.malformed.map((m) => m.line), [3]);
});

test('--checksum selection: a single entry applies whatever its name (Kubernetes .sha256 has none)', () => {
  const picked = selectExpected(parseChecksumText(H256), 'kubectl');
  assert.ok(typeof picked !== 'string');
  assert.equal(picked.digest, H256);
});

test('--checksum selection: among several lines the one naming the file (by base name) is used', () => {
  const picked = selectExpected(parseChecksumText(`${'1'.repeat(64)}  kubeadm\n${H256}  ./bin/kubectl\n`), 'kubectl');
  assert.ok(typeof picked !== 'string');
  assert.equal(picked.digest, H256);
});

test('--checksum selection: several lines none naming the file is an error, not a guess', () => {
  assert.equal(selectExpected(parseChecksumText(`${'1'.repeat(64)}  kubeadm\n${H256}  kubelet\n`), 'kubectl'), 'no line names kubectl');
  assert.equal(typeof selectExpected(parseChecksumText('nothing here\n'), 'kubectl'), 'string');
});
