import type { KubeObject, LoadedObject } from '../collect/objects.js';
import type { SourceLocation } from '../domain/evidence.js';
import type { InputError } from '../domain/errors.js';
import { isProtocol, type Protocol } from './ports.js';
import type { Labels } from './selector.js';
import { namespaceOf, OwnerResolver } from './owners.js';
import { pushTo } from './multimap.js';

export interface NamedPort {
  name: string;
  protocol: Protocol;
  port: number;
}

/**
 * A workload (or a bare Pod): the unit `netpol list` reports. Its pods share one label set as far as any selector
 * can tell; a workload whose pods do not is split into one entry per label set, told apart by `variant`.
 */
export interface Workload {
  namespace: string;
  name: string;
  kind: string;
  /** `role=canary`, `!quarantine`: the labels that set this entry apart from the workload's other entries. */
  variant?: string;
  labels: Labels;
  /** Container ports that have a name, for resolving named ports in policies. */
  namedPorts: NamedPort[];
  /** hostNetwork pods use the node's network namespace (see the host-network readings in docs/netpol.md). */
  hostNetwork: boolean;
  /** status.podIP(s) of the pods rolled up here. */
  ips: string[];
  /** Names of the pods rolled up here; empty when the workload stands for its pods through its template. */
  pods: string[];
  /** spec.nodeName of the pods; `nodesKnown` is false when some pod (or the template) has none. */
  nodes: string[];
  nodesKnown: boolean;
  /** status.hostIP(s) of the pods: the addresses of their nodes. */
  hostIPs: string[];
  /** The controller's pod template labels when they disagree with the pods' (the pods decide; the next pods get these). */
  templateLabels?: Labels;
  location: SourceLocation;
}

export function workloadId(w: { namespace: string; name: string; kind: string; variant?: string | undefined }): string {
  return `${w.namespace}/${w.name}[${w.kind}]${w.variant !== undefined ? `{${w.variant}}` : ''}`;
}

