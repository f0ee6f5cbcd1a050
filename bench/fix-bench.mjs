#!/usr/bin/env node
// Times `kubefort fix` on the demo node as a whole process (Node start-up included): the dry run on one
// materialized copy, and --apply on a fresh copy each run (copying is outside the timing). Prints median/min/max.
// Usage: node bench/fix-bench.mjs [runs=9]     (run `npm run build` first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materializeCase } from '../scripts/materialize-fixture.mjs';
import { cli, requireBuild } from './lib.mjs';

const runs = Number(process.argv[2] ?? 9);
requireBuild();
const AUDIT = 'kube-apiserver:--audit-log-path=/var/log/kubernetes/audit/audit.log';
const work = mkdtempSync(join(tmpdir(), 'kubefort-fix-bench-'));

function fresh(name) {
  const root = join(work, name);
  materializeCase('kubeadm-1.32-controlplane', root);
  return root;
}

function time(argv, okCodes) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!okCodes.includes(result.status)) throw new Error(`exit ${result.status}: ${result.stderr}`);
  return ms;
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return `median ${median.toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
}

try {
  const dryRoot = fresh('dry');
  time([cli, 'fix', '--root', dryRoot], [1]); // warm the file cache once
  const dry = [];
  const apply = [];
  const bare = [];
  for (let i = 0; i < runs; i += 1) {
    dry.push(time([cli, 'fix', '--root', dryRoot], [1]));
    const root = fresh(`apply-${i}`);
    apply.push(time([cli, 'fix', '--root', root, '--apply', '--set', AUDIT], [1]));
    bare.push(time(['-e', ''], [0]));
  }
  console.log(`kubefort fix on kubeadm-1.32-controlplane (3 manifests edited, 2 chmods, backup), ${runs} runs, Node ${process.version}, ${process.platform}/${process.arch}`);
  console.log(`  dry run (diffs):          ${stats(dry)}`);
  console.log(`  --apply (backup + write): ${stats(apply)}`);
  console.log(`  node -e '' (baseline):    ${stats(bare)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
