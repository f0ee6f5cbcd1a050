#!/usr/bin/env node
// `npm start`: runs `kubefort bench` on the bundled demo node (a kubeadm 1.32 control plane).
// Materializes the fixture (files with the modes and owners its MODES file records) into a temporary
// directory, runs the CLI there as a child `node` process with an argument array (no shell), and cleans up.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeCase, removeMaterialized } from './materialize-fixture.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'kubefort-demo-'));
let status = 2;
try {
  materializeCase('kubeadm-1.32-controlplane', root);
  const args = [resolve(here, '..', 'bin', 'kubefort'), 'bench', '--root', root, '--benchmark', 'cis-1.12', '--fail-on', 'never', ...process.argv.slice(2)];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  status = result.status ?? 2;
} finally {
  removeMaterialized(root);
}
process.exit(status);
