import type { LoadedObject } from '../../collect/objects.js';
import { at, containerName, containers, list, objectName, podSpecs, rec, shown, type ContainerRef, type Offender } from './pod-specs.js';
import { isRecord } from '../../domain/guards.js';

/** Containers whose (container) securityContext field, or pod field, matches. */
function containerRule(objects: readonly LoadedObject[], test: (c: ContainerRef) => { field: readonly (string | number)[]; why: string } | undefined): Offender[] {
  const offenders: Offender[] = [];
  for (const pod of podSpecs(objects)) {
    for (const ref of containers(pod)) {
      const hit = test(ref);
      if (hit) offenders.push({ what: `${containerName(ref)} ${hit.why}`, location: at(pod.item, [...ref.path, ...hit.field]) });
    }
  }
  return offenders;
}

function sc(ref: ContainerRef): Record<string, unknown> {
  return rec(ref.container.securityContext);
}

export function privileged(objects: readonly LoadedObject[]): Offender[] {
  return containerRule(objects, (c) => (sc(c).privileged === true ? { field: ['securityContext', 'privileged'], why: 'is privileged' } : undefined));
}

/** Explicit `allowPrivilegeEscalation: true`, or privileged (which always allows escalation). */
export function allowPrivilegeEscalation(objects: readonly LoadedObject[]): Offender[] {
  return containerRule(objects, (c) => {
    if (sc(c).allowPrivilegeEscalation === true) return { field: ['securityContext', 'allowPrivilegeEscalation'], why: 'sets allowPrivilegeEscalation: true' };
    if (sc(c).privileged === true) return { field: ['securityContext', 'privileged'], why: 'is privileged, which allows privilege escalation' };
    return undefined;
  });
}

/** Pod-level host namespaces: hostPID, hostIPC, hostNetwork. */
export function hostNamespace(field: 'hostPID' | 'hostIPC' | 'hostNetwork') {
  return (objects: readonly LoadedObject[]): Offender[] =>
    podSpecs(objects)
      .filter((pod) => pod.spec[field] === true)
      .map((pod) => ({ what: `${objectName(pod.item)} sets ${field}: true`, location: at(pod.item, [...pod.path, field]) }));
}

/** May run as root: neither runAsNonRoot: true nor a non-zero runAsUser, container overriding pod. */
export function rootContainers(objects: readonly LoadedObject[]): Offender[] {
  return containerRule(objects, (c) => {
    const pod = rec(c.pod.spec.securityContext);
    const user = sc(c).runAsUser ?? pod.runAsUser;
    const nonRoot = sc(c).runAsNonRoot ?? pod.runAsNonRoot;
    if (user === 0) return { field: ['securityContext'], why: 'runs as uid 0' };
    if (nonRoot === true || (typeof user === 'number' && user > 0)) return undefined;
    return { field: [], why: 'may run as root (no runAsNonRoot: true, no non-zero runAsUser)' };
  });
}

function caps(c: ContainerRef): { add: string[]; drop: string[] } {
  const capabilities = rec(sc(c).capabilities);
  const names = (v: unknown) => list(v).filter((x): x is string => typeof x === 'string').map((x) => x.toUpperCase().replace(/^CAP_/, ''));
  return { add: names(capabilities.add), drop: names(capabilities.drop) };
}

/** NET_RAW is in the runtime's default set, so a container keeps it unless it drops it (or ALL). */
export function netRaw(objects: readonly LoadedObject[]): Offender[] {
  return containerRule(objects, (c) => {
    const { add, drop } = caps(c);
    if (add.includes('NET_RAW') || add.includes('ALL')) return { field: ['securityContext', 'capabilities', 'add'], why: 'adds NET_RAW' };
    if (!drop.includes('NET_RAW') && !drop.includes('ALL')) return { field: [], why: 'keeps NET_RAW (does not drop NET_RAW or ALL)' };
    return undefined;
  });
}

export function addedCapabilities(objects: readonly LoadedObject[]): Offender[] {
  return containerRule(objects, (c) => {
    const { add, drop } = caps(c);
    if (add.length > 0) return { field: ['securityContext', 'capabilities', 'add'], why: `adds capabilities ${shown(add.join(','))}` };
    if (!drop.includes('ALL')) return { field: [], why: 'does not drop ALL capabilities' };
    return undefined;
  });
}

