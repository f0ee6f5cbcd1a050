import { isRecord } from '../domain/guards.js';

/**
 * The kubelet reports a static pod through its mirror pod `<pod name>-<node name>` in the pod's namespace
 * (kube-system for kubeadm's control plane): status.containerStatuses carry `ready`, `restartCount` and
 * `state.running.startedAt` as the CRI reports them. That is the container state the node's runtime has,
 * read through the API server instead of the CRI socket.
 */
export function mirrorPodPath(component: string, nodeName: string): string {
  return `/api/v1/namespaces/kube-system/pods/${encodeURIComponent(`${component}-${nodeName}`)}`;
}

export interface MirrorJudgement {
  ok: boolean;
  /** Sum of the containers' restartCount, to compare across polls. */
  restarts?: number;
  reason: string;
}

/**
 * Whether the mirror pod shows the NEW container running and ready: every container status ready, running,
 * started no earlier than `since` (the time the manifest was written; RFC 3339 carries whole seconds).
 * Before the kubelet has synced, the status still describes the old container: it started before `since`.
 */
export function judgeMirrorPod(pod: unknown, since: Date): MirrorJudgement {
  const status = isRecord(pod) && isRecord(pod.status) ? pod.status : undefined;
  const statuses = status && Array.isArray(status.containerStatuses) ? status.containerStatuses.filter(isRecord) : [];
  if (statuses.length === 0) return { ok: false, reason: 'no containerStatuses yet' };
  const sinceSeconds = Math.floor(since.getTime() / 1000) * 1000;
  let restarts = 0;
  for (const c of statuses) {
    const name = typeof c.name === 'string' ? c.name : '?';
    restarts += typeof c.restartCount === 'number' ? c.restartCount : 0;
    const running = isRecord(c.state) && isRecord(c.state.running) ? c.state.running : undefined;
    if (running === undefined) return { ok: false, restarts, reason: `container ${name} is not running` };
    const started = typeof running.startedAt === 'string' ? Date.parse(running.startedAt) : NaN;
    if (!Number.isFinite(started) || started < sinceSeconds) return { ok: false, restarts, reason: `container ${name} is the one from before the change` };
    if (c.ready !== true) return { ok: false, restarts, reason: `container ${name} is not ready` };
  }
  return { ok: true, restarts, reason: 'running and ready' };
}

export interface MirrorProbeOptions {
  /** GET through the live client; rejects on a non-2xx answer or an unreachable server. */
  get(path: string): Promise<unknown>;
  nodeName: string;
  since: Date;
}

/**
 * A `healthy` for VerifyDeps: the mirror pod is running and ready (judgeMirrorPod) on two polls in a row with
 * the same restartCount — a container in CrashLoopBackOff is ready for moments and counts restarts up.
 */
export function mirrorPodProbe(options: MirrorProbeOptions): (component: string) => Promise<boolean> {
  const last = new Map<string, number>();
  return async (component) => {
    let pod: unknown;
    try {
      pod = await options.get(mirrorPodPath(component, options.nodeName));
    } catch {
      // Not found yet (the kubelet recreates the mirror pod), or the API server restarting: not back yet.
      last.delete(component);
      return false;
    }
    const judged = judgeMirrorPod(pod, options.since);
    if (!judged.ok || judged.restarts === undefined) {
      last.delete(component);
      return false;
    }
    const before = last.get(component);
    last.set(component, judged.restarts);
    return before === judged.restarts;
  };
}

/** The node name the kubelet registers: --hostname-override, else the host name, lower-cased as the kubelet does. */
export function nodeNameOf(facts: { hostname?: string; kubelet?: { flags: readonly { flag: string; value?: string }[] } }): string | undefined {
  const override = facts.kubelet?.flags.filter((f) => f.flag === '--hostname-override').at(-1)?.value;
  const name = override !== undefined && override.trim() !== '' ? override.trim() : facts.hostname?.trim();
  return name === undefined || name === '' ? undefined : name.toLowerCase();
}
