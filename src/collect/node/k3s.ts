import { posix } from 'node:path';
import type { SourceLocation } from '../../domain/evidence.js';
import type { CollectWarning, ComponentFacts, ComponentName, K3sFacts } from '../../domain/node-facts.js';
import { errnoCode, fsErrorReason } from '../../domain/fs-errors.js';
import { InputError } from '../../domain/errors.js';
import type { ProcessArgv } from './platform.js';
import { etcdArgsFromConfig, k3sArgs, redactUserinfo } from './k3s-components.js';
import { configFiles, isTrue, K3S_CONFIG, lastOption, listOption, parseCommandLine, readConfigOptions, type K3sOption } from './k3s-config.js';
import { COMPONENT_TABLE, type K3sContext } from './k3s-defaults.js';
import { K3S_LOG_TAIL, parseK3sLog, readTail, type K3sLog } from './k3s-log.js';
import { readK3sUnit } from './k3s-unit.js';
import type { NodeFs } from './node-fs.js';

export const K3S_DATA_DIR = '/var/lib/rancher/k3s';
/** openrc installs (install.sh) send k3s's output to /var/log/<service>.log; systemd installs to the journal. */
const OPENRC_LOGS = ['/var/log/k3s.log', '/var/log/k3s-agent.log'];

export interface K3sCollectOptions {
  /** A text export of the journal (`journalctl -u k3s > FILE`), on this machine: kubefort never runs journalctl. */
  logFile?: string;
}

export interface K3sCollected {
  components: Partial<Record<ComponentName, ComponentFacts>>;
  facts: K3sFacts;
}

interface Supervisor { pid: number; executable: string; role: 'server' | 'agent'; words: string[] }

/**
 * The embedded components of a k3s node, from the best evidence at hand: the "Running <component>" lines of the
 * k3s log (--k3s-log FILE, else /var/log/k3s.log) — what really ran — and otherwise k3s's built-in arguments
 * overlaid with its config files and command line (k3s-defaults.ts, k3s-config.ts). undefined: not a k3s node.
 */
export function collectK3s(fs: NodeFs, options: K3sCollectOptions, hostname: string | undefined, warnings: CollectWarning[], processes: Iterable<ProcessArgv>): K3sCollected | undefined {
  const proc = findSupervisor(processes);
  const hasServer = fs.exists(`${K3S_DATA_DIR}/server`);
  if (proc === undefined && !hasServer && !fs.exists(`${K3S_DATA_DIR}/agent`) && !fs.exists(K3S_CONFIG)) {
    if (options.logFile !== undefined) warnings.push({ message: `--k3s-log ${options.logFile}: this node shows no k3s (no k3s process, /var/lib/rancher/k3s or ${K3S_CONFIG}); the log is not used` });
    return undefined;
  }
  const role = proc?.role ?? (hasServer ? 'server' : 'agent');
  const evidence = proc === undefined ? [hasServer ? `${K3S_DATA_DIR}/server` : fs.exists(`${K3S_DATA_DIR}/agent`) ? `${K3S_DATA_DIR}/agent` : K3S_CONFIG] : [`process k3s ${proc.role} (/proc/${proc.pid}/cmdline)`];

  const cmdline = commandLineOptions(fs, proc, role, warnings);
  const files = configFiles(fs, cmdline.config ?? K3S_CONFIG, warnings);
  const all = [...readConfigOptions(fs, files, warnings), ...cmdline.options];
  const log = readLog(fs, options, warnings);
  const context = contextOf(all, hostname);
  const etcdConfig = `${context.dataDir}/server/db/etcd/config`;
  const datastore = datastoreOf(fs, all, log, etcdConfig, context.dataDir);
  context.embeddedEtcd = datastore.kind === 'etcd';

  const components: Partial<Record<ComponentName, ComponentFacts>> = {};
  const facts: K3sFacts = { role, evidence, configFiles: files, datastore: datastore.kind, datastoreEvidence: datastore.evidence };
  if (log !== undefined) facts.logFile = log.file;
  if (log?.version !== undefined) facts.version = log.version;
  // k3s's defaults describe a k3s that runs: without its process, unit, config or log there is nothing to derive from.
  if (proc === undefined && cmdline.from === undefined && files.length === 0 && log === undefined) return { components, facts };
  const executable = proc?.executable ?? 'k3s';
  for (const row of COMPONENT_TABLE) {
    if (!runs(row.name, role, all)) continue;
    const logged = log?.components[row.name as keyof K3sLog['components']];
    if (log !== undefined && logged !== undefined) {
      components[row.name] = { name: row.name, source: 'k3s-log', executable, args: redact(logged.args), origin: `${log.file}:${logged.line} (last "Running ${row.name}" line)` };
      continue;
    }
    const args = k3sArgs(row.defaults(context), listOption(all, row.option), row.source, context.from);
    components[row.name] = { name: row.name, source: 'k3s', executable, args: redact(args), origin: `the defaults of ${row.source} with ${row.option} from ${[...files, cmdline.from].filter((f) => f !== undefined).join(', ') || 'no config'}` };
  }
  if (datastore.kind === 'etcd' && role === 'server') {
    const args = etcdArgsFromConfig(fs, etcdConfig, warnings);
    if (args !== undefined) components.etcd = { name: 'etcd', source: 'k3s', executable, args: redact(args), origin: `${etcdConfig} (etcd --config-file, written by k3s)` };
  }
  return { components, facts };
}

