import { posix } from 'node:path';
import type { SourceLocation } from '../../domain/evidence.js';
import type { CollectWarning, ComponentFacts, KubeProxyFacts } from '../../domain/node-facts.js';
import { parseYamlText } from '../yaml-source.js';
import { lastArg } from './cmdline.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import { isRecord } from '../../domain/guards.js';
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
    facts.configFileError = { message: `cannot read ${readFrom}: ${read.reason}`, location: { file: readFrom } };
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
  facts.config = doc.value;
  collectLocations(doc.value, [], (path) => doc.locate(path), facts.locations);
  return facts;
}

/** The node path of a file kube-proxy names: on the node, else inside its container's root. */
export function locateInContainer(fs: NodeFs, path: string, pid: number | undefined): string | undefined {
  if (fs.exists(path)) return path;
  if (pid === undefined) return undefined;
  const inContainer = posix.join(`/proc/${pid}/root`, path);
  const found = fs.lstat(inContainer);
  return found.ok || !isAbsent(found) ? inContainer : undefined;
}

function collectLocations(value: Record<string, unknown>, path: string[], locate: (p: string[]) => SourceLocation | undefined, out: Record<string, SourceLocation>): void {
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    const location = locate(childPath);
    if (location !== undefined) out[childPath.join('.')] = location;
    if (isRecord(child)) collectLocations(child, childPath, locate, out);
  }
}
