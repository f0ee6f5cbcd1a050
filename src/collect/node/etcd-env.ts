import type { SourceLocation } from '../../domain/evidence.js';
import type { ArgFact } from '../../domain/node-facts.js';

/**
 * etcd reads every flag also from an environment variable: `--client-cert-auth` from `ETCD_CLIENT_CERT_AUTH`
 * (upper case, dashes as underscores, `ETCD_` prefix). A flag given on the command line shadows the variable
 * (etcd logs "shadowed by corresponding command-line flag"), so the variables are returned as arguments to put
 * BEFORE the command-line ones: the last occurrence of a flag wins.
 * Variables that are not flags (ETCDCTL_API, ETCD_UNSUPPORTED_ARCH) are passed over.
 */
const NOT_FLAGS = new Set(['ETCD_UNSUPPORTED_ARCH']);

export function etcdEnvArgs(variables: readonly { name: string; value: string; location: SourceLocation }[]): ArgFact[] {
  const args: ArgFact[] = [];
  for (const { name, value, location } of variables) {
    if (!name.startsWith('ETCD_') || NOT_FLAGS.has(name) || name.length === 'ETCD_'.length) continue;
    const flag = `--${name.slice('ETCD_'.length).toLowerCase().replaceAll('_', '-')}`;
    args.push({ flag, value, location });
  }
  return args;
}

/** Splits the kernel's NUL-separated `KEY=VALUE` list of /proc/<pid>/environ. */
export function splitEnviron(text: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    out.push({ name: entry.slice(0, eq), value: entry.slice(eq + 1) });
  }
  return out;
}
