#!/usr/bin/env node
// Where `netpol list` spends its time, phase by phase, in one process: CPU time (user+system, less sensitive to a
// shared machine than wall time), wall time and heap after each phase. Runs the TypeScript sources
// through tsx (no build needed); output is formatted in full and counted, not written.
//
//   node --import tsx bench/netpol-phases.mjs FILE [text|json] [--max-input-size 256Mi]
//
// Nothing here asserts a timing: it prints figures for docs/performance.md.

import { performance } from 'node:perf_hooks';
import { loadObjects } from '../src/collect/objects.ts';
import { buildModel } from '../src/netpol/model.ts';
import { connectionSource } from '../src/netpol/list.ts';
import { readingOf } from '../src/netpol/reading.ts';
import { writeList } from '../src/netpol/report.ts';

const [file, format = 'text'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node --import tsx bench/netpol-phases.mjs FILE [text|json]\n');
  process.exit(2);
}

let cpu = process.cpuUsage();
let wall = performance.now();

const phase = (name) => {
  const c = process.cpuUsage(cpu);
  const now = performance.now();
  process.stdout.write(`${name.padEnd(14)} cpu ${((c.user + c.system) / 1e6).toFixed(2).padStart(6)} s  wall ${((now - wall) / 1e3).toFixed(2).padStart(6)} s  heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0).padStart(5)} MiB\n`);
  cpu = process.cpuUsage();
  wall = now;

};
const set = loadObjects([file], { limits: { maxBytes: 2 ** 30, maxTotalBytes: 2 ** 30, maxHeapInputBytes: 2 ** 31 } });
phase('load');
const model = buildModel(set, { hostNetwork: 'node' });
phase('model');
let bytes = 0;
let rows = 0;
const source = connectionSource(model);
phase('plan');
writeList((chunk) => { bytes += chunk.length; }, (row) => source((s, d, c) => { rows++; row(s, d, c.conns, c.text); }), format === 'json' ? 'json' : 'text', readingOf(model));
phase(`list ${format}`);
process.stdout.write(`${model.workloads.length} workloads, ${model.classes.length} classes, ${rows} connections, ${(bytes / 2 ** 20).toFixed(1)} MiB of ${format}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
