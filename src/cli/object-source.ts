import { Option, type Command } from 'commander';
import { limitsForMaxInputSize, parseSize } from '../collect/input-limits.js';
import { loadObjects, type LoadOptions, type ObjectSet } from '../collect/objects.js';
import { parseRequestTimeout } from '../collect/live/http.js';
import type { LiveObjectSet } from '../collect/live/load.js';
import { RESOURCE_TYPES } from '../collect/live/resources.js';
import { UsageError } from '../domain/errors.js';
import type { CliContext } from './context.js';

/** The flags every command that reads cluster objects takes, spelled and meant as kubectl's. */
export interface ObjectSourceOptions {
  live?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  requestTimeout?: string;
  maxInputSize?: string;
}

/** Environment variable read when --max-input-size is not given. */
export const MAX_INPUT_SIZE_ENV = 'KUBEFORT_MAX_INPUT_SIZE';
const SIZE_HINT = `--max-input-size SIZE (or ${MAX_INPUT_SIZE_ENV}) raises it`;

export interface ObjectSourceConfig {
  /** No PATH given means "read the cluster" (netpol, scan); otherwise only --live does (bench). */
  liveWithoutPaths: boolean | ((opts: Record<string, unknown>) => boolean);
  /** Keep Secret values (export --include-secret-data). */
  includeSecretData?: (opts: Record<string, unknown>) => boolean;
  /** Kinds this command reads (default: every kind of RESOURCE_TYPES); nothing else is asked for, so nothing else can be forbidden. */
  kinds?: readonly string[];
  /** The PATHs among the command's arguments (default: all of them; can-i and who-can start with VERB and TYPE). */
  paths?: (args: readonly unknown[], opts: Record<string, unknown>) => string[];
  /** Help of -n and -A where the command gives them a meaning of its own too (rbac can-i: the namespace asked about). */
  namespaceHelp?: string;
  allNamespacesHelp?: string;
  /** Options that name input paths too (netpol-analyzer's --dirpath, --dir1/--dir2): given, the files are read, not the cluster. */
  pathOptions?: readonly string[];
}

/** What NetworkPolicy analysis reads: pods and their owners, namespaces, services, the policies. */
export const NETPOL_SOURCE: ObjectSourceConfig = {
  liveWithoutPaths: true,
  kinds: ['Namespace', 'Pod', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Ingress', 'Route'],
  pathOptions: ['dirpath', 'dir1', 'dir2'],
};

const liveSets = new WeakMap<object, LiveObjectSet>();

/**
 * Adds --live, --kubeconfig, --context, -n, -A and --request-timeout, and reads the cluster before the action
 * runs (commander awaits the hook), so that actions stay synchronous and get the set from objectSet().
 */
export function addObjectSourceOptions(command: Command, ctx: CliContext, config: ObjectSourceConfig = { liveWithoutPaths: true }): Command {
  command
    .option('--live', 'read the objects from the cluster of the kubeconfig\'s context')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, merged as kubectl merges it, else ~/.kube/config, else in-cluster)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('-n, --namespace <ns>', config.namespaceHelp ?? 'read namespaced objects of this namespace only (default: the context\'s namespace)')
    .option('-A, --all-namespaces', config.allNamespacesHelp ?? 'read namespaced objects of every namespace')
    .addOption(new Option('--request-timeout <duration>', 'time limit per API request, e.g. 30s, 1m; 0 = none').default('30s'))
    .option('--max-input-size <size>', `largest file or stdin to read, e.g. 256Mi, 1Gi (default 64Mi); raises the run total with it (env ${MAX_INPUT_SIZE_ENV})`);
  command.hook('preAction', async (self, action) => {
    // commander also runs a parent's hooks for its sub-commands (rbac → rbac can-i): each reads for itself only.
    if (self !== action) return;
    const opts = action.opts<ObjectSourceOptions & Record<string, unknown>>();
    objectLoadOptions(opts, ctx); // a bad --max-input-size is a usage error before anything is read
    const args: unknown[] = action.processedArgs;
    const named = (config.pathOptions ?? []).map((name) => opts[name]);
    const paths = [...(config.paths?.(args, opts) ?? args.flat()), ...named].filter((a): a is string => typeof a === 'string');
    if (!wantsLive(paths, opts, config)) return;
    if (paths.length > 0) throw new UsageError('give PATHs or --live, not both');
    if (opts.namespace !== undefined && opts.allNamespaces === true) throw new UsageError('-n/--namespace and -A/--all-namespaces exclude each other');
    const timeoutMs = parseRequestTimeout(opts.requestTimeout ?? '30s');
    if (timeoutMs === undefined) throw new UsageError(`--request-timeout ${JSON.stringify(opts.requestTimeout)}: expected a duration such as 30s, 1m or 0`);
    // @kubernetes/client-node is loaded only when a cluster is read: file runs do not pay its start-up cost.
    const { loadLiveObjects } = await import('../collect/live/load.js');
    const set = await loadLiveObjects({
      env: ctx.env,
      cwd: ctx.cwd,
      stdinIsTTY: process.stdin.isTTY === true,
      timeoutMs,
      ...(opts.kubeconfig === undefined ? {} : { kubeconfig: opts.kubeconfig }),
      ...(opts.context === undefined ? {} : { context: opts.context }),
      ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
      allNamespaces: opts.allNamespaces === true,
      includeSecretData: config.includeSecretData?.(opts) === true,
      ...(config.kinds === undefined ? {} : { types: RESOURCE_TYPES.filter((t) => config.kinds?.includes(t.kind)) }),
      ...(ctx.stderrIsTTY ? { progress: (text: string) => ctx.stderr(`\r\u001b[2Kkubefort: ${text}`) } : {}),
    });
    if (ctx.stderrIsTTY) ctx.stderr('\r\u001b[2K');
    for (const u of set.live.unreadable) ctx.stderr(`kubefort: warning: ${u.message}\n`);
    if (set.live.insecureSkipTlsVerify) ctx.stderr(`kubefort: warning: context ${set.live.context}: insecure-skip-tls-verify is set; the server's identity was not checked\n`);
    liveSets.set(opts, set);
  });
  return command;
}

