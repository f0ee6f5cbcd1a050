import { posix } from 'node:path';
import type { SourceLocation } from '../../domain/evidence.js';
import type { ArgFact, ComponentName } from '../../domain/node-facts.js';
import { COMPONENTS } from '../../domain/node-facts.js';

/** Splits the content of /proc/<pid>/cmdline: arguments end with NUL; a trailing NUL leaves no empty argument. */
export function splitCmdline(content: string): string[] {
  if (content === '') return [];
  const parts = content.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Which Kubernetes component an argv runs, and where its own arguments start. */
export interface ComponentInvocation {
  name: ComponentName;
  executable: string;
  /** Index in argv of the first argument that belongs to the component. */
  argsStart: number;
}

/**
 * Identifies a component by the executable's basename (`/usr/local/bin/kube-apiserver` -> kube-apiserver).
 * The all-in-one `hyperkube` binary takes the component as its first argument (`hyperkube kubelet ...`).
 */
export function identifyComponent(argv: readonly string[]): ComponentInvocation | undefined {
  const first = argv[0];
  if (first === undefined) return undefined;
  const base = posix.basename(first);
  if (isComponent(base)) return { name: base, executable: first, argsStart: 1 };
  if (base === 'hyperkube') {
    const sub = argv[1];
    if (sub !== undefined && isComponent(sub)) return { name: sub, executable: first, argsStart: 2 };
  }
  return undefined;
}

function isComponent(name: string): name is ComponentName {
  return (COMPONENTS as readonly string[]).includes(name);
}

/**
 * Flags that are booleans in the components' flag sets. pflag gives a boolean flag written bare (`--profiling`)
 * the value true and never takes the next argument as its value (`--profiling false` leaves `false` positional).
 * Every other flag written without `=` takes the next argument as its value.
 */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  // kube-apiserver / controller-manager / scheduler
  'allow-privileged', 'anonymous-auth', 'profiling', 'enable-bootstrap-token-auth', 'use-service-account-credentials',
  'service-account-lookup', 'enable-aggregator-routing', 'enable-priority-and-fairness', 'contention-profiling',
  'leader-elect', 'enable-garbage-collector', 'enable-hostpath-provisioner', 'enable-logs-handler',
  'audit-log-compress',
  // kubelet
  'authentication-token-webhook', 'protect-kernel-defaults', 'make-iptables-util-chains', 'rotate-certificates',
  'rotate-server-certificates', 'seccomp-default', 'fail-swap-on', 'enable-server', 'enable-debugging-handlers',
  'cgroups-per-qos', 'register-node', 'serialize-image-pulls', 'exit-on-lock-contention', 'enable-controller-attach-detach',
  'keep-terminated-pod-volumes', 'register-schedulable', 'local-storage-capacity-isolation', 'fail-cgroupv1',
  // etcd
  'client-cert-auth', 'peer-client-cert-auth', 'auto-tls', 'peer-auto-tls', 'experimental-initial-corrupt-check',
  'enable-pprof', 'force-new-cluster', 'strict-reconfig-check', 'enable-v2',
  // kube-proxy
  'masquerade-all', 'cleanup', 'bind-address-hard-fail',
  // every component
  'help', 'version', 'logtostderr', 'alsologtostderr', 'add-dir-header', 'skip-headers', 'one-output',
]);

/**
 * Parses a component's arguments as Go's pflag does (and Go's `flag` package, which etcd uses):
 * - `--name=value` and `-name=value`: the value is everything after the first `=` (it may be empty or contain `=`);
 * - `--name value`: the next argument is the value, unless the flag is boolean (BOOLEAN_FLAGS) or the next
 *   argument starts with `-` (then the flag is taken as bare; pflag itself would consume it, but a component
 *   command line where a value starts with `-` is far rarer than a bare flag we do not know to be boolean);
 * - a bare `--name`: no value (true for a boolean flag);
 * - `--` ends the flags; positional arguments are not flags and are left out.
 * Single-dash long flags (`-data-dir`, Go `flag` style) are reported with two dashes so checks look up one name.
 * A flag given twice appears twice, in order; the last one is the effective value.
 */
export function parseArgs(tokens: readonly string[], locate: (index: number) => SourceLocation): ArgFact[] {
  const args: ArgFact[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-') continue;
    const body = token.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    if (name === '') continue;
    const flag = `--${name}`;
    if (eq !== -1) {
      args.push({ flag, value: body.slice(eq + 1), location: locate(i) });
      continue;
    }
    const next = tokens[i + 1];
    if (!BOOLEAN_FLAGS.has(name) && next !== undefined && !next.startsWith('-')) {
      args.push({ flag, value: next, location: locate(i) });
      i++;
      continue;
    }
    args.push({ flag, location: locate(i) });
  }
  return args;
}

/** The effective occurrence of a flag: the last one wins, as with Go's flag and pflag packages. */
export function lastArg(args: readonly ArgFact[], flag: string): ArgFact | undefined {
  for (let i = args.length - 1; i >= 0; i--) {
    const arg = args[i];
    if (arg?.flag === flag) return arg;
  }
  return undefined;
}
