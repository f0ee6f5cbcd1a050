import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubefort } from '../helpers/cli.js';
import { materializeNodeFixture, removeNodeFixture } from '../helpers/materialize.js';

/**
 * Canary secrets planted where real nodes keep them (etcd's environment, component flags, a kubeconfig named as
 * the kubelet's --config, extra fields in the kube-proxy and kubelet configs) must not appear in any output of
 * any command, in any format.
 */
const roots: string[] = [];
after(() => roots.forEach((root) => removeNodeFixture(root)));

const CANARY = 'kfcanary';
const cmdlineWith = (root: string, pid: number, extra: string[]): void => {
  const path = join(root, `proc/${pid}/cmdline`);
  writeFileSync(path, `${readFileSync(path, 'latin1')}${extra.join('\0')}\0`, 'latin1');
};

function plantedRoot(kubeletConfig: 'extra-fields' | 'kubeconfig'): string {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  roots.push(root);
  writeFileSync(join(root, 'proc/1377/environ'), `ETCD_NAME=controlplane\0ETCD_ROOT_PASSWORD=${CANARY}-etcd-password\0ETCD_AUTH_TOKEN=${CANARY}-etcd-token\0ETCD_CLIENT_KEY_DATA=${CANARY}-etcd-keydata\0`);
  cmdlineWith(root, 1391, [`--etcd-password=${CANARY}-flag-password`, '--token', `${CANARY}-flag-token`, `--oidc-client-secret=${CANARY}-oidc`]);
  cmdlineWith(root, 1043, [`--bootstrap-token=${CANARY}-kubelet-token`]);
  appendFileSync(join(root, 'proc/1960/root/var/lib/kube-proxy/config.conf'), `token: ${CANARY}-proxy-token\nprivateKey: |\n  -----BEGIN PRIVATE KEY-----\n  ${CANARY}proxykey\n  -----END PRIVATE KEY-----\n`);
  const kubelet = join(root, 'var/lib/kubelet/config.yaml');
  if (kubeletConfig === 'extra-fields') {
    appendFileSync(kubelet, `staticPodURLHeader:\n  X-Auth-Token: ["${CANARY}-header"]\nclientKeyData: ${CANARY}-kubelet-keydata\n`);
  } else {
    writeFileSync(kubelet, `apiVersion: v1\nclusters:\n- cluster: {server: https://10.0.0.1:6443}\n  name: k\nusers:\n- name: k\n  user:\n    client-key-data: ${CANARY}-kubeconfig-keydata\n    token: ${CANARY}-kubeconfig-bearer\n`);
  }
  return root;
}

/** stdout and stderr of one run: collector warnings go to stderr, so stdout alone is the report. */
async function run2(args: string[]): Promise<{ out: string; err: string }> {
  const { code, out, err } = await kubefort(args);
  assert.ok([0, 1].includes(code), `${args.join(' ')}: exit ${code}: ${err}`);
  return { out, err };
}

async function outputOf(args: string[]): Promise<string> {
  const { out, err } = await run2(args);
  return out + err;
}

for (const variant of ['extra-fields', 'kubeconfig'] as const) {
  test(`no canary secret (${variant} kubelet config) in collect, bench text/json/junit with evidence, bench --facts, verify --root`, async () => {
    const root = plantedRoot(variant);
    const collectRun = await run2(['collect', '--root', root]);
    const collected = collectRun.out;
    const factsFile = join(root, 'facts.json');
    writeFileSync(factsFile, collected);
    const outputs: Record<string, string> = { collect: collected + collectRun.err };
    for (const format of ['text', 'json', 'junit']) {
      outputs[`bench --output ${format}`] = await outputOf(['bench', '--root', root, '--output', format, '--include-evidence']);
      outputs[`bench --facts --output ${format}`] = await outputOf(['bench', '--facts', factsFile, '--output', format, '--include-evidence']);
    }
    outputs['verify --root'] = await outputOf(['verify', '--root', root]);
    outputs['verify --root -o json'] = await outputOf(['verify', '--root', root, '-o', 'json']);
    for (const [command, text] of Object.entries(outputs)) {
      const at = text.indexOf(CANARY);
      assert.equal(at, -1, `${command} prints a secret: ...${text.slice(Math.max(0, at - 80), at + 40)}`);
    }
    // The flags themselves are still reported, only their values are withheld.
    assert.match(collected, /"flag": "--etcd-password",\s+"location": \{[^}]*\},\s+"value": "<redacted>"/);
    assert.match(collected, /"flag": "--root-password"/);
  });
}
