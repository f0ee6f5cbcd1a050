// Preloaded into the measured process (node --import): writes its peak resident set size (KiB, from
// process.resourceUsage().maxRSS, i.e. getrusage ru_maxrss) to the file named by KUBEFORT_BENCH_RSS when it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.KUBEFORT_BENCH_RSS) writeFileSync(process.env.KUBEFORT_BENCH_RSS, String(process.resourceUsage().maxRSS));
  // CPU time (user + system, ms) of the process: less inflated than wall time on a shared machine.
  if (process.env.KUBEFORT_BENCH_CPU) {
    const u = process.resourceUsage();
    writeFileSync(process.env.KUBEFORT_BENCH_CPU, String((u.userCPUTime + u.systemCPUTime) / 1000));
  }
});
