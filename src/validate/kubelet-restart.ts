import type { NodeFs } from '../collect/node/node-fs.js';
import type { Finding } from '../domain/finding.js';
import type { NodeFacts } from '../domain/node-facts.js';
import { finding } from './manifest.js';
import { READ_LIMITS } from '../collect/node/bounded-read.js';

/** USER_HZ: the unit of /proc/<pid>/stat's starttime, 100 on every mainstream Linux architecture. */
const CLOCK_TICKS = 100;

/**
 * When the kubelet process started, from `/proc/<pid>/stat` (field 22, clock ticks after boot) and `/proc/stat`
 * (`btime`, the boot time in seconds). Undefined when either is missing (a saved fixture, a container).
 */
function processStart(fs: NodeFs, pid: number): number | undefined {
  const stat = fs.readText(`/proc/${pid}/stat`, READ_LIMITS.small, 'a process status');
  const boot = fs.readText('/proc/stat', READ_LIMITS.proc, 'the kernel statistics');
  if (!stat.ok || !boot.ok) return undefined;
  // comm, in parentheses, may itself hold spaces and parentheses: the fields start after the last ')'.
  const fields = stat.value.slice(stat.value.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  const btime = Number(/^btime (\d+)$/m.exec(boot.value)?.[1]);
  return Number.isFinite(ticks) && Number.isFinite(btime) ? btime + ticks / CLOCK_TICKS : undefined;
}

/**
 * The kubelet reads its config file, drop-ins and flags files once, at start. One changed after the running kubelet
 * started is not in effect yet, although `kubefort bench` judges the file: restart pending.
 */
export function kubeletFilesChanged(fs: NodeFs, facts: NodeFacts): Finding | undefined {
  const kubelet = facts.components.kubelet;
  if (kubelet?.source !== 'process' || kubelet.pid === undefined) return undefined;
  const started = processStart(fs, kubelet.pid);
  if (started === undefined) return undefined;
  const files = [facts.kubelet?.configFile, ...(facts.kubelet?.dropIns ?? []), '/var/lib/kubelet/kubeadm-flags.env', '/etc/default/kubelet']
    .filter((f): f is string => f !== undefined);
  const changed = files.filter((file) => {
    const stats = fs.lstat(file);
    return stats.ok && stats.value.mtimeMs / 1000 > started + 1;
  });
  if (changed.length === 0) return undefined;
  return finding('MV007', 'kubelet', `${changed.join(', ')} changed after the running kubelet (pid ${kubelet.pid}) started; the kubelet reads them only at start, so \`kubefort bench\` judges settings that are not in effect yet`,
    { file: changed[0] ?? '' }, 'Run `systemctl daemon-reload && systemctl restart kubelet` (or `kubefort fix --restart-kubelet`).');
}
