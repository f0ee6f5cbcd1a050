import type { LoadedObject } from '../../collect/objects.js';
import { at, list, objectName, rec, shown, type Offender } from './pod-specs.js';
import { isRecord } from '../../domain/guards.js';

/**
 * RBAC rules of section 5.1. Built-in roles that Kubernetes reconciles on every start (`system:*`,
 * `cluster-admin`, `admin`, `edit`, `view`) are not reported: removing their rights is undone by the
 * API server; what matters is who is bound to them (5.1.1) and the roles the cluster's owners wrote.
 */
const BUILT_IN = new Set(['cluster-admin', 'admin', 'edit', 'view']);

function isBuiltIn(item: LoadedObject): boolean {
  const name = item.object.metadata.name ?? '';
  return item.object.kind === 'ClusterRole' && (name.startsWith('system:') || BUILT_IN.has(name));
}

function roles(objects: readonly LoadedObject[]): LoadedObject[] {
  return objects.filter((o) => (o.object.kind === 'Role' || o.object.kind === 'ClusterRole') && !isBuiltIn(o));
}

function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

interface Grant {
  /** API groups the resources live in ('' is the core group). */
  groups: readonly string[];
  /** Resources, `*` for any. */
  resources: readonly string[];
  verbs: readonly string[];
  label: string;
}

/** Each rule of a non-built-in role that grants one of `verbs` on one of `resources` (wildcards included). */
function grants(objects: readonly LoadedObject[], grant: Grant): Offender[] {
  const offenders: Offender[] = [];
  for (const role of roles(objects)) {
    list(role.object.rules).forEach((rule, index) => {
      if (!isRecord(rule)) return;
      const groups = strings(rule.apiGroups);
      const res = strings(rule.resources);
      const groupHit = groups.includes('*') || groups.some((g) => grant.groups.includes(g));
      const resourceHit = grant.resources.includes('*') || res.some((r) => r === '*' || grant.resources.includes(r));
      const verbHit = strings(rule.verbs).filter((v) => v === '*' || grant.verbs.includes(v));
      if (groupHit && resourceHit && verbHit.length > 0) {
        offenders.push({ what: `${objectName(role)} rule ${index} grants ${shown(verbHit.join(','))} on ${grant.label}`, location: at(role, ['rules', index]) });
      }
    });
  }
  return offenders;
}

const rule = (grant: Grant) => (objects: readonly LoadedObject[]): Offender[] => grants(objects, grant);

export const secretsAccess = rule({ groups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'], label: 'secrets' });
export const createPods = rule({ groups: [''], resources: ['pods'], verbs: ['create'], label: 'pods' });
/** 5.1.8: bind and escalate on roles let a subject grant rights it lacks; impersonate lets it act as others. */
export const bindEscalateImpersonate = rule({ groups: ['', 'rbac.authorization.k8s.io', 'authentication.k8s.io'], resources: ['*'], verbs: ['bind', 'escalate', 'impersonate'], label: 'RBAC roles or identities' });
export const createPersistentVolumes = rule({ groups: [''], resources: ['persistentvolumes'], verbs: ['create'], label: 'persistentvolumes' });
export const nodeProxy = rule({ groups: [''], resources: ['nodes/proxy'], verbs: ['get', 'create', 'update', 'patch', 'delete'], label: 'nodes/proxy' });
export const csrApproval = rule({ groups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update', 'patch'], label: 'certificatesigningrequests/approval' });
export const webhookConfigs = rule({
  groups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
  verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'], label: 'webhook configurations',
});
export const serviceAccountTokens = rule({ groups: [''], resources: ['serviceaccounts/token'], verbs: ['create'], label: 'serviceaccounts/token' });

/** 5.1.1: bindings to cluster-admin other than the cluster-admin binding Kubernetes itself creates. */
export function clusterAdminBindings(objects: readonly LoadedObject[]): Offender[] {
  return objects
    .filter((o) => (o.object.kind === 'ClusterRoleBinding' || o.object.kind === 'RoleBinding')
      && rec(o.object.roleRef).kind === 'ClusterRole' && rec(o.object.roleRef).name === 'cluster-admin'
      && o.object.metadata.name !== 'cluster-admin')
    .map((o) => ({
      what: `${objectName(o)} binds cluster-admin to ${list(o.object.subjects).map((s) => `${shown(rec(s).kind)}:${shown(rec(s).name)}`).join(', ') || 'no subjects'}`,
      location: at(o, ['roleRef']),
    }));
}

/** 5.1.3: `*` in apiGroups, resources or verbs. */
export function rbacWildcards(objects: readonly LoadedObject[]): Offender[] {
  const offenders: Offender[] = [];
  for (const role of roles(objects)) {
    list(role.object.rules).forEach((rule, index) => {
      const r = rec(rule);
      const fields = (['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const).filter((f) => strings(r[f]).includes('*'));
      if (fields.length > 0) offenders.push({ what: `${objectName(role)} rule ${index} uses "*" in ${fields.join(', ')}`, location: at(role, ['rules', index]) });
    });
  }
  return offenders;
}

/** 5.1.5: a `default` ServiceAccount that mounts its token unless told otherwise. */
export function defaultServiceAccounts(objects: readonly LoadedObject[]): Offender[] {
  return objects
    .filter((o) => o.object.kind === 'ServiceAccount' && o.object.metadata.name === 'default' && o.object.automountServiceAccountToken !== false)
    .map((o) => ({
      what: `${objectName(o)} has automountServiceAccountToken ${o.object.automountServiceAccountToken === undefined ? 'not set (default true)' : shown(o.object.automountServiceAccountToken)}`,
      location: o.object.automountServiceAccountToken === undefined ? o.location : at(o, ['automountServiceAccountToken']),
    }));
}
