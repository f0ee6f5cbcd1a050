// Benchmark of `kubefort verify FILE --sha256 HEX` (whole process) against `openssl dgst -sha256` and coreutils
// `sha256sum` on the same 1 GiB file, in the same run. Prints per-tool medians of 3 runs, MiB/s and ratios.
// Usage: node bench/verify-bench.mjs [--size-mib N] [--runs N] [--read-sizes 1,2,4]
// Builds dist/kubefort.js first. The file is written once, so every tool reads it from the page cache (warm).
// The temporary file is deleted at the end, also on failure.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { build, cli } from './lib.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizeMiB = Number(arg('--size-mib', '1024'));
const runs = Number(arg('--runs', '3'));
const readSizes = arg('--read-sizes', '').split(',').filter(Boolean);

build();
const dir = mkdtempSync(join(tmpdir(), 'kubefort-bench-'));
const file = join(dir, 'kubelet.bin');
try {
  // Random content (16 MiB pattern repeated) so nothing compresses or short-circuits.
  const block = randomBytes(16 * 1024 * 1024);
  const hash = createHash('sha256');
  const fd = openSync(file, 'w');
  for (let written = 0; written < sizeMiB * 1024 * 1024; written += block.length) {
    writeSync(fd, block);
    hash.update(block);
  }
  closeSync(fd);
  const hex = hash.digest('hex');

  const tools = [
    ['kubefort verify', process.execPath, [cli, 'verify', file, '--sha256', hex]],
    ...readSizes.map((mib) => [`kubefort verify --read-size ${mib}`, process.execPath, [cli, 'verify', file, '--sha256', hex, '--read-size', mib]]),
    ['openssl dgst -sha256', '/usr/bin/openssl', ['dgst', '-sha256', file]],
    ['sha256sum', 'sha256sum', [file]],
  ];
  const results = [];
  for (const [label, cmd, args] of tools) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (r.status !== 0 || !r.stdout.includes(label.startsWith('kubefort') ? 'OK' : hex)) {
        throw new Error(`${label} failed: status ${r.status}\n${r.stdout}${r.stderr}`);
      }
      times.push(seconds);
    }
    times.sort((a, b) => a - b);
    results.push({ label, median: times[Math.floor(times.length / 2)], times });
  }
  const openssl = results.find((r) => r.label.startsWith('openssl'));
  console.log(`file: ${sizeMiB} MiB (page cache warm), runs: ${runs}, node ${process.version}, ${cpus().length} CPUs: ${cpus()[0]?.model ?? '?'}`);
  console.log('tool'.padEnd(34), 'median s'.padStart(9), 'MiB/s'.padStart(8), 'vs openssl'.padStart(11), '  all runs');
  for (const r of results) {
    console.log(r.label.padEnd(34), r.median.toFixed(3).padStart(9), (sizeMiB / r.median).toFixed(0).padStart(8),
      `${(r.median / openssl.median).toFixed(2)}x`.padStart(11), ` ${r.times.map((t) => t.toFixed(3)).join(' ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
