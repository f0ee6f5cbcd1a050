#!/usr/bin/env node
// The issue-7 scale shape: 1,000 namespaces x 100 workloads (100,000) with ~37,000 NetworkPolicies plus an
// AdminNetworkPolicy/BaselineAdminNetworkPolicy layer, as one `kubectl get -o json` List (the JSON fast path).
// Times `netpol list -o json`, `netpol list` (text) and `netpol eval` of one pair as whole processes of the
// bundled CLI; output goes to a file (streamed, as to a pipe), peak RSS from bench/netpol-rss.mjs.
// The input is past the loader's default limit of 64 MiB per file (docs/input.md), so each run is given
// `--max-input-size` of the input's size, and a larger heap only if the loader's JSON heap bound asks for one.
//
//   npm run build && node bench/netpol-scale.mjs [namespaces=1000] [workloads-per-namespace=100] [policies-per-ns=37]
//
// KUBEFORT_BENCH_ONLY=eval runs the eval measures only. Each row ends with the process's CPU time (user + system)
// and the 1-minute load average before the run: on the shared machine wall time follows the load.
//
// Targets (issue 7): list < 10 s and < 2 GB peak on the 2-core project machine, eval of one pair < 1 s.
// Nothing here asserts a timing: it prints figures for docs/performance.md.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { join } from 'node:path';

const [N = 1000, M = 100, P = 37] = process.argv.slice(2).map(Number);
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/kubefort.js');
if (!existsSync(cli)) {
  process.stderr.write('dist/kubefort.js is missing: run `npm run build` first\n');
  process.exit(2);
}
const dir = `/tmp/kubefort-netpol-scale-${N * M}`;
const gen = spawnSync(process.execPath, [join(root, 'bench/netpol-gen.mjs'), '--namespaces', String(N), '--workloads', String(M), '--policies', String(P), '--admin', 'yes', '--format', 'json', '--out', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
process.stdout.write(`generated: ${gen.stdout.toString().trim()}\n`);
const input = join(dir, 'cluster.json');
const inputBytes = statSync(input).size;
const maxInputSize = `${Math.ceil(inputBytes / 2 ** 20)}Mi`;
// HEAP_BYTES_PER_JSON_INPUT_BYTE in src/collect/input-limits.ts: the heap the loader's refusal would ask for; the
// default heap when it holds the input (195 MiB x 8 fits Node's default of 4 GiB on this machine).
const heapMiB = Math.ceil((inputBytes * 8) / 2 ** 30) * 1024;
const heapArgs = heapMiB * 2 ** 20 > getHeapStatistics().heap_size_limit ? [`--max-old-space-size=${heapMiB}`] : [];

function measure(label, args) {
  const outFile = join(dir, `${label.replace(/\W+/g, '-')}.out`);
  const rssFile = `${outFile}.rss`;
  const cpuFile = `${outFile}.cpu`;
  const load = loadavg()[0] ?? 0;
  const fd = openSync(outFile, 'w');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...heapArgs, '--import', join(root, 'bench/netpol-rss.mjs'), cli, ...args, '--max-input-size', maxInputSize], {
    env: { ...process.env, KUBEFORT_BENCH_RSS: rssFile, KUBEFORT_BENCH_CPU: cpuFile },
    stdio: ['ignore', fd, 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(fd);
  const rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
  const bytes = statSync(outFile).size;
  const lines = Number(spawnSync('wc', ['-l', outFile]).stdout.toString().trim().split(/\s+/)[0]);
  const cpuSeconds = Number(readFileSync(cpuFile, 'utf8')) / 1000;
  process.stdout.write(`| ${label} | ${r.status} | ${seconds.toFixed(2)} | ${rssMiB.toFixed(0)} | ${lines} | ${(bytes / 1048576).toFixed(1)} | ${cpuSeconds.toFixed(2)} | ${load.toFixed(1)} |\n`);
  if (r.status === 2) process.stdout.write(`  stderr: ${r.stderr.toString().slice(0, 400)}\n`);
  rmSync(outFile);
  rmSync(rssFile, { force: true });
  rmSync(cpuFile, { force: true });
}

process.stdout.write(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}\n`);
process.stdout.write(`input: ${(inputBytes / 1048576).toFixed(0)} MiB JSON; each run: node ${heapArgs.join(' ')}${heapArgs.length > 0 ? ' ' : ''}dist/kubefort.js ... --max-input-size ${maxInputSize}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
process.stdout.write('| command | exit | wall s | peak RSS MiB | output lines | output MiB | CPU s | load |\n|---|---:|---:|---:|---:|---:|---:|---:|\n');
if (process.env.KUBEFORT_BENCH_ONLY !== 'eval') {
  measure('netpol list -o json', ['netpol', 'list', input, '-o', 'json']);
  measure('netpol list (text)', ['netpol', 'list', input]);
}
// Eval of one pair is short enough to run several times (KUBEFORT_BENCH_EVAL_RUNS, default 3): a row per run.
for (let run = Number(process.env.KUBEFORT_BENCH_EVAL_RUNS ?? 3); run > 0; run--) {
  measure('netpol eval (one pair)', ['netpol', 'eval', input, '--from', 'team-0000/app-0000', '--to', 'team-0000/app-0001', '--port', '8080']);
}
// The last pair of the input: its namespace's items are at the end of the List.
measure('netpol eval (one pair, last namespace)', ['netpol', 'eval', input, '--from', `team-${String(N - 1).padStart(4, '0')}/app-0000`, '--to', `team-${String(N - 1).padStart(4, '0')}/app-0001`, '--port', '8080']);
// Two namespaces, -o json; and an outside IP endpoint (eval reads the objects that hold it, and the other end's namespace).
measure('netpol eval (two namespaces, -o json)', ['netpol', 'eval', input, '--from', `team-${String(N - 1).padStart(4, '0')}/app-0002`, '--to', 'team-0000/app-0001', '--port', '8080', '-o', 'json']);
measure('netpol eval (--from an outside IP)', ['netpol', 'eval', input, '--from', '203.0.113.9', '--to', 'team-0000/app-0001', '--port', '8080']);
rmSync(dir, { recursive: true, force: true });
