#!/usr/bin/env node
// Times `kubefort collect --root <fixture>` as a whole process (Node start-up included) over several runs,
// for each node fixture given (default: the demo node), and prints median/min/max.
// Usage: node bench/collect-bench.mjs [runs=9] [case ...]     (run `npm run build` first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materializeCase, removeMaterialized } from '../scripts/materialize-fixture.mjs';
import { cli, requireBuild } from './lib.mjs';

const runs = Number(process.argv[2] ?? 9);
const cases = process.argv.length > 3 ? process.argv.slice(3) : ['kubeadm-1.32-controlplane'];
requireBuild();

for (const name of cases) {
  const root = mkdtempSync(join(tmpdir(), 'kubefort-collect-bench-'));
  materializeCase(name, root);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [cli, 'collect', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) {
      console.error(`${name}: exit ${result.status}: ${result.stderr}`);
      process.exit(1);
    }
  }
  removeMaterialized(root);
  samples.sort((a, b) => a - b);
  const mid = Math.floor(samples.length / 2);
  const median = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  console.log(`kubefort collect ${name}: ${runs} runs, median ${median.toFixed(1)} ms, min ${samples[0].toFixed(1)} ms, max ${samples[samples.length - 1].toFixed(1)} ms`);
}
