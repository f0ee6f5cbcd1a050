import { UsageError } from '../../domain/errors.js';
import type { BenchmarkDef, Target } from '../model.js';
import { parseOcpVersion, profileForOcp } from './versions.js';

/** What an OpenShift profile judges from cluster objects alone: the API server and controller manager configs, the policies. */
export const OBJECT_TARGETS: readonly Target[] = ['master', 'controlplane', 'policies'];

/**
 * An OpenShift profile (--benchmark rh-*, or no --benchmark and objects that show OpenShift) with objects and no node (no --root, no --facts): most of it reads the cluster's
 * config objects, so no node is read — never / of the machine kubefort runs on. Its node files then WARN
 * "not evaluated" instead of being looked for there. Targets beyond OBJECT_TARGETS still need a node.
 */
export function objectsOnly(openshift: boolean, targets: readonly Target[] | undefined, hasObjects: boolean, root: string | undefined, facts: string | undefined): boolean {
  if (!openshift || !hasObjects || root !== undefined || facts !== undefined) return false;
  return (targets ?? OBJECT_TARGETS).every((t) => OBJECT_TARGETS.includes(t));
}

/** kube-bench's version_mapping keys for OpenShift: `--version ocp-4.15` picks the rh profile as kube-bench maps it. */
export interface OcpVersionChoice {
  /** The options with the OpenShift version taken out (it is no Kubernetes version) and the profile as --benchmark. */
  options: { version?: string; k8sVersion?: string; benchmark?: string };
  /** `--version ocp-4.15 (OpenShift 4.15 -> rh-1.8)`, for the report's benchmark line. */
  shown: string;
  benchmark: string;
}

export function ocpVersionOption<O extends { version?: string; k8sVersion?: string; benchmark?: string }>(options: O, profiles: readonly BenchmarkDef[]): (OcpVersionChoice & { options: O }) | undefined {
  const flag = options.version !== undefined ? '--version' : '--k8s-version';
  const given = options.version ?? options.k8sVersion;
  if (given === undefined || !given.startsWith('ocp-')) return undefined;
  const minor = parseOcpVersion(given);
  if (minor === undefined) throw new UsageError(`${flag} ${given}: not an OpenShift 4 version such as ocp-4.15`);
  const choice = profileForOcp(minor, profiles);
  const { version: _version, k8sVersion: _k8sVersion, ...rest } = options;
  // --benchmark wins over the version, as in kube-bench.
  const benchmark = options.benchmark ?? choice.benchmark.name;
  return { options: { ...rest, benchmark } as O, shown: `${flag} ${given} (${choice.reason})`, benchmark };
}
