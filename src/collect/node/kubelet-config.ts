import { printable } from '../../domain/printable.js';
import { posix } from 'node:path';
import type { SourceLocation } from '../../domain/evidence.js';
import type { ArgFact, CollectWarning, KubeletFacts, KubeletFieldSource } from '../../domain/node-facts.js';
import type { SourceDocument } from '../yaml-source.js';
import { parseYamlText } from '../yaml-source.js';
import { lastArg } from './cmdline.js';
import {
  CONFIG_FILE_DEFAULTS, CONFIG_PATH_FIELDS, FLAG_ONLY_DEFAULTS, KUBELET_FLAG_FIELDS, ZERO_MEANS_UNSET, convertFlagValue, isZeroValue,
  parseFeatureGates,
} from './kubelet-fields.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import { isRecord } from '../../domain/guards.js';
import { copyTree, deletePath, getPath, isForbiddenKey, newTree, pathKey, setPath, type Tree } from './user-tree.js';
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

type Effective = Tree;

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
  const effective: Effective = newTree();
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
    if (doc !== undefined) mergeInto({ target: effective, sources, zeroWritten, doc, kind: 'config-file', warnings }, doc.value, []);
  }

  const configDirArg = lastArg(args, '--config-dir');
  if (configDirArg?.value) {
    facts.configDir = configDirArg.value;
    for (const path of dropInFiles(fs, configDirArg.value, warnings)) {
      facts.dropIns.push(path);
      const doc = readConfigDocument(fs, path, warnings);
      if (doc !== undefined) mergeInto({ target: effective, sources, zeroWritten, doc, kind: 'drop-in', warnings }, doc.value, []);
    }
  }

  applyFlags(args, effective, sources, facts.flags, warnings);
  // Without --config the kubelet starts from the command line's defaults, and drop-ins merge over those.
  const defaults = facts.configFile !== undefined ? CONFIG_FILE_DEFAULTS : FLAG_ONLY_DEFAULTS;
  for (const [field, value] of Object.entries(defaults)) {
    const path = field.split('.');
    if (getPath(effective, path) !== undefined) continue;
    // nodeStatusReportFrequency defaults to an explicitly set nodeStatusUpdateFrequency, else 5m0s.
    const setUpdate = field === 'nodeStatusReportFrequency' && sources.nodeStatusUpdateFrequency?.kind !== 'default';
    const update = setUpdate ? effective.nodeStatusUpdateFrequency : undefined;
    setPath(effective, path, typeof update === 'string' ? update : value);
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
      warnings.push({ message: `cannot list kubelet --config-dir ${path}: ${listing.reason}`, code: listing.code, location: { file: path } });
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
  const fail = (message: string, location: SourceLocation, code?: string): undefined => {
    const warning: CollectWarning = code === undefined ? { message, location } : { message, code, location };
    warnings.push(warning);
    if (facts) facts.configFileError = { ...warning };
    return undefined;
  };
  if (!read.ok) {
    return fail(`cannot read kubelet config ${path}: ${isAbsent(read) ? 'no such file' : read.reason}`, { file: path }, read.code);
  }
  const parsed = parseYamlText(read.value, path);
  const error = parsed.errors[0];
  if (error !== undefined) return fail(`malformed kubelet config: ${error.message}`, error.location ?? { file: path });
  const doc = parsed.documents[0];
  if (doc === undefined || !isRecord(doc.value)) return fail(`${path}: not a KubeletConfiguration object`, { file: path });
  // The kubelet's decoder needs apiVersion and kind; a file without them (a kubeconfig named by mistake) is not
  // a KubeletConfiguration, and none of its content is taken into the facts.
  if (doc.value.kind !== 'KubeletConfiguration') {
    const kind = doc.value.kind === undefined ? 'missing' : printable(String(doc.value.kind));
    return fail(`${path}: kind is ${kind}, expected KubeletConfiguration`, doc.locate(['kind']) ?? { file: path });
  }
  return doc;
}

