// Times the inputs that used to take quadratic time or unbounded memory (issue 13), against the built CLI:
//   node bench/hostile-bench.mjs [lines=60000]
// 1. `verify --check` on a sums file of N lines naming N small files (and GNU sha256sum on the same file);
// 2. `collect --root` on the demo control plane whose kubelet unit drop-in holds 100,000 backslash continuations;
// 3. `verify --check` on a 1.5 GB sparse sums file (stops at the first over-long line).
// Prints wall time and peak RSS (from /usr/bin/time) per case. Needs `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, repo, requireBuild } from './lib.mjs';

const lines = Number(process.argv[2] ?? 60000);
requireBuild();
const work = mkdtempSync(join(tmpdir(), 'kubefort-hostile-bench-'));
const timed = (label, command, args, cwd) => {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const [seconds, kb] = r.stderr.trim().split('\n').at(-1).split(' ');
  console.log(`${label.padEnd(58)} ${Number(seconds).toFixed(2)} s  ${(Number(kb) / 1024).toFixed(0)} MiB  exit ${r.status}`);
};
try {
  const sums = [];
  for (let i = 0; i < lines; i++) {
    const data = `file ${i}\n`;
    writeFileSync(join(work, `f${i}`), data);
    sums.push(`${createHash('sha256').update(data).digest('hex')}  f${i}`);
  }
  writeFileSync(join(work, 'SUMS'), `${sums.join('\n')}\n`);
  timed(`kubefort verify --check (${lines} lines)`, process.execPath, [cli, 'verify', '--check', 'SUMS'], work);
  timed(`sha256sum --check (${lines} lines)`, 'sha256sum', ['--check', 'SUMS'], work);

  const root = join(work, 'root');
  execFileSync(process.execPath, [join(repo, 'scripts', 'materialize-fixture.mjs'), 'kubeadm-1.32-controlplane', root]);
  appendFileSync(join(root, 'usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf'), `Environment="X=${'a\\\n'.repeat(100000)}b"\n`);
  timed('kubefort collect (unit with 100,000 continuations)', process.execPath, [cli, 'collect', '--root', root], work);

  writeFileSync(join(work, 'BIG'), `${'a'.repeat(64)}  x\n`);
  truncateSync(join(work, 'BIG'), 1.5 * 1024 ** 3);
  timed('kubefort verify --check (1.5 GB sparse sums file)', process.execPath, [cli, 'verify', '--check', 'BIG'], work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
