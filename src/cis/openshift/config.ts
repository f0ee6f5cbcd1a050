import type { LoadedObject } from '../../collect/objects.js';
import { parseYamlText } from '../../collect/yaml-source.js';
import { formatLocation, type SourceLocation } from '../../domain/evidence.js';
import { isRecord } from '../../domain/guards.js';

/**
 * Where OpenShift keeps what a kubeadm cluster puts on command lines. The cluster's operators render each
 * control-plane component's configuration into a ConfigMap named `config` in the component's namespace; its
 * `config.yaml` key holds a KubeAPIServerConfig / KubeControllerManagerConfig (JSON as the operators write it,
 * YAML in the operators' defaults) whose `apiServerArguments` / `extendedArguments` map a flag name to the list
 * of its values (`authorization-mode: [Scope, SystemMasters, RBAC, Node]`). The static pods read that file.
 */
export const CONFIG_NAMESPACES = {
  'kube-apiserver': 'openshift-kube-apiserver',
  'kube-controller-manager': 'openshift-kube-controller-manager',
  'kube-scheduler': 'openshift-kube-scheduler',
  'openshift-apiserver': 'openshift-apiserver',
} as const;
export type OpenShiftComponent = keyof typeof CONFIG_NAMESPACES;

/** The embedded config.yaml of a component, parsed, and where it was read. */
export interface ComponentConfig {
  value: Record<string, unknown>;
  /** `ConfigMap openshift-kube-apiserver/config (export.yaml:12)`. */
  shown: string;
  location: SourceLocation;
}

export type ConfigRead = { ok: true; config: ComponentConfig } | { ok: false; why: string };

/** The embedded text is judged under the same bounds as any input, but one ConfigMap value is small: 4 MiB. */
const EMBEDDED_LIMITS = { maxBytes: 4 * 1024 * 1024, maxDocuments: 1 } as const;

const nameOf = (o: LoadedObject) => (isRecord(o.object.metadata) && typeof o.object.metadata.name === 'string' ? o.object.metadata.name : undefined);
const namespaceOf = (o: LoadedObject) => (isRecord(o.object.metadata) && typeof o.object.metadata.namespace === 'string' ? o.object.metadata.namespace : undefined);

/**
 * The object of this kind (and group) and name, e.g. the cluster-scoped `cluster` singletons of config.openshift.io.
 * Without `namespace` the object's namespace is not compared: the loader does not know OpenShift's cluster-scoped
 * kinds (src/collect/object-scope.ts) and puts them in `default`.
 */
export function findObject(objects: readonly LoadedObject[], kind: string, group: string, name: string, namespace?: string): LoadedObject | undefined {
  return objects.find((o) => o.object.kind === kind && groupOf(o.object.apiVersion) === group && nameOf(o) === name && (namespace === undefined || namespaceOf(o) === namespace));
}

function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const at = apiVersion.indexOf('/');
  return at < 0 ? '' : apiVersion.slice(0, at);
}

export const shownObject = (o: LoadedObject, label: string) => `${label} (${formatLocation(o.location)})`;

/** The parsed `config.yaml` of a component's `config` ConfigMap, or why it is not at hand. */
export function componentConfig(objects: readonly LoadedObject[] | undefined, component: OpenShiftComponent): ConfigRead {
  const namespace = CONFIG_NAMESPACES[component];
  const needs = `ConfigMap ${namespace}/config (oc get configmap config -n ${namespace} -o yaml, or --live)`;
  if (objects === undefined) return { ok: false, why: `not evaluated: needs ${needs}` };
  const cm = findObject(objects, 'ConfigMap', '', 'config', namespace);
  if (cm === undefined) return { ok: false, why: `not evaluated: needs ${needs}; it is not among the objects given` };
  const data = cm.object.data;
  const text = isRecord(data) ? data['config.yaml'] : undefined;
  const shown = shownObject(cm, `ConfigMap ${namespace}/config`);
  if (typeof text !== 'string') return { ok: false, why: `not evaluated: ${shown} has no data["config.yaml"]` };
  const at = cm.locate(['data', 'config.yaml']) ?? cm.location;
  const parsed = parseYamlText(text, `${formatLocation(at)} data["config.yaml"]`, EMBEDDED_LIMITS);
  const first = parsed.errors[0];
  if (first !== undefined) return { ok: false, why: `not evaluated: ${shown}: its config.yaml cannot be read: ${first.message}` };
  const value = parsed.documents[0]?.value;
  if (!isRecord(value)) return { ok: false, why: `not evaluated: ${shown}: its config.yaml is not a mapping` };
  return { ok: true, config: { value, shown, location: at } };
}

/** Values of one argument in `apiServerArguments` / `extendedArguments`: undefined when the argument is absent. */
export function argValues(config: ComponentConfig, section: 'apiServerArguments' | 'extendedArguments', name: string): string[] | undefined {
  const args = config.value[section];
  if (!isRecord(args) || !(name in args)) return undefined;
  const raw = args[name];
  const list = Array.isArray(raw) ? raw : [raw];
  // Each value is one flag occurrence; a list-valued flag (authorization-mode) is split as the flag parser would.
  return list.filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** A dotted field of the config (`servingInfo.bindAddress`). */
export function field(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return at;
}