function redact(args: ComponentFacts['args']): ComponentFacts['args'] {
  return args.map((a) => (a.value === undefined ? a : { ...a, value: redactUserinfo(a.value) }));
}

/** `disable-apiserver`, `disable-scheduler`, `disable-controller-manager`, `disable-kube-proxy`; an agent runs only the node's two. */
function runs(name: ComponentName, role: 'server' | 'agent', options: readonly K3sOption[]): boolean {
  const off: Partial<Record<ComponentName, string>> = { 'kube-apiserver': 'disable-apiserver', 'kube-scheduler': 'disable-scheduler', 'kube-controller-manager': 'disable-controller-manager', 'kube-proxy': 'disable-kube-proxy' };
  const option = off[name];
  if (option !== undefined && isTrue(lastOption(options, option))) return false;
  return role === 'server' || name === 'kubelet' || name === 'kube-proxy';
}

/** `processes`: those the collector already read, in pid order (/proc is not read again). */
function findSupervisor(processes: Iterable<ProcessArgv>): Supervisor | undefined {
  for (const { pid, argv } of processes) {
    // k3s rewrites its process title to "k3s server" (hiding its arguments, the token among them).
    const words = argv.length === 1 ? (argv[0] ?? '').split(' ').filter((w) => w !== '') : [...argv];
    const role = words[1];
    if (posix.basename(words[0] ?? '') === 'k3s' && (role === 'server' || role === 'agent')) return { pid, executable: words[0] ?? 'k3s', role, words: words.slice(2) };
  }
  return undefined;
}

/** The options on k3s's command line: /proc/<pid>/cmdline, else (title rewritten, or no process) the unit's ExecStart. */
function commandLineOptions(fs: NodeFs, proc: Supervisor | undefined, role: 'server' | 'agent', warnings: CollectWarning[]): { options: K3sOption[]; config?: string; from?: string } {
  if (proc !== undefined && proc.words.length > 0) {
    const file = `/proc/${proc.pid}/cmdline`;
    return { ...parseCommandLine(proc.words, () => ({ file })), from: file };
  }
  const unit = readK3sUnit(fs, role, warnings);
  if (unit === undefined) return { options: [] };
  return { ...parseCommandLine(unit.words.map((w) => w.text), (i) => unit.words[i]?.location ?? { file: unit.file }), from: unit.file };
}

function readLog(fs: NodeFs, options: K3sCollectOptions, warnings: CollectWarning[]): K3sLog | undefined {
  const candidates: { file: string; host: string; follow: boolean }[] = options.logFile !== undefined
    ? [{ file: options.logFile, host: options.logFile, follow: true }]
    : OPENRC_LOGS.filter((p) => fs.exists(p)).map((p) => ({ file: p, host: fs.hostPath(fs.resolve(p)), follow: false }));
  for (const c of candidates) {
    try {
      const { text, truncated } = readTail(c.host, K3S_LOG_TAIL, c.follow);
      if (truncated) warnings.push({ message: `${c.file} is larger than 64 MiB: only its last 64 MiB were read (line numbers count from there)`, location: { file: c.file } });
      const log = parseK3sLog(text, c.file);
      if (Object.keys(log.components).length > 0) return log;
      warnings.push({ message: `${c.file} has no "Running kube-apiserver|kubelet|..." line from k3s; k3s's defaults and config are used instead`, location: { file: c.file } });
    } catch (error) {
      // A log the user named is input: unreadable, it is an error (exit 2), not a warning.
      if (options.logFile !== undefined) throw new InputError(`--k3s-log ${c.file}: ${errnoCode(error) === 'ENOENT' ? 'no such file' : fsErrorReason(error)}`, { file: c.file }, { cause: error });
      warnings.push({ message: `cannot read ${c.file}: ${fsErrorReason(error)}`, location: { file: c.file } });
    }
  }
  return undefined;
}

