import { posix } from 'node:path';
import type { SourceLocation } from '../../domain/evidence.js';
import type { CollectWarning } from '../../domain/node-facts.js';
import { isRecord } from '../../domain/guards.js';
import { parseYamlText } from '../yaml-source.js';
import { READ_LIMITS } from './bounded-read.js';
import { byCodeUnit, isAbsent, type NodeFs } from './node-fs.js';

/** One `k3s server|agent` option as k3s sees it after reading its config files and its command line. */
export interface K3sOption {
  /** Without dashes and without the `+` suffix: `kube-apiserver-arg`, `secrets-encryption`. */
  name: string;
  value: string;
  location: SourceLocation;
}

export const K3S_CONFIG = '/etc/rancher/k3s/config.yaml';

/**
 * k3s's own boolean switches (pkg/cli/cmds/server.go, agent.go: cli.BoolFlag): on the command line a bare
 * `--secrets-encryption` means true and does not take the next word as its value.
 */
const BOOL_OPTIONS: ReadonlySet<string> = new Set([
  'cluster-init', 'cluster-reset', 'secrets-encryption', 'protect-kernel-defaults', 'disable-cloud-controller',
  'disable-kube-proxy', 'disable-network-policy', 'disable-scheduler', 'disable-apiserver', 'disable-controller-manager',
  'disable-etcd', 'disable-helm-controller', 'selinux', 'rootless', 'docker', 'prefer-bundled-bin', 'etcd-expose-metrics',
  'embedded-registry', 'supervisor-metrics', 'enable-pprof', 'debug', 'disable-default-registry-endpoint', 'flannel-ipv6-masq',
  'flannel-external-ip', 'egress-selector-mode', 'etcd-disable-snapshots', 'etcd-s3', 'write-kubeconfig-group', 'node-external-ip',
]);
/** `k3s ... --config FILE` / `-c FILE` (pkg/cli/cmds/config.go); K3S_CONFIG_FILE in the environment also names it. */
const CONFIG_FLAGS = ['--config', '-c'];

/**
 * The config files k3s reads, in its order (pkg/configfilearg/parser.go, k3s-io/k3s@f646604010affc6a1d3233a8a0870bca46bf80cf,
 * readConfigFile and dotDFiles): the file itself when it exists, then every `*.yaml` / `*.yml` (case-insensitive)
 * regular entry of `<file>.d/` in directory order (os.ReadDir sorts by name).
 */
export function configFiles(fs: NodeFs, file: string, warnings: CollectWarning[]): string[] {
  const files = fs.exists(file) ? [file] : [];
  const dir = `${file}.d`;
  const listing = fs.list(dir);
  if (!listing.ok) {
    if (!isAbsent(listing)) warnings.push({ message: `cannot list ${dir}: ${listing.reason}`, location: { file: dir } });
    return files;
  }
  for (const name of [...listing.value].sort(byCodeUnit)) {
    if (!/\.ya?ml$/i.test(name)) continue;
    const path = posix.join(dir, name);
    const stat = fs.lstat(path);
    if (stat.ok && !stat.value.isDirectory()) files.push(path);
  }
  return files;
}

interface Entry { values: K3sOption[] }

/**
 * k3s's merge of its config files (readConfigFile): top-level keys in first-seen order; a later file replaces a
 * key's value, except a key written `key+:` appends to the value so far (a scalar becomes a one-item list); a
 * list becomes one `--key=item` per item. The result is the argv k3s prepends to its command line.
 */
export function readConfigOptions(fs: NodeFs, files: readonly string[], warnings: CollectWarning[]): K3sOption[] {
  const order: string[] = [];
  const entries = new Map<string, Entry>();
  for (const file of files) {
    const read = fs.readText(file, READ_LIMITS.config, 'a k3s config file');
    if (!read.ok) {
      warnings.push({ message: `cannot read ${file}: ${read.reason}`, location: { file } });
      continue;
    }
    const parsed = parseYamlText(read.value, file);
    const error = parsed.errors[0];
    if (error !== undefined) {
      warnings.push({ message: `${error.message}; k3s refuses to start with this file, its options are not used`, location: error.location ?? { file } });
      continue;
    }
    const doc = parsed.documents[0];
    if (doc === undefined || doc.value === null || doc.value === undefined) continue;
    if (!isRecord(doc.value)) {
      warnings.push({ message: `${file}: not a YAML mapping of k3s options; ignored`, location: doc.location });
      continue;
    }
    for (const [rawKey, value] of Object.entries(doc.value)) {
      const append = rawKey.endsWith('+');
      const name = append ? rawKey.slice(0, -1) : rawKey;
      const location = doc.locate([rawKey]) ?? { file };
      const items = Array.isArray(value) ? value.map((v, i) => ({ v, at: doc.locate([rawKey, i]) ?? location })) : [{ v: value, at: location }];
      const values = items.filter((i) => i.v !== null && i.v !== undefined).map((i) => ({ name, value: goString(i.v), location: i.at }));
      if (!entries.has(name)) order.push(name);
      const before = entries.get(name);
      entries.set(name, { values: append && before !== undefined ? [...before.values, ...values] : values });
    }
  }
  return order.flatMap((name) => entries.get(name)?.values ?? []);
}

/** wrangler's convert.ToString of a YAML scalar: booleans and numbers as Go prints them. */
function goString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * `k3s server --flag value --switch --flag=value ...` as urfave/cli reads it: the words after the subcommand.
 * `--config FILE` is returned separately (it names the config file and is not an option of the components).
 */
export function parseCommandLine(words: readonly string[], location: (index: number) => SourceLocation): { options: K3sOption[]; config?: string } {
  const options: K3sOption[] = [];
  let config: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') break;
    if (!word.startsWith('-')) continue;
    const body = word.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    let value: string;
    if (eq !== -1) value = body.slice(eq + 1);
    else if (BOOL_OPTIONS.has(name)) value = 'true';
    else {
      value = words[i + 1] ?? '';
      i++;
    }
    if (CONFIG_FLAGS.includes(`-${name.length === 1 ? '' : '-'}${name}`)) config = value;
    else options.push({ name, value, location: location(eq === -1 && !BOOL_OPTIONS.has(name) ? i - 1 : i) });
  }
  return config === undefined ? { options } : { options, config };
}

/** The effective value of a scalar option: the last one wins (the command line comes after the config files). */
export function lastOption(options: readonly K3sOption[], name: string): K3sOption | undefined {
  for (let i = options.length - 1; i >= 0; i--) if (options[i]?.name === name) return options[i];
  return undefined;
}

/** Every value of a list option (`kube-apiserver-arg`), config files first, then the command line, in order. */
export function listOption(options: readonly K3sOption[], name: string): K3sOption[] {
  return options.filter((o) => o.name === name);
}

/** A k3s boolean option as urfave/cli parses it (strconv.ParseBool). */
export function isTrue(option: K3sOption | undefined): boolean {
  return option !== undefined && /^(1|t|T|TRUE|true|True)$/.test(option.value);
}
