import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageTag, normalizeVersion, versionInBinary } from './version.js';

const tags: [string, string | undefined][] = [
  ['registry.k8s.io/kube-apiserver:v1.32.4', 'v1.32.4'],
  ['localhost:5000/kube-apiserver:v1.33.0-rc.1', 'v1.33.0-rc.1'],
  ['registry.k8s.io/kube-apiserver:v1.32.4@sha256:abc', 'v1.32.4'],
  ['registry.k8s.io/kube-apiserver@sha256:abc', undefined],
  ['localhost:5000/kube-apiserver', undefined],
];
for (const [image, tag] of tags) {
  test(`image tag of ${image} is ${String(tag)} (a registry port is not a tag)`, () => assert.equal(imageTag(image), tag));
}

test('versions are normalized to vMAJOR.MINOR.PATCH; other text is not a version', () => {
  assert.equal(normalizeVersion('1.32.4'), 'v1.32.4');
  assert.equal(normalizeVersion('v1.34.0-beta.0'), 'v1.34.0-beta.0');
  assert.equal(normalizeVersion('latest'), undefined);
  assert.equal(normalizeVersion('v1.32'), undefined);
});

test('the gitVersion in a kubelet binary is found; Go module versions after a tab are not taken for it', () => {
  const binary = Buffer.from('\u0000dep\tgoogle.golang.org/grpc\tv1.65.0\th1:x\ndep\tx\tv1.65.0\n\u0000go1.23.6\u0000v1.32.4\u0000\u0000v1.32.4linux/amd64');
  assert.equal(versionInBinary(binary), 'v1.32.4');
});

test('a binary without a version string yields none', () => {
  assert.equal(versionInBinary(Buffer.from('\u007fELF no version here v2.0.0')), undefined);
});

test('equally frequent versions in a binary: the highest wins, whatever their order', () => {
  assert.equal(versionInBinary(Buffer.from('\u0000v1.33.1\u0000v1.32.9\u0000')), 'v1.33.1');
  assert.equal(versionInBinary(Buffer.from('\u0000v1.32.9\u0000v1.33.1\u0000')), 'v1.33.1');
});
