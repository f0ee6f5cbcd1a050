import type { KubeObject, LoadedObject } from '../collect/objects.js';
import type { SourceLocation } from '../domain/evidence.js';
import { isProtocol, type Protocol } from './ports.js';
import type { Labels } from './selector.js';

export interface NamedPort {
  name: string;
  protocol: Protocol;
  port: number;
}

/** A workload (or a bare Pod): the unit `netpol list` reports. Its template stands for its pods. */
export interface Workload {
  namespace: string;
  name: string;
  kind: string;
  labels: Labels;
  /** Container ports that have a name, for resolving named ports in policies. */
  namedPorts: NamedPort[];
  /** hostNetwork pods use the node's network namespace: NetworkPolicies neither select nor match them. */
  hostNetwork: boolean;
  /** status.podIP(s) of the pods rolled up here. */
  ips: string[];
  location: SourceLocation;
}

export function workloadId(w: { namespace: string; name: string; kind: string }): string {
  return `${w.namespace}/${w.name}[${w.kind}]`;
}

const TEMPLATE_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController', 'CronJob'] as const;
export const KNOWN_KINDS = new Set<string>(['Namespace', 'Pod', 'NetworkPolicy', 'Service', ...TEMPLATE_KINDS]);

type PodSpecLike = { containers?: unknown; initContainers?: unknown; hostNetwork?: unknown };
type Template = { metadata?: { labels?: Record<string, string> }; spec?: PodSpecLike };

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Labels as a string map; anything else (a malformed manifest) counts as no labels. */
function labelsOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

function template(obj: KubeObject): Template | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (obj.kind === 'CronJob') {
    const jobTemplate = spec?.jobTemplate as { spec?: { template?: Template } } | undefined;
    return jobTemplate?.spec?.template;
  }
  return spec?.template as Template | undefined;
}

function namedPortsOf(spec: PodSpecLike | undefined): NamedPort[] {
  const out: NamedPort[] = [];
  for (const c of [...arrayOf(spec?.containers), ...arrayOf(spec?.initContainers)]) {
    for (const p of arrayOf((c as { ports?: unknown } | null)?.ports)) {
      const port = (p ?? {}) as { name?: unknown; containerPort?: unknown; protocol?: unknown };
      const protocol = port.protocol ?? 'TCP';
      if (typeof port.name === 'string' && typeof port.containerPort === 'number' && isProtocol(protocol)) {
        out.push({ name: port.name, protocol, port: port.containerPort });
      }
    }
  }
  return out.sort((a, b) => (a.name + a.protocol < b.name + b.protocol ? -1 : 1));
}

function ipsOf(obj: KubeObject): string[] {
  const status = (obj.status ?? {}) as { podIP?: unknown; podIPs?: { ip?: unknown }[] };
  const ips = new Set<string>();
  if (typeof status.podIP === 'string') ips.add(status.podIP);
  for (const p of arrayOf(status.podIPs)) if (typeof (p as { ip?: unknown } | null)?.ip === 'string') ips.add((p as { ip: string }).ip);
  return [...ips].sort();
}

function controllerOf(obj: KubeObject): { kind: string; name: string } | undefined {
  const refs = arrayOf(obj.metadata.ownerReferences).filter((r): r is { kind: string; name: string; controller?: boolean } =>
    typeof (r as { kind?: unknown } | null)?.kind === 'string' && typeof (r as { name?: unknown }).name === 'string');
  return refs.find((r) => r.controller === true) ?? refs[0];
}

/**
 * Rolls pods up to their workload through ownerReferences (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob)
 * as far as the objects given say; workloads without pods stand for their pods through their pod template.
 */
export function extractWorkloads(objects: readonly LoadedObject[]): Workload[] {
  const byKey = new Map<string, LoadedObject>();
  for (const o of objects) {
    if (o.object.kind === 'Pod' || (TEMPLATE_KINDS as readonly string[]).includes(o.object.kind)) {
      byKey.set(`${o.object.metadata.namespace ?? 'default'}/${o.object.kind}/${o.object.metadata.name ?? ''}`, o);
    }
  }
  const result = new Map<string, Workload & { fromTemplate: boolean }>();
  const sorted = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, o] of sorted) {
    const ns = o.object.metadata.namespace ?? 'default';
    // Follow controller ownerReferences; a missing owner object still names the workload.
    let kind = o.object.kind;
    let name = o.object.metadata.name ?? '';
    let current: KubeObject | undefined = o.object;
    const seen = new Set<string>();
    while (current) {
      const owner = controllerOf(current);
      if (!owner || !(TEMPLATE_KINDS as readonly string[]).includes(owner.kind) || seen.has(`${owner.kind}/${owner.name}`)) break;
      seen.add(`${owner.kind}/${owner.name}`);
      kind = owner.kind;
      name = owner.name;
      current = byKey.get(`${ns}/${owner.kind}/${owner.name}`)?.object;
    }
    const id = workloadId({ namespace: ns, name, kind });
    const isPod = o.object.kind === 'Pod';
    const tpl = isPod ? { metadata: o.object.metadata, spec: o.object.spec as PodSpecLike } : template(o.object);
    const existing = result.get(id);
    const isTop = o.object.kind === kind && (o.object.metadata.name ?? '') === name;
    if (existing) {
      existing.ips = [...new Set([...existing.ips, ...(isPod ? ipsOf(o.object) : [])])].sort();
      // The top workload's own template decides labels and ports; pods only fill in when it is absent.
      if (!isTop || existing.fromTemplate) continue;
    }
    result.set(id, {
      namespace: ns,
      name,
      kind,
      labels: labelsOf(tpl?.metadata?.labels),
      namedPorts: namedPortsOf(tpl?.spec),
      hostNetwork: tpl?.spec?.hostNetwork === true,
      ips: existing ? existing.ips : isPod ? ipsOf(o.object) : [],
      location: isTop || !existing ? o.location : existing.location,
      fromTemplate: isTop && !isPod,
    });
  }
  return [...result.values()]
    .map(({ fromTemplate: _f, ...w }) => w)
    .sort((a, b) => (workloadId(a) < workloadId(b) ? -1 : 1));
}

/**
 * Namespace labels. Every namespace carries `kubernetes.io/metadata.name: <name>` (set by the API server since
 * Kubernetes 1.21), including namespaces referenced by objects but not given in the input.
 */
export function namespaceLabels(objects: readonly LoadedObject[], referenced: Iterable<string>): Map<string, Labels> {
  const out = new Map<string, Labels>();
  for (const o of objects) {
    if (o.object.kind !== 'Namespace' || !o.object.metadata.name) continue;
    const name = o.object.metadata.name;
    out.set(name, { ...labelsOf(o.object.metadata.labels), 'kubernetes.io/metadata.name': name });
  }
  for (const name of referenced) if (!out.has(name)) out.set(name, { 'kubernetes.io/metadata.name': name });
  return out;
}
