import type { Target } from '../model.js';

/** What an OpenShift profile judges from cluster objects alone: the API server and controller manager configs, the policies. */
export const OBJECT_TARGETS: readonly Target[] = ['master', 'controlplane', 'policies'];

/**
 * An OpenShift profile with objects and no node (no --root, no --facts): most of it reads the cluster's
 * config objects, so no node is read — never / of the machine kubefort runs on. Its node files then WARN
 * "not evaluated" instead of being looked for there. Targets beyond OBJECT_TARGETS still need a node.
 */
export function objectsOnly(benchmark: string | undefined, targets: readonly Target[] | undefined, hasObjects: boolean, root: string | undefined, facts: string | undefined): boolean {
  if (benchmark === undefined || !benchmark.startsWith('rh-') || !hasObjects || root !== undefined || facts !== undefined) return false;
  return (targets ?? OBJECT_TARGETS).every((t) => OBJECT_TARGETS.includes(t));
}
