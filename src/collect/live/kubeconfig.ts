import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { InputError, UsageError } from '../../domain/errors.js';
import { fsErrorReason } from '../../domain/fs-errors.js';
import { isRecord } from '../../domain/guards.js';

export interface KubeconfigOptions {
  /** --kubeconfig: one file, as kubectl takes it (no merging). */
  kubeconfig?: string;
  /** --context: a context name of the merged configuration. */
  context?: string;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Is standard input a terminal (exec plugins with `interactiveMode: Always` need one). */
  stdinIsTTY?: boolean;
}

export interface ResolvedKubeconfig {
  kc: KubeConfig;
  /** Context name, or `in-cluster`. */
  context: string;
  /** The context's namespace, else `default` (kubectl's rule). */
  namespace: string;
  server: string;
  /** `insecure-skip-tls-verify: true` on the cluster: honoured, and reported as a finding. */
  insecureSkipTlsVerify: boolean;
  /** Where the configuration came from, for messages. */
  source: string;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

type Named = Record<string, unknown> & { name: string };

/**
 * The kubeconfig kubectl would use: --kubeconfig, else every file of $KUBECONFIG (colon list) merged with the
 * first file winning for each cluster, user and context name and for current-context, else ~/.kube/config,
 * else the in-cluster service account when running in a pod.
 */
export function resolveKubeconfig(options: KubeconfigOptions): ResolvedKubeconfig {
  const files = kubeconfigFiles(options);
  const kc = new KubeConfig();
  let source: string;
  if (files.length === 0) {
    if (options.env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(IN_CLUSTER_TOKEN)) {
      kc.loadFromCluster();
      source = 'in-cluster service account';
    } else {
      throw new UsageError('no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config');
    }
  } else {
    const merged = mergeFiles(files);
    kc.loadFromOptions(merged);
    source = files.join(delimiter);
  }
  if (options.context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === options.context)) {
      throw new UsageError(`context "${options.context}" not found in ${source}`, kc.getContexts().map((c) => c.name).sort());
    }
    kc.setCurrentContext(options.context);
  }
  const contextName = kc.getCurrentContext();
  const context = kc.getContextObject(contextName);
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new UsageError(`${source}: context "${contextName}" has no cluster (set current-context or pass --context)`);
  const user = kc.getCurrentUser();
  const exec: unknown = user?.exec;
  if (isRecord(exec) && exec.interactiveMode === 'Always' && options.stdinIsTTY !== true) {
    throw new UsageError(`user "${user?.name ?? ''}": exec plugin ${String(exec.command)} needs a terminal (interactiveMode: Always)`);
  }
  return {
    kc,
    context: files.length === 0 ? 'in-cluster' : contextName,
    namespace: context?.namespace ?? 'default',
    server: cluster.server,
    insecureSkipTlsVerify: cluster.skipTLSVerify,
    source,
  };
}

function kubeconfigFiles(options: KubeconfigOptions): string[] {
  if (options.kubeconfig !== undefined) {
    const file = resolve(options.cwd, options.kubeconfig);
    if (!existsSync(file)) throw new UsageError(`--kubeconfig ${options.kubeconfig}: no such file`);
    return [file];
  }
  const list = options.env.KUBECONFIG;
  if (list !== undefined && list !== '') {
    // kubectl skips list entries that do not exist.
    return list.split(delimiter).filter((f) => f !== '').map((f) => resolve(options.cwd, f)).filter((f) => existsSync(f));
  }
  const home = options.env.HOME;
  if (home !== undefined && home !== '') {
    const file = join(home, '.kube', 'config');
    if (existsSync(file)) return [file];
  }
  return [];
}

interface Merged {
  clusters: unknown[];
  users: unknown[];
  contexts: unknown[];
  currentContext: string;
}

function mergeFiles(files: readonly string[]): Merged {
  const clusters = new Map<string, unknown>();
  const users = new Map<string, unknown>();
  const contexts = new Map<string, unknown>();
  let current = '';
  for (const file of files) {
    const doc = readConfig(file);
    if (current === '' && typeof doc['current-context'] === 'string') current = doc['current-context'];
    for (const entry of named(doc.clusters)) {
      const c = isRecord(entry.cluster) ? { ...entry.cluster } : {};
      absolutize(c, ['certificate-authority'], file);
      if (!clusters.has(entry.name)) clusters.set(entry.name, clusterOption(entry.name, c));
    }
    for (const entry of named(doc.users)) {
      const u = isRecord(entry.user) ? { ...entry.user } : {};
      absolutize(u, ['client-certificate', 'client-key', 'tokenFile'], file);
      if (!users.has(entry.name)) users.set(entry.name, userOption(entry.name, u, file));
    }
    for (const entry of named(doc.contexts)) {
      const c = isRecord(entry.context) ? entry.context : {};
      if (!contexts.has(entry.name)) contexts.set(entry.name, { name: entry.name, cluster: c.cluster, user: c.user, namespace: c.namespace });
    }
  }
  return { clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: current };
}

function readConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${fsErrorReason(error)}`, { file }, { cause: error });
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    // The parser's message quotes the file; a kubeconfig may hold keys and tokens, so only the position is kept.
    const pos = isRecord(error) && Array.isArray(error.linePos) && isRecord(error.linePos[0]) ? `:${String(error.linePos[0].line)}:${String(error.linePos[0].col)}` : '';
    throw new InputError(`${file}${pos}: not a valid kubeconfig (YAML error)`, { file }, { cause: undefined });
  }
  if (doc === null || doc === undefined) return {};
  if (!isRecord(doc)) throw new InputError(`${file}: not a kubeconfig (expected a mapping)`, { file });
  return doc;
}

function named(value: unknown): Named[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is Named => isRecord(v) && typeof v.name === 'string');
}

/** kubectl resolves relative file references against the kubeconfig file's folder. */
function absolutize(record: Record<string, unknown>, keys: readonly string[], file: string): void {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) record[key] = join(dirname(file), value);
  }
}

function clusterOption(name: string, c: Record<string, unknown>): Record<string, unknown> {
  return {
    name,
    server: c.server,
    caData: c['certificate-authority-data'],
    caFile: c['certificate-authority'],
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: c['tls-server-name'],
    proxyUrl: c['proxy-url'],
  };
}

function userOption(name: string, u: Record<string, unknown>, file: string): Record<string, unknown> {
  let token = typeof u.token === 'string' ? u.token : undefined;
  // `tokenFile` is read at start, as kubectl does; an explicit token wins.
  if (token === undefined && typeof u.tokenFile === 'string') {
    try {
      token = readFileSync(u.tokenFile, 'utf8').trim();
    } catch (error) {
      throw new InputError(`${file}: user "${name}": cannot read tokenFile ${u.tokenFile}: ${fsErrorReason(error)}`, { file }, { cause: error });
    }
  }
  return {
    name,
    certData: u['client-certificate-data'],
    certFile: u['client-certificate'],
    keyData: u['client-key-data'],
    keyFile: u['client-key'],
    token,
    exec: u.exec,
    authProvider: u['auth-provider'],
    username: u.username,
    password: u.password,
    impersonateUser: u.as,
  };
}