const TEMPLATE_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController', 'CronJob'] as const;
export const KNOWN_KINDS = new Set<string>(['Namespace', 'Pod', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Service', 'Ingress', 'Route', 'Node', ...TEMPLATE_KINDS]);

type PodSpecLike = { containers?: unknown; initContainers?: unknown; hostNetwork?: unknown; nodeName?: unknown };
type Template = { metadata?: { labels?: unknown }; spec?: PodSpecLike };

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Labels as a string map; anything else (a malformed manifest) counts as no labels. */
export function labelsOf(value: unknown): Record<string, string> {
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

function statusIps(obj: KubeObject, one: string, many: string): string[] {
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const ips = new Set<string>();
  if (typeof status[one] === 'string') ips.add(status[one]);
  for (const p of arrayOf(status[many])) if (typeof (p as { ip?: unknown } | null)?.ip === 'string') ips.add((p as { ip: string }).ip);
  return [...ips];
}

/** One pod, or a template standing for pods not in the input. */
interface View {
  labels: Labels;
  namedPorts: NamedPort[];
  hostNetwork: boolean;
  ips: string[];
  pod?: string;
  node?: string;
  hostIPs: string[];
  location: SourceLocation;
}

function viewOf(o: LoadedObject): View | undefined {
  const isPod = o.object.kind === 'Pod';
  const tpl: Template | undefined = isPod ? { metadata: o.object.metadata, spec: o.object.spec as PodSpecLike } : template(o.object);
  if (!tpl) return undefined;
  const node = tpl.spec?.nodeName;
  return {
    labels: labelsOf(tpl.metadata?.labels),
    namedPorts: namedPortsOf(tpl.spec),
    hostNetwork: tpl.spec?.hostNetwork === true,
    ips: isPod ? statusIps(o.object, 'podIP', 'podIPs') : [],
    ...(isPod ? { pod: o.object.metadata.name ?? '' } : {}),
    ...(isPod && typeof node === 'string' && node !== '' ? { node } : {}),
    hostIPs: isPod ? statusIps(o.object, 'hostIP', 'hostIPs') : [],
    location: o.location,
  };
}

export interface WorkloadOptions {
  /** Label keys some selector names; only these can tell pods apart. Absent: every key. */
  selectorKeys?: ReadonlySet<string>;
}

export interface ExtractedWorkloads {
  workloads: Workload[];
  /** Invalid ownerReferences, with file:line. */
  errors: InputError[];
  /** Splits and templates judged by their pods. */
  notes: string[];
}

interface Group {
  namespace: string;
  kind: string;
  name: string;
  pods: View[];
  top?: View;
  other?: View;
}

const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * Rolls pods up to their workload through ownerReferences (see OwnerResolver); workloads without pods stand for
 * their pods through their pod template. NetworkPolicies select each pod by its own labels, so the pods decide,
 * and a workload whose pods do not share one label set (as far as the selectors' keys can tell) is split.
 */
export function extractWorkloads(objects: readonly LoadedObject[], options: WorkloadOptions = {}): ExtractedWorkloads {
  const owners = new OwnerResolver(objects);
  const groups = new Map<string, Group>();
  const sorted = objects
    .filter((o) => o.object.kind === 'Pod' || (TEMPLATE_KINDS as readonly string[]).includes(o.object.kind))
    .map((o) => ({ o, key: `${namespaceOf(o)}/${o.object.kind}/${o.object.metadata.name ?? ''}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { o } of sorted) {
    const root = owners.rootOf(o);
    const id = workloadId(root);
    const view = viewOf(o);
    if (!view) continue;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { ...root, pods: [] }));
    if (o.object.kind === 'Pod') g.pods.push(view);
    else if (o.object.kind === root.kind && o.object.metadata.name === root.name) g.top = view;
    else g.other ??= view;
  }
  const notes: string[] = [];
  const workloads: Workload[] = [];
  for (const [id, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const views = g.pods.length > 0 ? g.pods : [g.top ?? g.other].filter((v): v is View => v !== undefined);
    let templateLabels: Labels | undefined;
    if (g.pods.length > 0 && g.top) {
      // "A template that disagrees with its live pods is judged by the pods": controllers add labels
      // (pod-template-hash, controller-revision-hash, ...), so only missing or different template labels count.
      const top = g.top;
      const disagree = g.pods.some((p) => Object.entries(top.labels).some(([k, v]) => p.labels[k] !== v));
      if (disagree) {
        notes.push(`${id}: its template's labels disagree with its pods'; judged by the pods`);
        templateLabels = top.labels;
      }
    }
    const relevant = (k: string): boolean => options.selectorKeys === undefined || options.selectorKeys.has(k);
    const signature = (v: View): string => JSON.stringify([
      Object.entries(v.labels).filter(([k]) => relevant(k)).sort(([a], [b]) => (a < b ? -1 : 1)),
      v.namedPorts, v.hostNetwork,
    ]);
    const bySig = new Map<string, View[]>();
    for (const v of views) pushTo(bySig, signature(v), v);
    const parts = [...bySig.values()];
    const variants = parts.length > 1 ? variantNames(parts.map((p) => (p[0] as View).labels), relevant) : [];
    const made = parts.map((part, i) => ({ ...makeWorkload(g, part, variants[i], g.top?.location), ...(templateLabels ? { templateLabels } : {}) }));
    if (made.length > 1) notes.push(`${id}: its pods do not share one label set; split into ${made.map(workloadId).sort().join(', ')}`);
    workloads.push(...made);
  }
  // Each id made once, not twice per comparison.
  const ids = new Map(workloads.map((w) => [w, workloadId(w)]));
  workloads.sort((a, b) => ((ids.get(a) as string) < (ids.get(b) as string) ? -1 : 1));
  return { workloads, errors: owners.errors, notes: [...owners.notes, ...notes] };
}

/** The labels that differ between the parts: `k=v` where a part has it, `!k` where it has not. */
function variantNames(labelSets: Labels[], relevant: (k: string) => boolean): string[] {
  const keys = sortedUnique(labelSets.flatMap((l) => Object.keys(l)).filter(relevant))
    .filter((k) => new Set(labelSets.map((l) => l[k] ?? '\u0000')).size > 1);
  const names = labelSets.map((l) => keys.map((k) => (l[k] === undefined ? `!${k}` : `${k}=${l[k]}`)).join(','));
  // Same labels, different named ports or hostNetwork (e.g. mid-rollout): number them.
  return names.map((n, i) => (names.indexOf(n) === names.lastIndexOf(n) && n !== '' ? n : `${n}${n === '' ? '' : ','}#${i + 1}`));
}

function makeWorkload(g: Group, views: View[], variant: string | undefined, topLocation: SourceLocation | undefined): Workload {
  const first = views[0] as View;
  return {
    namespace: g.namespace,
    name: g.name,
    kind: g.kind,
    ...(variant !== undefined ? { variant } : {}),
    labels: first.labels,
    namedPorts: first.namedPorts,
    hostNetwork: first.hostNetwork,
    ips: sortedUnique(views.flatMap((v) => v.ips)),
    pods: sortedUnique(views.flatMap((v) => (v.pod !== undefined ? [v.pod] : []))),
    nodes: sortedUnique(views.flatMap((v) => (v.node !== undefined ? [v.node] : []))),
    nodesKnown: views.every((v) => v.node !== undefined),
    hostIPs: sortedUnique(views.flatMap((v) => v.hostIPs)),
    location: variant === undefined && topLocation ? topLocation : first.location,
  };
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
