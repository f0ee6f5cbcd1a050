import { KubefortError } from '../../domain/errors.js';
import { isRecord } from '../../domain/guards.js';
import type { KubeObject, LoadedObject, ObjectSet } from '../objects.js';
import { ApiStatusError, LiveClient } from './http.js';
import { resolveKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
import { redactSecret } from './redact.js';
import { exportOrder } from './export.js';
import { RESOURCE_TYPES, apiVersionOf, discover, listPath, type ResourceType } from './resources.js';

export interface LiveOptions extends KubeconfigOptions {
  /** -n: one namespace for namespaced kinds; undefined with allNamespaces = every namespace. */
  namespace?: string;
  allNamespaces?: boolean;
  /** --request-timeout in ms; 0 = none. */
  timeoutMs?: number;
  /** Items per list page (`limit`); the server hands a `continue` token for the next page. */
  pageSize?: number;
  /** Lists in flight at once. */
  concurrency?: number;
  /** Keep Secret values (only `kubefort export --include-secret-data`). */
  includeSecretData?: boolean;
  types?: readonly ResourceType[];
  /** A progress line, for large clusters on a terminal. */
  progress?: (text: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** A kind that could not be listed: forbidden, or an error the retries did not cure. */
export interface Unreadable {
  kind: string;
  resource: string;
  /** The namespace asked for, or undefined for all namespaces / cluster scope. */
  namespace?: string;
  code: number;
  /** One line, e.g. `cannot list secrets in any namespace: forbidden for user auditor`. */
  message: string;
}

export interface LiveInfo {
  context: string;
  server: string;
  /** Namespace read (kubectl's -n or the context's), or undefined for all namespaces. */
  namespace?: string;
  user?: string;
  insecureSkipTlsVerify: boolean;
  /** Kinds read, with their count, in RESOURCE_TYPES order. */
  read: { kind: string; count: number }[];
  unreadable: Unreadable[];
  /** Kinds whose API group this server does not serve (e.g. AdminNetworkPolicy): not an error. */
  notServed: string[];
}

export interface LiveObjectSet extends ObjectSet {
  live: LiveInfo;
}

/** Reads the objects the analyses use from the cluster of the kubeconfig's context, in the shape loadObjects gives. */
export async function loadLiveObjects(options: LiveOptions): Promise<LiveObjectSet> {
  const resolved = resolveKubeconfig(options);
  const client = new LiveClient(resolved.kc, resolved.server, {
    timeoutMs: options.timeoutMs ?? 0,
    env: options.env,
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const namespace = options.allNamespaces === true ? undefined : (options.namespace ?? resolved.namespace);
  const wanted = options.types ?? RESOURCE_TYPES;
  const served = await discover(client, wanted);
  const info: LiveInfo = {
    context: resolved.context,
    server: resolved.server,
    ...(namespace === undefined ? {} : { namespace }),
    insecureSkipTlsVerify: resolved.insecureSkipTlsVerify,
    read: [],
    unreadable: [],
    notServed: wanted.filter((t) => !served.includes(t)).map((t) => t.kind),
  };
  const byType = new Map<ResourceType, KubeObject[]>();
  let done = 0;
  await pool(served, options.concurrency ?? 4, async (type) => {
    try {
      byType.set(type, await listAll(client, type, namespace, options.pageSize ?? 500));
    } catch (error) {
      if (!(error instanceof ApiStatusError)) throw error;
      if (error.code === 404 && type.optional === true) info.notServed.push(type.kind);
      else info.unreadable.push({ kind: type.kind, resource: type.resource, ...(type.namespaced && namespace !== undefined ? { namespace } : {}), code: error.code, message: '' });
    }
    done += 1;
    options.progress?.(`read ${done}/${served.length} kinds`);
  });
  if (info.unreadable.some((u) => u.code === 401 || u.code === 403)) info.user = await whoAmI(client);
  for (const u of info.unreadable) u.message = unreadableMessage(u, info.user);
  info.unreadable.sort((a, b) => RESOURCE_TYPES.findIndex((t) => t.kind === a.kind) - RESOURCE_TYPES.findIndex((t) => t.kind === b.kind));
  info.notServed.sort();
  // `files` names the source read, as loadObjects names the files it read.
  const set: LiveObjectSet = { objects: [], errors: [], files: [`live:${resolved.context}`], live: info };
  const objects: KubeObject[] = [];
  for (const type of served) {
    const items = byType.get(type);
    if (items === undefined) continue;
    info.read.push({ kind: type.kind, count: items.length });
    for (const object of items) objects.push(options.includeSecretData === true ? object : redactSecret(object));
  }
  set.objects = objects.sort(exportOrder).map((o) => loaded(resolved.context, o));
  if (info.read.length === 0) {
    throw new KubefortError(`could not read anything from ${resolved.server} (context ${resolved.context}): ${info.unreadable.map((u) => u.message).join('; ')}`);
  }
  return set;
}

async function listAll(client: LiveClient, type: ResourceType, namespace: string | undefined, limit: number): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let token: string | undefined;
  do {
    const page = await client.get(listPath(type, namespace), {
      limit: String(limit),
      continue: token,
      fieldSelector: type.fieldSelector,
    });
    if (!isRecord(page) || !Array.isArray(page.items)) throw new KubefortError(`${listPath(type, namespace)}: the server's answer is not a list`);
    for (const item of page.items) if (isRecord(item)) items.push(normalize(item, type));
    const meta = isRecord(page.metadata) ? page.metadata : {};
    token = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
  } while (token !== undefined);
  return items;
}

/** List items carry no kind/apiVersion; `kubectl get -o yaml` adds them and hides managedFields. */
function normalize(item: Record<string, unknown>, type: ResourceType): KubeObject {
  const metadata = isRecord(item.metadata) ? { ...item.metadata } : {};
  delete metadata.managedFields;
  return { apiVersion: apiVersionOf(type), kind: type.kind, ...item, metadata } as KubeObject;
}

export function liveRef(context: string, object: KubeObject): string {
  const ns = object.metadata.namespace;
  return `live:${context}/${ns === undefined ? '' : `${ns}/`}${object.kind}/${object.metadata.name ?? ''}`;
}

function loaded(context: string, object: KubeObject): LoadedObject {
  const location = { file: liveRef(context, object) };
  // A live object has no text position: every field points at the object.
  return { object, location, locate: () => location };
}

async function whoAmI(client: LiveClient): Promise<string | undefined> {
  try {
    const review = await client.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    const status = isRecord(review) && isRecord(review.status) ? review.status : {};
    const user = isRecord(status.userInfo) ? status.userInfo.username : undefined;
    return typeof user === 'string' ? user : undefined;
  } catch (error) {
    if (error instanceof ApiStatusError) return undefined; // servers before 1.28 or a policy that forbids it
    throw error;
  }
}

function unreadableMessage(u: Unreadable, user: string | undefined): string {
  const where = u.namespace === undefined ? (RESOURCE_TYPES.find((t) => t.kind === u.kind)?.namespaced === false ? 'at the cluster scope' : 'in any namespace') : `in namespace ${u.namespace}`;
  const why = u.code === 403 ? `forbidden for user ${user ?? '(unknown)'}` : u.code === 401 ? 'unauthorized' : `HTTP ${u.code}`;
  return `cannot list ${u.resource} ${where}: ${why}`;
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(workers);
}
