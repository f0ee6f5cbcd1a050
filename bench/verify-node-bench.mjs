// Node mode cost: `kubefort verify --root R --checksums C` (hash + ELF + Go build info + version scan in one pass)
// against `kubefort verify FILE --sha256 HEX` (hash only) on the same 256 MiB fake kubelet, 3 runs each, medians.
// Usage: node bench/verify-node-bench.mjs [--size-mib N]. Builds dist/ first; deletes its temporary tree.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, cli } from './lib.mjs';

const i = process.argv.indexOf('--size-mib');
const sizeMiB = i >= 0 ? Number(process.argv[i + 1]) : 256;
build();
const dir = mkdtempSync(join(tmpdir(), 'kubefort-node-bench-'));
try {
  const header = Buffer.alloc(64);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(header);
  header.writeUInt16LE(62, 18);
  // Random bytes hold 'v1.' about once per 16 MiB by chance; add a realistic density of module-version strings.
  const filler = Buffer.from('github.com/example/mod v1.2.3 v1.30.1 v1.7.0 gitVersion json:"gitVersion" '.repeat(64));
  const body = randomBytes(sizeMiB * 1024 * 1024);
  for (let at = 4096; at + filler.length < body.length; at += 1024 * 1024) filler.copy(body, at);
  const file = Buffer.concat([header, body, Buffer.from('\0gitVersion=v1.32.4\0')]);
  mkdirSync(join(dir, 'root/usr/bin'), { recursive: true });
  writeFileSync(join(dir, 'root/usr/bin/kubelet'), file);
  const hex = createHash('sha256').update(file).digest('hex');
  mkdirSync(join(dir, 'sums/v1.32.4/bin/linux/amd64'), { recursive: true });
  writeFileSync(join(dir, 'sums/v1.32.4/bin/linux/amd64/kubelet.sha256'), hex);
  const cases = [
    ['verify FILE --sha256 (hash only)', ['verify', join(dir, 'root/usr/bin/kubelet'), '--sha256', hex]],
    ['verify --root --checksums (one pass: hash + identify)', ['verify', '--root', join(dir, 'root'), '--checksums', join(dir, 'sums')]],
  ];
  console.log(`fake kubelet: ${sizeMiB} MiB, page cache warm, node ${process.version}`);
  for (const [label, args] of cases) {
    const times = [];
    for (let run = 0; run < 3; run++) {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      times.push(Number(process.hrtime.bigint() - start) / 1e9);
      if (r.status !== 0 || !r.stdout.includes('OK')) throw new Error(`${label}: ${r.status}\n${r.stdout}${r.stderr}`);
    }
    times.sort((a, b) => a - b);
    const median = times[1];
    console.log(label.padEnd(56), `${median.toFixed(3)} s`, `${(sizeMiB / median).toFixed(0)} MiB/s`, `(runs ${times.map((t) => t.toFixed(3)).join(' ')})`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
