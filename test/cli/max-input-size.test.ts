/**
 * `--max-input-size SIZE` (or KUBEFORT_MAX_INPUT_SIZE) is the one way to read inputs past the default limits, the
 * same for every command that reads objects: a refusal for size names it, giving it raises the limit, a size that
 * is not one is a usage error before anything is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/tmp.js';
import { kubefort } from '../helpers/cli.js';

const dir = tempDir('max-input-size');
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 8080
status:
  podIP: 10.0.0.7
`;
const pod = join(dir, 'pod.yaml');
writeFileSync(pod, POD);

test('a file over a lowered limit is refused with a message naming the option, exit 2; a limit above it reads it', async () => {
  const refused = await kubefort(['netpol', 'list', pod, '--max-input-size', '100']);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /pod\.yaml: larger than 100 bytes \(the limit for one file\); not read; --max-input-size SIZE \(or KUBEFORT_MAX_INPUT_SIZE\) raises it/);
  const read = await kubefort(['netpol', 'list', pod, '-o', 'json', '--max-input-size', '1Ki']);
  assert.equal(read.code, 0, read.err);
  assert.match(read.out, /"dst": "shop\/web\[Pod\]"/);
});

test('KUBEFORT_MAX_INPUT_SIZE sets the limit when the option is not given; the option wins over it', async () => {
  const byEnv = await kubefort(['rbac', 'who-can', 'get', 'pods', pod], { env: { KUBEFORT_MAX_INPUT_SIZE: '100' } });
  assert.equal(byEnv.code, 2);
  assert.match(byEnv.err, /larger than 100 bytes \(the limit for one file\); not read; --max-input-size/);
  const byOption = await kubefort(['netpol', 'list', pod, '--max-input-size', '64Mi'], { env: { KUBEFORT_MAX_INPUT_SIZE: '100' } });
  assert.equal(byOption.code, 0, byOption.err);
});

test('standard input is read within the same limit', async () => {
  const asked: (number | undefined)[] = [];
  const ran = await kubefort(['netpol', 'list', '-', '--max-input-size', '2Ki'], { readStdin: (maxBytes?: number) => {
    asked.push(maxBytes);
    return POD;
  } });
  assert.equal(ran.code, 0, ran.err);
  assert.deepEqual(asked, [2048]);
});

test('a size that is not one is a usage error (exit 2) before anything is read, from the option or the environment', async () => {
  for (const bad of ['10x', '0', '-5Mi', '1MiB', '']) {
    const ran = await kubefort(['netpol', 'list', pod, '--max-input-size', bad]);
    assert.equal(ran.code, 2, bad);
    assert.equal(ran.err, `kubefort: --max-input-size ${JSON.stringify(bad)}: expected a size such as 64Mi, 1Gi or 500M\n`);
  }
  const env = await kubefort(['ports', pod], { env: { KUBEFORT_MAX_INPUT_SIZE: 'lots' } });
  assert.equal(env.code, 2);
  assert.equal(env.err, 'kubefort: KUBEFORT_MAX_INPUT_SIZE "lots": expected a size such as 64Mi, 1Gi or 500M\n');
});

test('the default limit for one file (64 MiB) is raised by the option', async () => {
  // `kubectl get -o json` of a large cluster: one List past 64 MiB (here padded with the indentation kubectl writes).
  const big = join(dir, 'cluster.json');
  const item = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
  writeFileSync(big, `{"apiVersion":"v1","kind":"List","items":[${item}${' '.repeat(65 * 1024 * 1024)}]}\n`);
  const refused = await kubefort(['netpol', 'list', big]);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /cluster\.json: larger than 64 MiB \(the limit for one file\); not read; --max-input-size SIZE/);
  const read = await kubefort(['netpol', 'list', big, '--max-input-size', '80Mi']);
  assert.doesNotMatch(read.err, /larger than/);
  assert.equal(read.code, 0, read.err);
});
