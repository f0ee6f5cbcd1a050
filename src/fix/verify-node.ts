import { existsSync } from 'node:fs';
import { posix } from 'node:path';
import { collectNodeFacts } from '../collect/node/index.js';
import { LiveClient } from '../collect/live/http.js';
import { resolveKubeconfig } from '../collect/live/kubeconfig.js';
import { KubefortError, UsageError } from '../domain/errors.js';
import { strerror } from '../domain/fs-errors.js';
import type { NodeFacts } from '../domain/node-facts.js';
import { validateNode } from '../validate/node.js';
import { livezProbe } from './probe.js';
import type { VerifyDeps } from './verify.js';
import { mirrorPodProbe, nodeNameOf } from './verify-mirror.js';
import { stableRestart, type ProcessProbe } from './verify-process.js';

export interface NodeVerifyInput {
  root: string;
  pods: readonly string[];
  /** The facts the plan was made from: the pids that ran before the change. */
  before: NodeFacts;
  /** When the change was written (CliContext.now()): a mirror pod's container must have started since. */
  since: Date;
  /** Node path of the kubeconfig for the API server's /livez (--kubeconfig, default admin.conf). */
  livezKubeconfig: string;
  /** --kubeconfig when given: the other components' mirror pods are read through it. */
  mirrorKubeconfig?: string;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  /** Test seams: probes, sleep and clock. */
  overrides?: Partial<VerifyDeps>;
}

/** The process probe on the node root: the component's pid and whether it runs its manifest's arguments (no MV007). */
function nodeProcessProbe(root: string, now: Date): ProcessProbe {
  return (component) => {
    const facts = collectNodeFacts({ root, now });
    const c = facts.components[component as keyof NodeFacts['components']];
    if (c?.source !== 'process' || c.pid === undefined) return undefined;
    const pending = validateNode(root, { now, facts }).findings.some((f) => f.ruleId === 'MV007' && f.subject === component);
    return { pid: c.pid, current: !pending };
  };
}

/**
 * The real probes of --verify: every static pod has to restart stably (verify-process.ts); then the API server
 * answers /livez, and with --kubeconfig the others' mirror pods show the new container running and ready.
 * Without --kubeconfig the others count as back on the node's process evidence alone.
 */
export function nodeVerifyDeps(input: NodeVerifyInput): VerifyDeps {
  const o = input.overrides ?? {};
  const base = {
    sleep: o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    now: o.now ?? (() => Date.now()),
    timeoutMs: o.timeoutMs ?? input.timeoutMs,
    intervalMs: o.intervalMs ?? 2000,
  };
  const before = Object.fromEntries(input.pods.map((p) => [p, input.before.components[p as keyof NodeFacts['components']]?.pid]));
  const restarted = o.restarted ?? stableRestart({ probe: nodeProcessProbe(input.root, input.since), now: base.now, intervalMs: base.intervalMs, before });
  if (o.healthy !== undefined) return { ...base, restarted, healthy: o.healthy };
  const livez = input.pods.includes('kube-apiserver') ? readable(input.livezKubeconfig, () => livezProbe(input.root, input.livezKubeconfig)) : undefined;
  const others = input.pods.filter((p) => p !== 'kube-apiserver');
  const kubeconfig = input.mirrorKubeconfig;
  const mirror = kubeconfig !== undefined && others.length > 0 ? readable(kubeconfig, () => mirrorProbe(input, kubeconfig)) : undefined;
  const healthy = async (component: string): Promise<boolean> => {
    if (component === 'kube-apiserver') return livez ? livez() : true;
    return mirror ? mirror(component) : true;
  };
  return { ...base, restarted, healthy };
}

/** A kubeconfig that cannot be read is a usage error, raised before --apply writes anything. */
function readable<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof KubefortError) throw error;
    throw new UsageError(`--kubeconfig ${path} (read under --root) cannot be used for --verify: ${strerror(error)}`);
  }
}

function mirrorProbe(input: NodeVerifyInput, kubeconfig: string): (component: string) => Promise<boolean> {
  const nodeName = nodeNameOf(input.before);
  if (nodeName === undefined) return async () => false;
  // A node path, read under --root like the /livez probe's kubeconfig.
  if (!existsSync(posix.join(input.root, kubeconfig))) throw new UsageError(`--kubeconfig ${kubeconfig} (read under --root) cannot be used for --verify: no such file or directory`);
  const resolved = resolveKubeconfig({ kubeconfig: posix.join(input.root, kubeconfig), env: input.env, cwd: input.root });
  const client = new LiveClient(resolved.kc, resolved.server, { timeoutMs: 5000, maxTries: 1, env: input.env });
  return mirrorPodProbe({ get: (path) => client.get(path), nodeName, since: input.since });
}
