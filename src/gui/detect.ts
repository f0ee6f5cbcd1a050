import type { LoadedObject } from '../collect/objects.js';
import type { FieldPath } from '../collect/yaml-source.js';
import { isRecord } from '../domain/guards.js';
import { containers, podSpecs } from '../cis/objects/pod-specs.js';

export const GuiKind = {
  dashboardV2: 'Kubernetes Dashboard v2',
  dashboardV7: 'Kubernetes Dashboard v7 (Helm chart)',
  kong: 'Kong proxy of the Kubernetes Dashboard',
  headlamp: 'Headlamp',
  portainerAgent: 'Portainer agent',
  portainer: 'Portainer',
} as const;
export type GuiKind = (typeof GuiKind)[keyof typeof GuiKind];

export interface GuiContainer {
  name: string;
  image: string;
  /** command followed by args, as the container runs them. */
  argv: string[];
  /** How many of argv come from `command` (the rest are `args`). */
  commandLength: number;
  path: FieldPath;
  env: Record<string, string>;
}

export interface GuiWorkload {
  kind: GuiKind;
  item: LoadedObject;
  namespace: string;
  name: string;
  container: GuiContainer;
  podLabels: Record<string, string>;
  serviceAccount: string;
  specPath: FieldPath;
}

function dig(value: unknown, path: FieldPath): unknown {
  let v = value;
  for (const p of path) v = isRecord(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The image name without registry host, tag or digest: `docker.io/kubernetesui/dashboard:v2.7.0` -> `kubernetesui/dashboard`. */
export function imageName(image: string): string {
  let name = image.split('@')[0] ?? image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  const parts = name.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0] ?? '')) parts.shift();
  return parts.join('/');
}

export function imageTag(image: string): string {
  const name = image.split('@')[0] ?? image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(colon + 1) : '';
}

/** Which GUI an image (and the pod's Helm labels, for Kong) is. */
function classify(image: string, labels: Record<string, string>): GuiKind | undefined {
  const name = imageName(image);
  if (/(^|\/)kubernetesui\/dashboard$/.test(name) || /kubernetes-dashboard-(amd64|arm64|arm)$/.test(name)) {
    return imageTag(image).startsWith('v7') ? GuiKind.dashboardV7 : GuiKind.dashboardV2;
  }
  if (/(^|\/)kubernetesui\/dashboard-(api|auth|web)$/.test(name)) return GuiKind.dashboardV7;
  if (/(^|\/)headlamp-k8s\/headlamp$/.test(name) || /(^|\/)kubernetes-sigs\/headlamp$/.test(name)) return GuiKind.headlamp;
  if (/(^|\/)portainer\/agent$/.test(name)) return GuiKind.portainerAgent;
  if (/(^|\/)portainer\/portainer(-ce|-ee)?$/.test(name)) return GuiKind.portainer;
  // The v7 chart's Kong: `kong` image, labelled as part of the Dashboard release (helm.sh/chart kong-*, instance of the release).
  if (/(^|\/)kong$/.test(name) && (/dashboard/.test(labels['app.kubernetes.io/instance'] ?? '') || /dashboard/.test(labels['app.kubernetes.io/part-of'] ?? ''))) return GuiKind.kong;
  return undefined;
}

function env(container: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of Array.isArray(container.env) ? container.env : []) if (isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string') out[e.name] = e.value;
  return out;
}

/** Is the object managed by a controller that is in the input too (a ReplicaSet of a Deployment, a Job of a CronJob)? */
function ownedByInput(item: LoadedObject, objects: readonly LoadedObject[]): boolean {
  const ns = item.object.metadata.namespace;
  return (item.object.metadata.ownerReferences ?? []).some((o) => o.controller === true
    && objects.some((x) => x.object.kind === o.kind && x.object.metadata.name === o.name && x.object.metadata.namespace === ns));
}

/**
 * Every container of every workload that runs a cluster GUI: the pod specs and containers the CIS checks see
 * (src/cis/objects/pod-specs.ts: every workload kind, CronJob jobTemplate, init and ephemeral containers). An
 * object whose controller is in the input is reported as that controller. The metrics scraper is not a GUI and is
 * skipped.
 */
export function findGuis(objects: readonly LoadedObject[]): GuiWorkload[] {
  const out: GuiWorkload[] = [];
  for (const pod of podSpecs(objects)) {
    const { item, spec, path: specPath } = pod;
    if (ownedByInput(item, objects)) continue;
    // The pod template's labels (beside its spec), over the object's own; a Pod's are its own.
    const labelsPath = item.object.kind === 'Pod' ? ['metadata', 'labels'] : [...specPath.slice(0, -1), 'metadata', 'labels'];
    const templateLabels = dig(item.object, labelsPath);
    const podLabels = { ...(item.object.metadata.labels ?? {}), ...(isRecord(templateLabels) ? templateLabels as Record<string, string> : {}) };
    for (const ref of containers(pod)) {
      const c = ref.container;
      if (typeof c.image !== 'string') continue;
      const kind = classify(c.image, podLabels);
      if (!kind) continue;
      out.push({
        kind, item, namespace: item.object.metadata.namespace ?? 'default', name: item.object.metadata.name ?? '', podLabels, specPath,
        serviceAccount: typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default',
        container: { name: ref.name, image: c.image, argv: [...strs(c.command), ...strs(c.args)], commandLength: strs(c.command).length, path: ref.path, env: env(c) },
      });
    }
  }
  return out;
}
