import type { SourceLocation } from '../../domain/evidence.js';
import { isRecord } from '../../domain/guards.js';
import type { ArgFact, CollectWarning } from '../../domain/node-facts.js';
import { parseYamlText } from '../yaml-source.js';
import { READ_LIMITS } from './bounded-read.js';
import type { K3sOption } from './k3s-config.js';
import type { DefaultArgs, K3sContext } from './k3s-defaults.js';
import { isAbsent, type NodeFs } from './node-fs.js';

/**
 * A component's argv as k3s builds it (pkg/util/args.go GetArgs, the same in pkg/daemons/config before it moved):
 * each `<component>-arg` value `key=value` replaces k3s's own `key`; `key+=value` appends after it and `key-=value`
 * goes before it, each as a separate `--key=value` (a list flag then gets both); a value without `=` is `true`.
 * The result is sorted by key, repeated keys keeping their order — which is how k3s logs it.
 */
export function k3sArgs(defaults: DefaultArgs, extras: readonly K3sOption[], source: string, from: K3sContext['from'] = {}): ArgFact[] {
  const initial = new Map<string, string>(defaults.map(([k, v]) => [k, v]));
  const multi = new Map<string, { value: string; location: SourceLocation }[]>();
  // A default k3s derived from one of its own options (protect-kernel-defaults: true) is located at that option.
  const located = (key: string): SourceLocation => from[key]?.location ?? { file: `k3s default (${source})` };
  for (const extra of extras) {
    const body = extra.value.replace(/^--/, '');
    const eq = body.indexOf('=');
    const key = eq === -1 ? body : body.slice(0, eq);
    const value = eq === -1 ? 'true' : body.slice(eq + 1);
    const clean = key.replace(/[-+]+$/, '');
    const start = initial.get(clean);
    const existing = multi.get(clean) ?? [];
    const given = { value, location: extra.location };
    let next: { value: string; location: SourceLocation }[];
    const initialValue = start === undefined ? [] : [{ value: start, location: located(clean) }];
    if (key.endsWith('+')) next = [...initialValue, ...existing, given];
    else if (key.endsWith('-')) next = [given, ...initialValue, ...existing];
    else next = [...existing, given];
    initial.delete(clean);
    multi.set(clean, next);
  }
  for (const [key, value] of initial) multi.set(key, [{ value, location: located(key) }]);
  return [...multi.keys()].sort().flatMap((key) => (multi.get(key) ?? []).map((v) => ({ flag: `--${key}`, value: v.value, location: v.location })));
}

/**
 * etcd reads its settings from `--config-file` on k3s: /var/lib/rancher/k3s/server/db/etcd/config, a YAML file in
 * etcd's config-file format (go.etcd.io/etcd/server/embed Config): top-level keys are the flag names
 * (`data-dir`, `listen-client-urls`), `client-transport-security.<x>` is `--<x>` (`cert-file`, `key-file`,
 * `client-cert-auth`, `trusted-ca-file`, `auto-tls`) and `peer-transport-security.<x>` is `--peer-<x>`.
 * Each argument is located at its key in that file.
 */
export function etcdArgsFromConfig(fs: NodeFs, file: string, warnings: CollectWarning[]): ArgFact[] | undefined {
  const read = fs.readText(file, READ_LIMITS.config, 'etcd\'s config file');
  if (!read.ok) {
    if (!isAbsent(read)) warnings.push({ message: `cannot read ${file}: ${read.reason}`, location: { file } });
    return undefined;
  }
  const parsed = parseYamlText(read.value, file);
  const error = parsed.errors[0];
  if (error !== undefined) {
    warnings.push({ message: error.message, location: error.location ?? { file } });
    return undefined;
  }
  const doc = parsed.documents[0];
  if (doc === undefined || !isRecord(doc.value)) {
    warnings.push({ message: `${file}: not a YAML mapping of etcd settings`, location: { file } });
    return undefined;
  }
  const args: ArgFact[] = [];
  for (const [key, value] of Object.entries(doc.value)) {
    const prefix = key === 'client-transport-security' ? '' : key === 'peer-transport-security' ? 'peer-' : undefined;
    if (prefix !== undefined && isRecord(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        const arg = scalarArg(`--${prefix}${inner}`, innerValue, doc.locate([key, inner]) ?? { file });
        if (arg !== undefined) args.push(arg);
      }
      continue;
    }
    const arg = scalarArg(`--${key}`, Array.isArray(value) ? value.join(',') : value, doc.locate([key]) ?? { file });
    if (arg !== undefined) args.push(arg);
  }
  return args;
}

function scalarArg(flag: string, value: unknown, location: SourceLocation): ArgFact | undefined {
  if (typeof value === 'string') return { flag, value, location };
  if (typeof value === 'number' || typeof value === 'boolean') return { flag, value: String(value), location };
  return undefined;
}

/** `postgres://user:secret@host/db` -> `postgres://<redacted>@host/db`: a datastore DSN's credentials never leave. */
export function redactUserinfo(value: string): string {
  return value.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1<redacted>@');
}
