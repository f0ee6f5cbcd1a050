import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { materializeNodeFixture, ownersApplied, removeNodeFixture } from '../helpers/materialize.js';
import { goldenIn } from '../helpers/golden.js';

const roots: string[] = [];
after(() => roots.forEach((root) => removeNodeFixture(root)));

/** `kubefort collect` JSON with the temporary --root replaced by `<root>`. */
async function collectJson(caseName: string): Promise<string> {
  const root = materializeNodeFixture(caseName);
  roots.push(root);
  const ctx = captureContext();
  assert.equal(await run(['collect', '--root', root], ctx), 0);
  return ctx.out.join('').split(root).join('<root>');
}

const golden = goldenIn('collect');

// File owners are part of the facts, and only root can give the materialized files the owners of MODES.
const skip = !ownersApplied && 'file owners match MODES only when the tests run as root';

for (const caseName of ['kubeadm-1.32-controlplane', 'worker-config-dir']) {
  test(`kubefort collect on ${caseName} matches the reviewed golden JSON`, { skip }, async () => {
    golden(`${caseName}.json`, await collectJson(caseName));
  });
}