function wantsLive(paths: readonly string[], opts: ObjectSourceOptions & Record<string, unknown>, config: ObjectSourceConfig): boolean {
  const withoutPaths = typeof config.liveWithoutPaths === 'function' ? config.liveWithoutPaths(opts) : config.liveWithoutPaths;
  return opts.live === true || (withoutPaths && paths.length === 0);
}

/** The live set read for this action, if it reads the cluster. */
export function liveSet(opts: object): LiveObjectSet | undefined {
  return liveSets.get(opts);
}

/**
 * How this action reads files and stdin: the size limits of --max-input-size (else $KUBEFORT_MAX_INPUT_SIZE, else
 * the defaults of src/collect/input-limits.ts) and the bounded stdin of the context. Throws a UsageError for a
 * size that is not one.
 */
export function objectLoadOptions(opts: object, ctx: CliContext): LoadOptions {
  const given = (opts as ObjectSourceOptions).maxInputSize;
  const env = ctx.env[MAX_INPUT_SIZE_ENV];
  const [source, text] = typeof given === 'string' ? ['--max-input-size', given] : env !== undefined && env !== '' ? [MAX_INPUT_SIZE_ENV, env] : [undefined, undefined];
  const options: LoadOptions = { readStdin: (maxBytes) => ctx.readStdin(maxBytes), sizeHint: SIZE_HINT };
  if (source === undefined || text === undefined) return options;
  const bytes = parseSize(text);
  if (bytes === undefined) throw new UsageError(`${source} ${JSON.stringify(text)}: expected a size such as 64Mi, 1Gi or 500M`);
  return { ...options, limits: limitsForMaxInputSize(bytes) };
}

/** The objects of this action: the cluster's (read in the hook) or the files'. */
export function objectSet(paths: readonly string[], opts: object, ctx: CliContext): ObjectSet {
  // -n/--namespace on files means what `kubectl apply -n NS -f` means: namespace-less objects are in NS.
  const namespace = (opts as ObjectSourceOptions).namespace;
  return liveSets.get(opts) ?? loadObjects(paths, { ...objectLoadOptions(opts, ctx), ...(typeof namespace === 'string' ? { defaultNamespace: namespace } : {}) });
}
