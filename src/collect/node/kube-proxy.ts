import { printable } from '../../domain/printable.js';
import { posix } from 'node:path';
import type { SourceLocation } from '../../domain/evidence.js';
import type { CollectWarning, ComponentFacts, KubeProxyFacts } from '../../domain/node-facts.js';
import { parseYamlText } from '../yaml-source.js';
import { lastArg } from './cmdline.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import { isRecord } from '../../domain/guards.js';
import { getPath, newTree, setPath } from './user-tree.js';
import { isSecretName, REDACTED } from './redact.js';
import { READ_LIMITS } from './bounded-read.js';

/**
 * Reads kube-proxy's --config (a KubeProxyConfiguration). On kubeadm, kube-proxy runs in a DaemonSet pod and
 * the path (`/var/lib/kube-proxy/config.conf`) exists only inside its container; the node still sees that
 * filesystem at /proc/<pid>/root, so that is tried when the path is not on the node itself.
 */
export function readKubeProxy(fs: NodeFs, proxy: ComponentFacts | undefined, warnings: CollectWarning[]): KubeProxyFacts | undefined {
  if (proxy === undefined) return undefined;
  const facts: KubeProxyFacts = { locations: {} };
  const config = lastArg(proxy.args, '--config')?.value;
  if (!config) return facts;
  facts.configFile = config;
  const readFrom = locateInContainer(fs, config, proxy.pid);
  if (readFrom === undefined) {
    const message = `kube-proxy --config ${config} is not readable on the node${proxy.pid === undefined ? '' : ` nor in /proc/${proxy.pid}/root`}`;
    facts.configFileError = { message, location: { file: config } };
    warnings.push(facts.configFileError);
    return facts;
  }
  facts.readFrom = readFrom;
  const read = fs.readText(readFrom, READ_LIMITS.config, 'a kube-proxy config');
  if (!read.ok) {
    facts.configFileError = { message: `cannot read ${readFrom}: ${read.reason}`, code: read.code, location: { file: readFrom } };
    warnings.push(facts.configFileError);
    return facts;
  }
  const parsed = parseYamlText(read.value, readFrom);
  const error = parsed.errors[0];
  const doc = parsed.documents[0];
  if (error !== undefined || doc === undefined || !isRecord(doc.value)) {
    const location: SourceLocation = error?.location ?? { file: readFrom };
    facts.configFileError = { message: `malformed kube-proxy config: ${error?.message ?? `${readFrom}: not an object`}`, location };
    warnings.push(facts.configFileError);
    return facts;
  }
  if (doc.value.kind !== 'KubeProxyConfiguration') {
    const kind = doc.value.kind === undefined ? 'missing' : printable(String(doc.value.kind));
    facts.configFileError = { message: `${readFrom}: kind is ${kind}, expected KubeProxyConfiguration`, location: doc.locate(['kind']) ?? { file: readFrom } };
    warnings.push(facts.configFileError);
    return facts;
  }
  // Only the fields checks and file roles read are kept: the file is the user's and may hold anything.
  const kept = newTree();
  for (const field of KUBE_PROXY_FIELDS) {
    const path = field.split('.');
    const value = getPath(doc.value, path);
    if (value === undefined || isRecord(value) || Array.isArray(value)) continue;
    setPath(kept, path, isSecretName(path[path.length - 1] ?? field) ? REDACTED : value);
    const location = doc.locate(path);
    if (location !== undefined) facts.locations[field] = location;
  }
  facts.config = kept;
  return facts;
}

/** KubeProxyConfiguration fields that the benchmarks judge (metricsBindAddress) or that name files the benchmark checks. */
export const KUBE_PROXY_FIELDS = ['bindAddress', 'clientConnection.kubeconfig', 'healthzBindAddress', 'metricsBindAddress', 'mode'] as const;

/** The node path of a file kube-proxy names: on the node, else inside its container's root. */
export function locateInContainer(fs: NodeFs, path: string, pid: number | undefined): string | undefined {
  if (fs.exists(path)) return path;
  if (pid === undefined) return undefined;
  const inContainer = posix.join(`/proc/${pid}/root`, path);
  const found = fs.lstat(inContainer);
  return found.ok || !isAbsent(found) ? inContainer : undefined;
}