export function hostProcess(objects: readonly LoadedObject[]): Offender[] {
  const offenders = containerRule(objects, (c) => (rec(sc(c).windowsOptions).hostProcess === true ? { field: ['securityContext', 'windowsOptions', 'hostProcess'], why: 'is a Windows HostProcess container' } : undefined));
  for (const pod of podSpecs(objects)) {
    if (rec(rec(pod.spec.securityContext).windowsOptions).hostProcess === true) {
      offenders.push({ what: `${objectName(pod.item)} runs Windows HostProcess containers`, location: at(pod.item, [...pod.path, 'securityContext']) });
    }
  }
  return offenders;
}

export function hostPath(objects: readonly LoadedObject[]): Offender[] {
  const offenders: Offender[] = [];
  for (const pod of podSpecs(objects)) {
    list(pod.spec.volumes).forEach((volume, index) => {
      const v = rec(volume);
      if (isRecord(v.hostPath)) offenders.push({ what: `${objectName(pod.item)} volume ${shown(v.name)} mounts hostPath ${shown(v.hostPath.path)}`, location: at(pod.item, [...pod.path, 'volumes', index, 'hostPath']) });
    });
  }
  return offenders;
}

export function hostPorts(objects: readonly LoadedObject[]): Offender[] {
  const offenders: Offender[] = [];
  for (const pod of podSpecs(objects)) {
    for (const ref of containers(pod)) {
      list(ref.container.ports).forEach((port, index) => {
        const hp = rec(port).hostPort;
        if (typeof hp === 'number' && hp > 0) offenders.push({ what: `${containerName(ref)} uses hostPort ${hp}`, location: at(pod.item, [...ref.path, 'ports', index, 'hostPort']) });
      });
    }
  }
  return offenders;
}

/** 5.4.1: Secrets handed over as environment variables (env valueFrom.secretKeyRef, envFrom secretRef). */
export function secretsInEnv(objects: readonly LoadedObject[]): Offender[] {
  const offenders: Offender[] = [];
  for (const pod of podSpecs(objects)) {
    for (const ref of containers(pod)) {
      list(ref.container.env).forEach((env, index) => {
        const key = rec(rec(rec(env).valueFrom).secretKeyRef);
        if (key.name !== undefined) offenders.push({ what: `${containerName(ref)} reads Secret ${shown(key.name)} into env ${shown(rec(env).name)}`, location: at(pod.item, [...ref.path, 'env', index]) });
      });
      list(ref.container.envFrom).forEach((from, index) => {
        const secret = rec(rec(from).secretRef);
        if (secret.name !== undefined) offenders.push({ what: `${containerName(ref)} loads Secret ${shown(secret.name)} as environment`, location: at(pod.item, [...ref.path, 'envFrom', index]) });
      });
    }
  }
  return offenders;
}

/** 5.6.2: the effective seccomp profile must be RuntimeDefault or Localhost (container overrides pod). */
export function seccomp(objects: readonly LoadedObject[]): Offender[] {
  return containerRule(objects, (c) => {
    const type = rec(sc(c).seccompProfile).type ?? rec(rec(c.pod.spec.securityContext).seccompProfile).type;
    if (type === 'RuntimeDefault' || type === 'Localhost') return undefined;
    return { field: [], why: type === undefined ? 'has no seccomp profile (runs Unconfined unless the kubelet sets seccompDefault)' : `uses seccomp profile ${shown(type)}` };
  });
}

/**
 * Does a securityContext set anything? The API server writes `securityContext: {}` into every pod and pod
 * template it stores, so `kubectl get -o yaml` output has the object everywhere: only a field with a value
 * (not null, not an empty map or list) is a setting.
 */
export function setsAnything(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return false;
  if (depth > 32) return true;
  if (Array.isArray(value)) return value.some((v) => setsAnything(v, depth + 1));
  if (isRecord(value)) return Object.values(value).some((v) => setsAnything(v, depth + 1));
  return true;
}

/** 5.6.3: pods where neither the pod nor any container sets a field of its securityContext. */
export function securityContext(objects: readonly LoadedObject[]): Offender[] {
  return podSpecs(objects)
    .filter((pod) => !setsAnything(pod.spec.securityContext) && containers(pod).every((c) => !setsAnything(c.container.securityContext)))
    .map((pod) => ({ what: `${objectName(pod.item)} sets no securityContext`, location: at(pod.item, pod.path) }));
}
