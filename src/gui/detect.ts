import type { LoadedObject } from '../collect/objects.js';
import type { FieldPath } from '../collect/yaml-source.js';
import { isRecord } from '../domain/guards.js';

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

const TEMPLATE_SPEC: Record<string, FieldPath> = {
  Pod: ['spec'], Deployment: ['spec', 'template', 'spec'], StatefulSet: ['spec', 'template', 'spec'], DaemonSet: ['spec', 'template', 'spec'], ReplicaSet: ['spec', 'template', 'spec'],
};

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

/** Every container of every workload that runs a cluster GUI. The metrics scraper is not a GUI and is skipped. */
export function findGuis(objects: readonly LoadedObject[]): GuiWorkload[] {
  const out: GuiWorkload[] = [];
  for (const item of objects) {
    const specPath = TEMPLATE_SPEC[item.object.kind];
    if (!specPath) continue;
    // A ReplicaSet or Pod owned by a Deployment of the input is that Deployment.
    if ((item.object.metadata.ownerReferences ?? []).some((o) => o.controller === true && objects.some((x) => x.object.kind === o.kind && x.object.metadata.name === o.name && x.object.metadata.namespace === item.object.metadata.namespace))) continue;
    const spec = dig(item.object, specPath);
    if (!isRecord(spec)) continue;
    const labelsPath = item.object.kind === 'Pod' ? ['metadata', 'labels'] : [...specPath.slice(0, -1), 'metadata', 'labels'];
    const podLabels = { ...(item.object.metadata.labels ?? {}), ...(isRecord(dig(item.object, labelsPath)) ? dig(item.object, labelsPath) as Record<string, string> : {}) };
    const containers = Array.isArray(spec.containers) ? spec.containers : [];
    containers.forEach((c, index) => {
      if (!isRecord(c) || typeof c.image !== 'string') return;
      const kind = classify(c.image, podLabels);
      if (!kind) return;
      out.push({
        kind, item, namespace: item.object.metadata.namespace ?? 'default', name: item.object.metadata.name ?? '', podLabels, specPath,
        serviceAccount: typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default',
        container: { name: typeof c.name === 'string' ? c.name : `#${index}`, image: c.image, argv: [...strs(c.command), ...strs(c.args)], commandLength: strs(c.command).length, path: [...specPath, 'containers', index], env: env(c) },
      });
    });
  }
  return out;
}
