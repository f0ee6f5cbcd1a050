#!/usr/bin/env node
// Times `kubefort bench --root <demo node>` as a whole process (Node start-up included), several runs,
// and counts the child processes kubefort spawns (target: none) by running it once under
// `strace -f -e trace=execve,clone,clone3,fork,vfork` when strace is installed.
// Usage: node bench/cis-bench.mjs [runs=9]     (run `npm run build` first)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materializeCase, removeMaterialized } from '../scripts/materialize-fixture.mjs';
import { cli, requireBuild } from './lib.mjs';

const runs = Number(process.argv[2] ?? 9);
requireBuild();

const root = mkdtempSync(join(tmpdir(), 'kubefort-bench-'));
materializeCase('kubeadm-1.32-controlplane', root);
const args = [cli, 'bench', '--root', root, '--fail-on', 'never'];

function time(argv) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
  return ms;
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

const fmt = (s) => `median ${s.median.toFixed(1)} ms, min ${s.min.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

try {
  time(args); // warm the file cache once
  const bench = [];
  const bare = [];
  for (let i = 0; i < runs; i += 1) {
    bench.push(time(args));
    bare.push(time(['-e', '']));
  }
  const report = spawnSync(process.execPath, args, { encoding: 'utf8' }).stdout;
  const total = report.slice(report.lastIndexOf('== Summary total =='));
  const checks = [...total.matchAll(/^(\d+) checks /gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  console.log(`kubefort bench on kubeadm-1.32-controlplane (${checks} checks), ${runs} runs, Node ${process.version}, ${process.platform}/${process.arch}`);
  console.log(`  whole process:         ${fmt(stats(bench))}`);
  console.log(`  node -e '' (baseline): ${fmt(stats(bare))}`);

  const strace = ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p));
  if (!strace) {
    console.log('  child processes: not measured (strace is not installed; apt-get install -y strace)');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'kubefort-strace-'));
    const out = join(dir, 'trace');
    spawnSync(strace, ['-f', '-e', 'trace=execve,clone,clone3,fork,vfork', '-o', out, process.execPath, ...args], { stdio: 'ignore' });
    const lines = readFileSync(out, 'utf8').split('\n');
    // The first execve is node itself; clone/clone3 with CLONE_THREAD make threads (libuv, V8), not processes.
    const execs = lines.filter((l) => /\bexecve\(/.test(l) && !/= -1 /.test(l)).length - 1;
    const forks = lines.filter((l) => /\b(fork|vfork)\(/.test(l) || (/\bclone3?\(/.test(l) && !l.includes('CLONE_THREAD') && !l.includes('resumed>'))).length;
    const threads = lines.filter((l) => /\bclone3?\(/.test(l) && l.includes('CLONE_THREAD')).length;
    console.log(`  child processes (strace -f): ${forks} fork/clone without CLONE_THREAD, ${execs} execve after node's own; ${threads} threads`);
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  removeMaterialized(root);
}
