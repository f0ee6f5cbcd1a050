import type { ArgFact, ComponentFacts, ComponentName, CollectWarning } from '../../domain/node-facts.js';
import { identifyComponent, parseArgs, splitCmdline } from './cmdline.js';
import { etcdEnvArgs, splitEnviron } from './etcd-env.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import { READ_LIMITS } from './bounded-read.js';
import type { ProcessArgv } from './platform.js';

/**
 * Finds the running Kubernetes components in <root>/proc/<pid>/cmdline (the kernel's copy of argv;
 * no `ps`, no shell). When a component runs more than once the lowest pid is kept and the others are named
 * in a warning. Processes that vanish while being read are skipped silently: that is normal for /proc.
 * `visit` sees every process read, in pid order (platform detection uses them instead of reading /proc again).
 */
export function scanProcesses(fs: NodeFs, warnings: CollectWarning[], visit?: (process: ProcessArgv) => void): Map<ComponentName, ComponentFacts> {
  const found = new Map<ComponentName, ComponentFacts>();
  const listing = fs.list('/proc');
  if (!listing.ok) {
    if (!isAbsent(listing)) warnings.push({ message: `cannot list /proc: ${listing.reason}`, code: listing.code, location: { file: '/proc' } });
    return found;
  }
  const pids = listing.value.filter((name) => /^\d+$/.test(name)).map(Number).sort((a, b) => a - b);
  const duplicates = new Map<ComponentName, number[]>();
  for (const pid of pids) {
    const file = `/proc/${pid}/cmdline`;
    const read = fs.readText(file, READ_LIMITS.proc, 'a process command line');
    if (!read.ok) {
      if (!isAbsent(read) && read.code !== 'ESRCH') warnings.push({ message: `cannot read ${file}: ${read.reason}`, code: read.code, location: { file } });
      continue;
    }
    const argv = splitCmdline(read.value);
    visit?.({ pid, argv });
    const invocation = identifyComponent(argv);
    if (invocation === undefined) continue;
    if (found.has(invocation.name)) {
      duplicates.set(invocation.name, [...(duplicates.get(invocation.name) ?? []), pid]);
      continue;
    }
    const tokens = argv.slice(invocation.argsStart);
    found.set(invocation.name, {
      name: invocation.name,
      source: 'process',
      pid,
      executable: invocation.executable,
      args: [
        ...(invocation.name === 'etcd' ? readEtcdEnv(fs, pid, warnings) : []),
        ...parseArgs(tokens, () => ({ file })),
      ],
    });
  }
  for (const [name, others] of duplicates) {
    const kept = found.get(name)?.pid;
    warnings.push({ message: `${name} runs more than once (pids ${[kept, ...others].join(', ')}); using pid ${kept}` });
  }
  return found;
}

/** etcd's ETCD_* variables from /proc/<pid>/environ, as arguments that its command-line flags shadow. */
function readEtcdEnv(fs: NodeFs, pid: number, warnings: CollectWarning[]): ArgFact[] {
  const file = `/proc/${pid}/environ`;
  const read = fs.readText(file, READ_LIMITS.proc, 'a process environment');
  if (!read.ok) {
    if (!isAbsent(read)) warnings.push({ message: `cannot read ${file}: ${read.reason}; ETCD_* variables are not seen`, code: read.code, location: { file } });
    return [];
  }
  return etcdEnvArgs(splitEnviron(read.value).map((v) => ({ ...v, location: { file } })));
}
