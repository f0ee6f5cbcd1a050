import type { ArgFact } from '../../domain/node-facts.js';
import { isRecord } from '../../domain/guards.js';
import { newTree } from './user-tree.js';

/**
 * Facts are written to files, CI logs and reports: the values of secret-bearing flags, environment variables and
 * fields never enter them. A name is secret-bearing when, written in kebab case (`--etcd-password`,
 * `ETCD_ROOT_PASSWORD` as `root-password`, `clientKeyData` as `client-key-data`), it ends in a secret word or in
 * `-data` (embedded key or certificate material), or holds `password`/`secret` anywhere. Names of files are not
 * secrets (`--tls-private-key-file`, `--token-auth-file` hold paths): a name ending in -file, -dir or -path is kept.
 * Boolean switches that merely mention a token (`--authentication-token-webhook`) do not end in the word and stay;
 * a true/false value is kept whatever the name (`--use-service-account-credentials=true` is what CIS 1.3.3 judges).
 */
export const REDACTED = '<redacted>';

const SECRET_LAST_WORDS = new Set(['password', 'passwd', 'secret', 'token', 'tokens', 'credential', 'credentials', 'apikey', 'passphrase']);
const PATH_LAST_WORDS = new Set(['file', 'files', 'dir', 'path', 'paths']);

function kebab(name: string): string {
  return name.replace(/^-+/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

export function isSecretName(name: string): boolean {
  const words = kebab(name).split('-').filter((w) => w !== '');
  const last = words[words.length - 1];
  if (last === undefined || PATH_LAST_WORDS.has(last)) return false;
  if (SECRET_LAST_WORDS.has(last) || last === 'data') return true;
  return words.some((w) => w.includes('password') || w.includes('secret'));
}

/** Arguments with the values of secret-bearing flags replaced by REDACTED (the flag and its location stay). */
export function redactArgs(args: readonly ArgFact[]): ArgFact[] {
  return args.map((arg) => (arg.value !== undefined && !isBoolText(arg.value) && isSecretName(arg.flag) ? { ...arg, value: REDACTED } : arg));
}

/** A copy of a config tree with the values under secret-bearing keys replaced by REDACTED, at any depth. */
export function redactTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactTree);
  if (!isRecord(value)) return value;
  const out = newTree();
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: isSecretName(key) && isSecretValue(child) ? REDACTED : redactTree(child), writable: true, enumerable: true, configurable: true });
  }
  return out;
}

function isBoolText(value: string): boolean {
  return /^(true|false|True|False|TRUE|FALSE|1|0|t|f|T|F)$/.test(value);
}

/** Booleans, numbers and empty values carry no secret; strings, lists and maps under a secret name may. */
function isSecretValue(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number' || value === '') return false;
  return typeof value !== 'string' || !isBoolText(value);
}
