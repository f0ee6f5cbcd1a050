import { posix } from 'node:path';
import type { SourceLocation } from '../../domain/evidence.js';
import type { ArgFact, CollectWarning, KubeletFacts, KubeletFieldSource } from '../../domain/node-facts.js';
import { parseYamlText, type SourceDocument } from '../yaml-source.js';
import { lastArg } from './cmdline.js';
import {
  CONFIG_FILE_DEFAULTS, CONFIG_PATH_FIELDS, FLAG_ONLY_DEFAULTS, KUBELET_FLAG_FIELDS, ZERO_MEANS_UNSET, convertFlagValue, isZeroValue,
  parseFeatureGates,
} from './kubelet-fields.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import { isRecord } from '../../domain/guards.js';
import { READ_LIMITS } from './bounded-read.js';

/** Where kubelets are commonly configured when nothing says which file they read (kubeadm, kOps, EKS, GKE). */
export const DEFAULT_KUBELET_CONFIG_PATHS = [
  '/var/lib/kubelet/config.yaml',
  '/etc/kubernetes/kubelet-config.yaml',
  '/etc/kubernetes/kubelet/kubelet-config.json',
  '/home/kubernetes/kubelet-config.yaml',
] as const;

export interface KubeletArgsOrigin {
  /** The kubelet's arguments, from its process or rebuilt from the systemd unit; undefined when neither exists. */
  args?: ArgFact[];
  /** Which file supplied --config when the arguments came from the unit. */
  configFlagFrom?: 'kubeadm-flags.env' | '10-kubeadm.conf';
}

type Effective = Record<string, unknown>;

/**
 * The kubelet's effective configuration, built in the kubelet's own order:
 * 1. the file named by --config (YAML or JSON KubeletConfiguration);
 * 2. the `*.conf` files of --config-dir, in lexical order, each merged over the result
 *    (maps merge key by key, scalars and lists are replaced);
 * 3. command-line flags that have a config field override both;
 * 4. defaults fill what is still unset: KubeletConfiguration v1beta1 defaults when a file was read,
 *    the command line's legacy defaults (anonymous auth on, AlwaysAllow, read-only port 10255) when not.
 */
export function buildKubeletFacts(fs: NodeFs, origin: KubeletArgsOrigin, warnings: CollectWarning[]): KubeletFacts {
  const args = origin.args ?? [];
  const facts: KubeletFacts = { configFileSource: 'none', dropIns: [], effective: {}, sources: {}, flags: [] };
  const effective: Effective = {};
  const sources: Record<string, KubeletFieldSource> = {};
  /** Fields a file wrote as Go's zero value, which the kubelet's defaulting replaces. */
  const zeroWritten = new Map<string, KubeletFieldSource>();

  const configArg = lastArg(args, '--config');
  if (configArg?.value) {
    facts.configFile = configArg.value;
    facts.configFileSource = origin.configFlagFrom ?? 'flag --config';
  } else if (origin.args === undefined) {
    // Neither a running kubelet nor a unit says which file is read: fall back to the usual locations.
    const found = DEFAULT_KUBELET_CONFIG_PATHS.find((path) => fs.exists(path));
    if (found !== undefined) {
      facts.configFile = found;
      facts.configFileSource = 'default path';
      warnings.push({ message: `no kubelet process or unit found; assuming the kubelet reads ${found}`, location: { file: found } });
    }
  }
  if (facts.configFile !== undefined) {
    const doc = readConfigDocument(fs, facts.configFile, warnings, facts);
    if (doc !== undefined) mergeInto(effective, sources, zeroWritten, doc, [], { kind: 'config-file' });
  }

  const configDirArg = lastArg(args, '--config-dir');
  if (configDirArg?.value) {
    facts.configDir = configDirArg.value;
    for (const path of dropInFiles(fs, configDirArg.value, warnings)) {
      facts.dropIns.push(path);
      const doc = readConfigDocument(fs, path, warnings);
      if (doc !== undefined) mergeInto(effective, sources, zeroWritten, doc, [], { kind: 'drop-in' });
    }
  }

  applyFlags(args, effective, sources, facts.flags, warnings);
  // Without --config the kubelet starts from the command line's defaults, and drop-ins merge over those.
  const defaults = facts.configFile !== undefined ? CONFIG_FILE_DEFAULTS : FLAG_ONLY_DEFAULTS;
  for (const [field, value] of Object.entries(defaults)) {
    if (getDotted(effective, field) !== undefined) continue;
    // nodeStatusReportFrequency defaults to an explicitly set nodeStatusUpdateFrequency, else 5m0s.
    const setUpdate = field === 'nodeStatusReportFrequency' && sources.nodeStatusUpdateFrequency?.kind !== 'default';
    const update = setUpdate ? effective.nodeStatusUpdateFrequency : undefined;
    setDotted(effective, field, typeof update === 'string' ? update : value);
    sources[field] = zeroWritten.get(field) ?? { kind: 'default' };
  }
  facts.effective = effective;
  facts.sources = sortKeys(sources);
  return facts;
}

/**
 * The drop-ins of --config-dir as the kubelet walks them (filepath.WalkDir: recursive, lexical order of
 * paths), keeping regular files whose name ends in `.conf`.
 */
function dropInFiles(fs: NodeFs, dir: string, warnings: CollectWarning[]): string[] {
  const out: string[] = [];
  const visit = (path: string, depth: number): void => {
    const listing = fs.list(path);
    if (!listing.ok) {
      warnings.push({ message: `cannot list kubelet --config-dir ${path}: ${listing.reason}`, location: { file: path } });
      return;
    }
    for (const name of listing.value) {
      const child = `${path.replace(/\/+$/, '')}/${name}`;
      const stats = fs.lstat(child);
      if (!stats.ok) continue;
      if (stats.value.isDirectory()) {
        if (depth < 16) visit(child, depth + 1);
      } else if (name.endsWith('.conf')) {
        out.push(child);
      }
    }
  };
  visit(dir, 0);
  return out;
}