interface MergeContext {
  target: Effective;
  sources: Record<string, KubeletFieldSource>;
  /** Fields a config file wrote as Go's zero value, keyed by pathKey. */
  zeroWritten: Map<string, KubeletFieldSource>;
  doc: SourceDocument;
  kind: 'config-file' | 'drop-in';
  warnings: CollectWarning[];
}

/**
 * Merges a document's fields over the target: maps recurse, everything else (scalars, lists) replaces.
 * Keys are taken as written, one path component each (see user-tree.ts): the kubelet's decoder ignores a key it
 * does not know, such as a literal `authentication.anonymous.enabled` at the top level, and so does this merge.
 */
function mergeInto(ctx: MergeContext, value: unknown, path: string[]): void {
  if (!isRecord(value)) return;
  const { target, sources, zeroWritten, doc } = ctx;
  for (const [key, child] of Object.entries(value)) {
    if (path.length === 0 && (key === 'apiVersion' || key === 'kind')) continue;
    const childPath = [...path, key];
    const field = pathKey(childPath);
    const location = doc.locate(childPath);
    if (isForbiddenKey(key)) {
      ctx.warnings.push({ message: `kubelet config: key ${JSON.stringify(field)} is not a KubeletConfiguration field; ignored`, location: location ?? doc.location });
      continue;
    }
    if (isRecord(child)) {
      mergeInto(ctx, child, childPath);
      continue;
    }
    if (child === null) {
      // JSON merge patch (RFC 7386), which the kubelet uses for drop-ins: null removes the field.
      deletePath(target, childPath);
      for (const known of Object.keys(sources)) if (known === field || known.startsWith(`${field}.`) || known.startsWith(`${field}[`)) delete sources[known];
      continue;
    }
    if (ctx.kind === 'config-file' && ZERO_MEANS_UNSET.has(field) && isZeroValue(child)) {
      // Decoding the file defaults this zero: the field stays unset here and the default fills it below,
      // unless a later drop-in or flag sets it. The source then points at the zero that was written.
      deletePath(target, childPath);
      zeroWritten.set(field, location ? { kind: 'default', location } : { kind: 'default' });
      delete sources[field];
      continue;
    }
    zeroWritten.delete(field);
    const relative = ctx.kind === 'config-file' && CONFIG_PATH_FIELDS.has(field) && typeof child === 'string' && child !== '' && !child.startsWith('/');
    const copied = copyTree(child, (dropped) => ctx.warnings.push({ message: `kubelet config: key __proto__ under ${field} ignored`, location: doc.locate(dropped) ?? doc.location }));
    setPath(target, childPath, relative ? posix.join(posix.dirname(doc.location.file), child) : copied);
    // Replacing a whole list or scalar drops what a deeper, earlier source said about it.
    for (const known of Object.keys(sources)) if (known.startsWith(`${field}.`) || known.startsWith(`${field}[`)) delete sources[known];
    sources[field] = location ? { kind: ctx.kind, location } : { kind: ctx.kind };
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
        if (isForbiddenKey(gate)) continue;
        setPath(effective, ['featureGates', gate], enabled);
        sources[pathKey(['featureGates', gate])] = { kind: 'flag', location: arg.location };
      }
      continue;
    }
    const value = convertFlagValue(mapping.type, arg.value);
    if (value === undefined) {
      warnings.push({ message: `kubelet ${arg.flag}: value ${JSON.stringify(arg.value ?? '')} is not a valid ${mapping.type}`, location: arg.location });
      continue;
    }
    setPath(effective, mapping.field.split('.'), value);
    sources[mapping.field] = { kind: 'flag', location: arg.location };
  }
}

/** A field by its catalogue name (`authentication.anonymous.enabled`: a constant, split into its path). */
export function getDotted(target: Record<string, unknown>, dotted: string): unknown {
  return getPath(target, dotted.split('.'));
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
