/**
 * Waiting for changed components to come back after --apply, against injectable probes, and rolling back when
 * one does not. A static pod restarts when the kubelet sees its new manifest; until then the old process still
 * answers, so a component counts as back only once it runs the new arguments (no MV007) AND its health probe
 * succeeds.
 */
export interface VerifyDeps {
  /** True once the component runs with the arguments its configuration now has. */
  restarted(component: string): Promise<boolean> | boolean;
  /** True when the component is healthy (kube-apiserver: GET /livez through --kubeconfig). */
  healthy(component: string): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  /** Milliseconds, monotonic enough for timeouts (injected: tests use a fake clock). */
  now(): number;
  timeoutMs: number;
  intervalMs: number;
}

export interface VerifyOutcome {
  ok: boolean;
  /** Components that came back, and those that did not before the timeout. */
  back: string[];
  failed: string[];
}

async function waitForComponents(components: readonly string[], deps: VerifyDeps): Promise<VerifyOutcome> {
  const deadline = deps.now() + deps.timeoutMs;
  const pending = new Set(components);
  const back: string[] = [];
  while (pending.size > 0) {
    for (const component of [...pending]) {
      if ((await deps.restarted(component)) && (await deps.healthy(component))) {
        pending.delete(component);
        back.push(component);
      }
    }
    if (pending.size === 0 || deps.now() >= deadline) break;
    await deps.sleep(deps.intervalMs);
  }
  return { ok: pending.size === 0, back, failed: [...pending] };
}

/** Verify, then roll back automatically when something did not come back. */
export async function verifyOrRollback(components: readonly string[], deps: VerifyDeps, rollback: () => void): Promise<VerifyOutcome & { rolledBack: boolean }> {
  const outcome = await waitForComponents(components, deps);
  if (outcome.ok) return { ...outcome, rolledBack: false };
  rollback();
  return { ...outcome, rolledBack: true };
}
