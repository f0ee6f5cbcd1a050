#!/usr/bin/env node
// Times `kubefort bench --root <k3s-server-log fixture> --k3s-log <journal>` as a whole process on a generated
// journal export of the given size (default 64 MiB, the most kubefort reads of a log), several runs.
// Usage: node bench/k3s-log-bench.mjs [MiB=64] [runs=5]     (run `npm run build` first)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materializeCase, removeMaterialized } from '../scripts/materialize-fixture.mjs';
import { cli, repo, requireBuild } from './lib.mjs';

const mib = Number(process.argv[2] ?? 64);
const runs = Number(process.argv[3] ?? 5);
requireBuild();
const work = mkdtempSync(join(tmpdir(), 'kubefort-k3s-bench-'));
try {
  const root = join(work, 'node');
  materializeCase('k3s-server-log', root);
  // Filler lines as k3s writes them, then the real journal export of the insecure fixture at the end.
  const tail = readFileSync(join(repo, 'test', 'fixtures', 'cis', 'k3s-journal', 'k3s-server-insecure.journal.txt'), 'utf8');
  const filler = 'Dec 01 09:12:04 node k3s[4100]: time="2026-12-01T09:12:04Z" level=info msg="Handling backend connection request [k3s-agent-17]"\n'.repeat(1000);
  const parts = [];
  let size = 0;
  while (size < mib * 1024 * 1024 - tail.length) { parts.push(filler); size += filler.length; }
  const journal = join(work, 'k3s.journal');
  writeFileSync(journal, parts.join('') + tail);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(cli, ['bench', '--root', root, '--k3s-log', journal, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (run.status !== 1) throw new Error(`expected exit 1 (the insecure journal's findings), got ${run.status}: ${run.stderr}`);
  }
  times.sort((a, b) => a - b);
  console.log(`k3s bench --k3s-log on a ${mib} MiB journal: median ${times[Math.floor(times.length / 2)].toFixed(2)} s (${times.map((t) => t.toFixed(2)).join(', ')})`);
} finally {
  removeMaterialized(work);
  rmSync(work, { recursive: true, force: true });
}
