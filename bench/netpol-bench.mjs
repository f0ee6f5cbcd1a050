#!/usr/bin/env node
// Times `kubefort netpol list` and `kubefort netpol lint` as whole processes (the bundled dist/kubefort.js)
// on synthetic clusters from bench/netpol-gen.mjs and reports wall time, peak RSS and output size.
//
//   npm run build && node bench/netpol-bench.mjs            # 1k and 10k workloads
//   node bench/netpol-bench.mjs 1000 10000 50000            # sizes in workloads (100 per namespace)
//
// Peak memory: the child is started with --import bench/netpol-rss.mjs, which records
// process.resourceUsage().maxRSS at exit. Each size runs once (the machine is shared).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const sizes = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['1000', '10000']).map(Number);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/kubefort.js');
if (!existsSync(cli)) {
  process.stderr.write('dist/kubefort.js is missing: run `npm run build` first\n');
  process.exit(2);
}
const PER_NS = 100;

function measure(args, outFile) {
  const rssFile = `${outFile}.rss`;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench/netpol-rss.mjs'), cli, ...args], {
    env: { ...process.env, KUBEFORT_BENCH_RSS: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(rssFile);
  const lines = r.stdout.toString().split('\n').length - 1;
  return { status: r.status, seconds, rssMiB, lines, stderr: r.stderr.toString().slice(0, 300) };
}

process.stdout.write(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}\n`);
process.stdout.write('| workloads | policies | input MiB | command | exit | wall s | peak RSS MiB | output lines |\n|---:|---:|---:|---|---:|---:|---:|---:|\n');
for (const size of sizes) {
  const namespaces = Math.max(1, Math.round(size / PER_NS));
  const policies = Math.max(6, Math.round(size / 5 / namespaces)); // ~1 policy per 5 workloads: 2k for 10k
  const dir = `/tmp/kubefort-netpol-bench-${size}`;
  const gen = spawnSync(process.execPath, [join(root, 'bench/netpol-gen.mjs'), '--namespaces', String(namespaces), '--workloads', String(PER_NS), '--policies', String(policies), '--out', dir]);
  const summary = gen.stdout.toString().trim();
  const totalPolicies = Number(/(\d+) policies/.exec(summary)?.[1] ?? 0);
  const totalWorkloads = Number(/(\d+) workloads/.exec(summary)?.[1] ?? 0);
  const inputMiB = spawnSync('du', ['-sk', dir]).stdout.toString().split('\t')[0] / 1024;
  for (const command of ['list', 'lint']) {
    const m = measure(['netpol', command, dir], join(dir, `..${size}-${command}`));
    process.stdout.write(`| ${totalWorkloads} | ${totalPolicies} | ${inputMiB.toFixed(1)} | netpol ${command} | ${m.status} | ${m.seconds.toFixed(2)} | ${m.rssMiB.toFixed(0)} | ${m.lines} |\n`);
    if (m.status === 2) process.stdout.write(`  stderr: ${m.stderr}\n`);
  }
  rmSync(dir, { recursive: true, force: true });
}