function contextOf(options: readonly K3sOption[], hostname: string | undefined): K3sContext {
  const value = (name: string) => lastOption(options, name)?.value;
  const port = Number.parseInt(value('https-listen-port') ?? '6443', 10);
  const nodeName = value('node-name') ?? hostname;
  const context: K3sContext = {
    dataDir: (value('data-dir') ?? K3S_DATA_DIR).replace(/\/+$/, ''),
    httpsPort: Number.isFinite(port) && port > 0 && port < 65535 ? port : 6443,
    clusterCidr: value('cluster-cidr') ?? '10.42.0.0/16',
    serviceCidr: value('service-cidr') ?? '10.43.0.0/16',
    clusterDomain: value('cluster-domain') ?? 'cluster.local',
    clusterDns: value('cluster-dns') ?? '10.43.0.10',
    secretsEncryption: isTrue(lastOption(options, 'secrets-encryption')),
    protectKernelDefaults: isTrue(lastOption(options, 'protect-kernel-defaults')),
    embeddedEtcd: false,
    disableCloudController: isTrue(lastOption(options, 'disable-cloud-controller')),
    from: {},
  };
  if (nodeName !== undefined) context.nodeName = nodeName;
  // Which component flags each k3s option decides (pkg/cli/server/server.go copies them into the control config).
  const decides: [string, string[]][] = [
    ['secrets-encryption', ['encryption-provider-config', 'encryption-provider-config-automatic-reload']], ['protect-kernel-defaults', ['protect-kernel-defaults']],
    ['node-name', ['hostname-override']], ['https-listen-port', ['secure-port', 'advertise-port']], ['cluster-cidr', ['cluster-cidr']],
    ['service-cidr', ['service-cluster-ip-range']], ['cluster-domain', ['cluster-domain']], ['cluster-dns', ['cluster-dns']], ['data-dir', []],
  ];
  for (const [option, flags] of decides) {
    const found = lastOption(options, option);
    if (found !== undefined) for (const flag of flags) context.from[flag] = { option, location: found.location };
  }
  return context;
}

/**
 * Which datastore the API server uses. datastore-endpoint names an external one (kine to MySQL/Postgres, or an
 * etcd cluster elsewhere); otherwise k3s runs its embedded etcd when it was initialised with cluster-init or joined
 * one (its etcd config file exists, the log says "Managed etcd cluster"), and kine over SQLite otherwise.
 */
function datastoreOf(fs: NodeFs, options: readonly K3sOption[], log: K3sLog | undefined, etcdConfig: string, dataDir: string): { kind: K3sFacts['datastore']; evidence: string } {
  const endpoint = lastOption(options, 'datastore-endpoint');
  if (endpoint !== undefined && endpoint.value !== '') return { kind: 'external', evidence: `datastore-endpoint ${redactUserinfo(endpoint.value)} (${where(endpoint.location)})` };
  if (fs.exists(etcdConfig)) return { kind: 'etcd', evidence: `${etcdConfig} (k3s's embedded etcd)` };
  if (log?.managedEtcdLine !== undefined) return { kind: 'etcd', evidence: `${log.file}:${log.managedEtcdLine} ("Managed etcd cluster")` };
  const init = lastOption(options, 'cluster-init');
  if (isTrue(init) && init !== undefined) return { kind: 'etcd', evidence: `cluster-init (${where(init.location)})` };
  const sqlite = `${dataDir}/server/db/state.db`;
  if (fs.exists(sqlite)) return { kind: 'sqlite', evidence: `${sqlite} (kine over SQLite, no etcd)` };
  return { kind: 'unknown', evidence: `no ${etcdConfig}, no ${sqlite}, no datastore-endpoint or cluster-init` };
}

function where(location: SourceLocation): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}
