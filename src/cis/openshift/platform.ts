import type { LoadedObject } from '../../collect/objects.js';
import type { PlatformFact } from '../../collect/node/platform.js';
import { formatLocation } from '../../domain/evidence.js';
import { isRecord } from '../../domain/guards.js';
import { parseKubernetesVersion } from '../benchmarks/index.js';
import type { BenchmarkDef } from '../model.js';
import { OPENSHIFT_PROFILES } from '../profiles/rh.js';
import { ocpMinorOfKubernetes, parseOcpVersion, profileForOcp } from './versions.js';

/** API groups only OpenShift serves: cluster configuration, its operators' state, SecurityContextConstraints. */
const OPENSHIFT_GROUPS = ['config.openshift.io', 'operator.openshift.io', 'security.openshift.io'];

/** OpenShift from the objects given (--manifests / --live), when no Node label said so: an object of its API groups. */
export function openshiftFromObjects(objects: readonly LoadedObject[]): PlatformFact {
  for (const loaded of objects) {
    const apiVersion = typeof loaded.object.apiVersion === 'string' ? loaded.object.apiVersion : '';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    if (!OPENSHIFT_GROUPS.includes(group)) continue;
    const name = isRecord(loaded.object.metadata) && typeof loaded.object.metadata.name === 'string' ? loaded.object.metadata.name : '?';
    return { platform: 'openshift', evidence: [`${String(loaded.object.kind)} ${name} (${apiVersion}) in ${formatLocation(loaded.location)}`] };
  }
  return { evidence: [] };
}

/**
 * The rh profile for an OpenShift node or cluster (kube-bench's OCP mapping): by the OpenShift version RHCOS
 * names, else by the OpenShift minor that ships this Kubernetes version.
 */
export function openshiftProfile(seen: string, version: string | undefined, openshiftVersion?: string): { benchmark: BenchmarkDef; note: string } {
  const names = OPENSHIFT_PROFILES.map((p) => p.name).join(', ');
  const ocp = openshiftVersion === undefined ? undefined : parseOcpVersion(openshiftVersion);
  if (ocp !== undefined) {
    const choice = profileForOcp(ocp, OPENSHIFT_PROFILES);
    return { benchmark: choice.benchmark, note: `${seen} -> ${choice.reason} (bundled: ${names})` };
  }
  const parsed = version === undefined ? undefined : parseKubernetesVersion(version);
  if (parsed === undefined || parsed.major !== 1) {
    const newest = OPENSHIFT_PROFILES[OPENSHIFT_PROFILES.length - 1] as BenchmarkDef;
    return { benchmark: newest, note: `${seen} -> ${newest.name} (the OpenShift version is not known: give --version ocp-4.N or --benchmark; bundled: ${names})` };
  }
  const minor = ocpMinorOfKubernetes(parsed.minor);
  const choice = profileForOcp(minor, OPENSHIFT_PROFILES);
  return { benchmark: choice.benchmark, note: `${seen} -> Kubernetes ${parsed.shown} is ${choice.reason} (bundled: ${names})` };
}
