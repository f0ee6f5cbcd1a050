import { readlinkSync } from 'node:fs';
import { posix } from 'node:path';
import { identifyComponent, lastArg, parseArgs, splitCmdline } from '../collect/node/cmdline.js';
import { etcdEnvArgs, splitEnviron } from '../collect/node/etcd-env.js';
import { NodeFs, isAbsent } from '../collect/node/node-fs.js';
import { resolveInRoot } from '../collect/root-path.js';
import type { ArgFact } from '../domain/node-facts.js';
import type { SourceLocation } from '../domain/evidence.js';
import { parseProcNet, type Family, type Protocol, type Socket } from './proc-net.js';
import { READ_LIMITS } from '../collect/node/bounded-read.js';

export interface Owner {
  pid: number;
  /** The command, from /proc/<pid>/comm (or argv[0]). */
  command: string;
  /** The Kubernetes component the process runs, when it is one. */
  component?: string;
  args: ArgFact[];
}

export interface NodeSockets {
  sockets: Socket[];
  owners: Map<number, Owner>;
  /** Files read; none read means nothing could be checked. */
  read: string[];
  warnings: string[];
  /** Lines of the socket tables that are not in the kernel's format. */
  problems: { message: string; location: SourceLocation }[];
  /** net.ipv6.bindv6only: 0 (the default) lets a socket on `::` accept IPv4 too. */
  bindv6only?: boolean;
}

const TABLES: readonly [string, Protocol, Family][] = [
  ['/proc/net/tcp', 'tcp', 4], ['/proc/net/tcp6', 'tcp', 6], ['/proc/net/udp', 'udp', 4], ['/proc/net/udp6', 'udp', 6],
];

/** readlink of a node path, the directories above it resolved inside the root; the link itself is not followed. */
function readLinkInRoot(root: string, nodePath: string): string | undefined {
  const dir = resolveInRoot(root, posix.dirname(nodePath));
  if (dir.error) return undefined;
  try {
    return readlinkSync(posix.join(root, dir.path, posix.basename(nodePath)));
  } catch {
    return undefined; // the descriptor was closed between listing and reading: normal for /proc.
  }
}

/** Socket inodes of every process through <root>/proc/<pid>/fd/* -> `socket:[inode]`, where readable. */
function socketOwners(fs: NodeFs, warnings: string[]): Map<number, Owner> {
  const owners = new Map<number, Owner>();
  const listing = fs.list('/proc');
  if (!listing.ok) return owners;
  let unreadable = 0;
  const pids = listing.value.filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  for (const pid of pids) {
    const fds = fs.list(`/proc/${pid}/fd`);
    if (!fds.ok) {
      if (!isAbsent(fds)) unreadable++;
      continue;
    }
    let owner: Owner | undefined;
    for (const fd of fds.value) {
      const target = readLinkInRoot(fs.root, `/proc/${pid}/fd/${fd}`);
      const m = target ? /^socket:\[(\d+)\]$/.exec(target) : null;
      if (!m) continue;
      owner ??= describe(fs, pid);
      const inode = Number(m[1]);
      if (!owners.has(inode)) owners.set(inode, owner);
    }
  }
  if (unreadable > 0) warnings.push(`${unreadable} process(es) in /proc whose fd directory could not be read (run as root to name every listener's process)`);
  return owners;
}

function describe(fs: NodeFs, pid: number): Owner {
  const cmd = fs.readText(`/proc/${pid}/cmdline`, READ_LIMITS.proc, 'a process command line');
  const argv = cmd.ok ? splitCmdline(cmd.value) : [];
  const comm = fs.readText(`/proc/${pid}/comm`, READ_LIMITS.small, 'a process name');
  const command = comm.ok ? comm.value.trim() : posix.basename(argv[0] ?? `pid ${pid}`);
  const inv = identifyComponent(argv);
  const file = `/proc/${pid}/cmdline`;
  const args = inv ? parseArgs(argv.slice(inv.argsStart), () => ({ file })) : [];
  if (inv?.name === 'etcd') {
    // etcd also reads ETCD_* variables; a command-line flag shadows the variable, so the flags come last.
    const environ = fs.readText(`/proc/${pid}/environ`, READ_LIMITS.proc, 'a process environment');
    if (environ.ok) args.unshift(...etcdEnvArgs(splitEnviron(environ.value).map((v) => ({ ...v, location: { file: `/proc/${pid}/environ` } }))));
  }
  return { pid, command, ...(inv ? { component: inv.name } : {}), args };
}

export function flag(owner: Owner | undefined, name: string): string | undefined {
  if (!owner) return undefined;
  const arg = lastArg(owner.args, name);
  return arg ? (arg.value ?? 'true') : undefined;
}

/** Reads the socket tables and their owners from a node root. */
export function readNodeSockets(root: string): NodeSockets {
  const fs = new NodeFs(root);
  const out: NodeSockets = { sockets: [], owners: new Map(), read: [], warnings: [], problems: [] };
  for (const [file, protocol, family] of TABLES) {
    const text = fs.readText(file, READ_LIMITS.input, 'a socket table');
    if (!text.ok) {
      if (!isAbsent(text)) out.warnings.push(`cannot read ${file}: ${text.reason}`);
      continue;
    }
    out.read.push(file);
    const parsed = parseProcNet(text.value, file, protocol, family);
    out.sockets.push(...parsed.sockets);
    out.problems.push(...parsed.problems);
  }
  const v6only = fs.readText('/proc/sys/net/ipv6/bindv6only', READ_LIMITS.small, 'a sysctl');
  if (v6only.ok) out.bindv6only = v6only.value.trim() === '1';
  if (out.read.length > 0) out.owners = socketOwners(fs, out.warnings);
  return out;
}