function readConfigDocument(fs: NodeFs, path: string, warnings: CollectWarning[], facts?: KubeletFacts): SourceDocument | undefined {
  const read = fs.readText(path, READ_LIMITS.config, 'a kubelet config');
  const fail = (message: string, location: SourceLocation): undefined => {
    warnings.push({ message, location });
    if (facts) facts.configFileError = { message, location };
    return undefined;
  };
  if (!read.ok) {
    return fail(`cannot read kubelet config ${path}: ${isAbsent(read) ? 'no such file' : read.reason}`, { file: path });
  }
  const parsed = parseYamlText(read.value, path);
  const error = parsed.errors[0];
  if (error !== undefined) return fail(`malformed kubelet config: ${error.message}`, error.location ?? { file: path });
  const doc = parsed.documents[0];
  if (doc === undefined || !isRecord(doc.value)) return fail(`${path}: not a KubeletConfiguration object`, { file: path });
  if (doc.value.kind !== undefined && doc.value.kind !== 'KubeletConfiguration') {
    return fail(`${path}: kind is ${String(doc.value.kind)}, expected KubeletConfiguration`, doc.locate(['kind']) ?? { file: path });
  }
  return doc;
}

/** Merges a document's fields over `target`: maps recurse, everything else (scalars, lists) replaces. */
function mergeInto(
  target: Effective,
  sources: Record<string, KubeletFieldSource>,
  zeroWritten: Map<string, KubeletFieldSource>,
  doc: SourceDocument,
  path: string[],
  kind: { kind: 'config-file' | 'drop-in' },
): void {
  const value = path.length === 0 ? doc.value : getPathValue(doc.value, path);
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (path.length === 0 && (key === 'apiVersion' || key === 'kind')) continue;
    const childPath = [...path, key];
    const dotted = childPath.join('.');
    if (isRecord(child)) {
      mergeInto(target, sources, zeroWritten, doc, childPath, kind);
      continue;
    }
    const location = doc.locate(childPath);
    if (child === null) {
      // JSON merge patch (RFC 7386), which the kubelet uses for drop-ins: null removes the field.
      deleteDotted(target, dotted);
      for (const known of Object.keys(sources)) if (known === dotted || known.startsWith(`${dotted}.`)) delete sources[known];
      continue;
    }
    if (kind.kind === 'config-file' && ZERO_MEANS_UNSET.has(dotted) && isZeroValue(child)) {
      // Decoding the file defaults this zero: the field stays unset here and the default fills it below,
      // unless a later drop-in or flag sets it. The source then points at the zero that was written.
      deleteDotted(target, dotted);
      zeroWritten.set(dotted, location ? { kind: 'default', location } : { kind: 'default' });
      delete sources[dotted];
      continue;
    }
    zeroWritten.delete(dotted);
    const relative = kind.kind === 'config-file' && CONFIG_PATH_FIELDS.has(dotted) && typeof child === 'string' && child !== '' && !child.startsWith('/');
    setDotted(target, dotted, relative ? posix.join(posix.dirname(doc.location.file), child) : child);
    // Replacing a whole list or scalar drops what a deeper, earlier source said about it.
    for (const known of Object.keys(sources)) if (known.startsWith(`${dotted}.`)) delete sources[known];
    sources[dotted] = location ? { kind: kind.kind, location } : { kind: kind.kind };
  }
}

function applyFlags(args: readonly ArgFact[], effective: Effective, sources: Record<string, KubeletFieldSource>, other: ArgFact[], warnings: CollectWarning[]): void {
  for (const arg of args) {
    const mapping = KUBELET_FLAG_FIELDS[arg.flag];
    if (mapping === undefined) {
      other.push(arg);
      continue;
    }
    if (mapping.type === 'featureGates') {
      const gates = arg.value === undefined ? undefined : parseFeatureGates(arg.value);
      if (gates === undefined) {
        warnings.push({ message: `kubelet ${arg.flag}=${arg.value ?? ''}: not a list of Gate=true|false`, location: arg.location });
        continue;
      }
      for (const [gate, enabled] of Object.entries(gates)) {
        setDotted(effective, `featureGates.${gate}`, enabled);
        sources[`featureGates.${gate}`] = { kind: 'flag', location: arg.location };
      }
      continue;
    }
    const value = convertFlagValue(mapping.type, arg.value);
    if (value === undefined) {
      warnings.push({ message: `kubelet ${arg.flag}: value ${JSON.stringify(arg.value ?? '')} is not a valid ${mapping.type}`, location: arg.location });
      continue;
    }
    setDotted(effective, mapping.field, value);
    sources[mapping.field] = { kind: 'flag', location: arg.location };
  }
}

export function getDotted(target: Record<string, unknown>, dotted: string): unknown {
  return getPathValue(target, dotted.split('.'));
}

function getPathValue(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function deleteDotted(target: Effective, dotted: string): void {
  const keys = dotted.split('.');
  const parent = getPathValue(target, keys.slice(0, -1));
  if (isRecord(parent)) delete parent[keys[keys.length - 1] ?? dotted];
}

function setDotted(target: Effective, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let current: Effective = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (!isRecord(next)) current[key] = {};
    current = current[key] as Effective;
  }
  current[keys[keys.length - 1] ?? dotted] = value;
}


function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
