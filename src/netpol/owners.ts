import type { LoadedObject } from '../collect/objects.js';
import { formatLocation } from '../domain/evidence.js';
import { InputError } from '../domain/errors.js';
import { isRecord } from '../domain/guards.js';

/** The workload a pod or controller object belongs to: its top controller as far as the input says. */
export interface Root {
  namespace: string;
  kind: string;
  name: string;
}

type Ref = { kind?: string; name: string; index: number; controller: boolean };

function controllerRef(obj: LoadedObject): Ref | undefined {
  const raw = obj.object.metadata.ownerReferences as unknown;
  const refs: Ref[] = [];
  (Array.isArray(raw) ? raw : []).forEach((r: unknown, index) => {
    if (!isRecord(r) || typeof r.name !== 'string') return;
    refs.push({ ...(typeof r.kind === 'string' && r.kind !== '' ? { kind: r.kind } : {}), name: r.name, index, controller: r.controller === true });
  });
  // "controller: If true, this reference points to the managing controller"; at most one is.
  return refs.find((r) => r.controller) ?? refs[0];
}

export function namespaceOf(o: LoadedObject): string {
  return o.object.metadata.namespace ?? 'default';
}

export function objectKey(ns: string, kind: string, name: string): string {
  return `${ns}/${kind}/${name}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The Deployment that owns ReplicaSet `rs`, named by the ReplicaSet's `<deployment>-<pod-template-hash>` name. */
function deploymentOf(rs: string, hash: string | undefined): string | undefined {
  return hash !== undefined && hash !== '' && rs.endsWith(`-${hash}`) ? rs.slice(0, -hash.length - 1) : undefined;
}

/**
 * Follows controller ownerReferences (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob, or an owner of any
 * kind, e.g. an OpenKruise CloneSet or an Argo Rollout) as far as the objects given say. A ReplicaSet that is not
 * in the input is taken as its Deployment when the pod's `pod-template-hash` label is the suffix of its name (the
 * Deployment controller names ReplicaSets `<deployment>-<pod-template-hash>`). A mirror pod (owned by its Node)
 * stands for itself. An ownerReference without `kind` is invalid ("kind: Kind of the referent", required): it is
 * reported and the kind is inferred when the input allows it.
 */
export class OwnerResolver {
  private readonly byKey = new Map<string, LoadedObject>();
  private readonly byName = new Map<string, LoadedObject[]>();
  private readonly reported = new Set<string>();
  readonly errors: InputError[] = [];
  readonly notes: string[] = [];

  constructor(objects: readonly LoadedObject[]) {
    for (const o of objects) {
      const name = o.object.metadata.name;
      if (name === undefined) continue;
      const ns = namespaceOf(o);
      this.byKey.set(objectKey(ns, o.object.kind, name), o);
      const list = this.byName.get(`${ns}/${name}`) ?? [];
      list.push(o);
      this.byName.set(`${ns}/${name}`, list);
    }
  }

  get(ns: string, kind: string, name: string): LoadedObject | undefined {
    return this.byKey.get(objectKey(ns, kind, name));
  }

  rootOf(start: LoadedObject): Root {
    const namespace = namespaceOf(start);
    const hash = start.object.kind === 'Pod' ? start.object.metadata.labels?.['pod-template-hash'] : undefined;
    let kind = start.object.kind;
    let name = start.object.metadata.name ?? '';
    let current: LoadedObject | undefined = start;
    const seen = new Set<string>([`${kind}/${name}`]);
    while (current) {
      const ref = controllerRef(current);
      if (!ref) {
        // No (valid) owner, e.g. a kind-less ownerReference the loader dropped with a warning: a pod named
        // `<deployment>-<pod-template-hash>-<suffix>` with that label is a Deployment's pod.
        const deployment = current === start && hash !== undefined ? new RegExp(`^(.+)-${escapeRegExp(hash)}-[a-z0-9]+$`).exec(name)?.[1] : undefined;
        if (deployment !== undefined) {
          this.notes.push(`${namespace}/${name}[Pod]: no owner given; taken as a pod of Deployment ${deployment} from its pod-template-hash label and name`);
          kind = 'Deployment';
          name = deployment;
        }
        break;
      }
      const refKind = ref.kind ?? this.inferKind(current, ref, hash);
      if (refKind === undefined || refKind === 'Node' || seen.has(`${refKind}/${ref.name}`)) break;
      seen.add(`${refKind}/${ref.name}`);
      kind = refKind;
      name = ref.name;
      current = this.get(namespace, kind, name);
      const deployment = kind === 'ReplicaSet' && current === undefined ? deploymentOf(name, hash) : undefined;
      if (deployment !== undefined) {
        kind = 'Deployment';
        name = deployment;
        current = this.get(namespace, kind, name);
      }
    }
    return { namespace, kind, name };
  }

  private inferKind(obj: LoadedObject, ref: Ref, hash: string | undefined): string | undefined {
    const candidates = (this.byName.get(`${namespaceOf(obj)}/${ref.name}`) ?? []).filter((o) => o !== obj && o.object.kind !== 'Pod');
    let kind: string | undefined;
    let how: string;
    if (obj.object.kind === 'Pod' && deploymentOf(ref.name, hash) !== undefined) {
      kind = 'ReplicaSet';
      how = `taken as ReplicaSet ${ref.name} from the pod-template-hash label`;
    } else if (candidates.length === 1 && candidates[0]) {
      kind = candidates[0].object.kind;
      how = `taken as ${kind} ${ref.name}, the only object of that name in the input`;
    } else how = `ignored: the ${obj.object.kind} stands for itself`;
    const location = obj.locate(['metadata', 'ownerReferences', ref.index]) ?? obj.location;
    const subject = `${obj.object.kind} ${namespaceOf(obj)}/${obj.object.metadata.name ?? '?'}`;
    const message = `${formatLocation(location)}: ${subject}: metadata.ownerReferences[${ref.index}] has no kind (the API server requires it); ${how}`;
    if (!this.reported.has(message)) {
      this.reported.add(message);
      this.errors.push(new InputError(message, location));
    }
    return kind;
  }
}
