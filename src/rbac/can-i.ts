import { KNOWN_VERBS } from './load.js';
import { resolveResource } from './resources.js';
import type { RequestAttributes } from './types.js';

/** kubectl auth can-i's verb lists: it warns about others but still asks. */
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
/** Subresource names that `TYPE/NAME` is often mistaken for. */
const SUBRESOURCE_NAMES = new Set(['approval', 'attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'finalize', 'log', 'portforward', 'proxy', 'resize', 'scale', 'status', 'token']);

export interface CanIQuery {
  verb: string;
  target: string;
  namespace?: string;
  allNamespaces?: boolean;
  subresource?: string;
}

export interface ParsedQuery {
  attrs: RequestAttributes;
  /** What kubectl would print as a warning, and kubefort's own notes. */
  warnings: string[];
}

/**
 * kubectl auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL]: a target starting with `/` is a non-resource URL
 * (asked cluster-wide); `TYPE/NAME` names an object (`pods/log` is the pod named "log" — the subresource is
 * --subresource). No -n means the namespace `default` (kubectl takes the kubeconfig's, usually default);
 * -A asks cluster-wide, so only ClusterRoleBindings count. A cluster-scoped resource is asked without a namespace,
 * as the API server does for a real request.
 */
export function parseQuery(q: CanIQuery): ParsedQuery {
  const warnings: string[] = [];
  if (q.target.startsWith('/')) {
    if (!NON_RESOURCE_VERBS.has(q.verb)) warnings.push(`Warning: verb '${q.verb}' is not a known verb`);
    return { attrs: { verb: q.verb, namespace: '', resourceRequest: false, apiGroup: '', resource: '', subresource: '', name: '', path: q.target }, warnings };
  }
  if (!KNOWN_VERBS.has(q.verb)) warnings.push(`Warning: verb '${q.verb}' is not a known verb`);
  const slash = q.target.indexOf('/');
  const type = slash < 0 ? q.target : q.target.slice(0, slash);
  const name = slash < 0 ? '' : q.target.slice(slash + 1);
  const resolved = resolveResource(type);
  if (!resolved.known) warnings.push(`Warning: the server doesn't have a resource type '${resolved.resource}'${resolved.group ? ` in group '${resolved.group}'` : ''} (kubefort knows the built-in types; it asks as written)`);
  if (name !== '' && SUBRESOURCE_NAMES.has(name) && q.subresource === undefined) {
    warnings.push(`note: ${q.target} asks about the ${resolved.resource} object named "${name}", as kubectl does; for the subresource use ${resolved.resource} --subresource ${name}`);
  }
  let namespace = q.allNamespaces ? '' : (q.namespace ?? 'default');
  if (resolved.namespaced === false) {
    if (q.namespace !== undefined) warnings.push(`Warning: resource '${resolved.resource}' is not namespace scoped`);
    namespace = '';
  }
  return {
    attrs: { verb: q.verb, namespace, resourceRequest: true, apiGroup: resolved.group, resource: resolved.resource, subresource: q.subresource ?? '', name, path: '' },
    warnings,
  };
}

export function describeRequest(a: RequestAttributes): string {
  if (!a.resourceRequest) return `${a.verb} ${a.path}`;
  const res = `${a.resource}${a.apiGroup ? `.${a.apiGroup}` : ''}${a.subresource ? `/${a.subresource}` : ''}`;
  const name = a.name ? ` ${JSON.stringify(a.name)}` : '';
  return `${a.verb} ${res}${name} ${a.namespace === '' ? 'cluster-wide' : `in namespace ${a.namespace}`}`;
}
