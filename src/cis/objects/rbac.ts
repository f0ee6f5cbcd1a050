import type { LoadedObject } from '../../collect/objects.js';
import { at, objectName, shown, type Offender } from './pod-specs.js';
import { printable } from '../../domain/printable.js';
import { resourceProbe, type Probe } from '../../rbac/checks.js';
import { ownRules, rbacModelOf, reportableBindings, reportableRoles, rulesGranting } from '../../rbac/query.js';
import { roleLabel } from '../../rbac/types.js';

/**
 * Section 5.1 asks the RBAC engine of `kubefort rbac` (src/rbac): rules are matched as the API server's RBAC
 * authorizer matches them ("*", "* /subresource" without the space, resourceNames), aggregated ClusterRoles are
 * resolved, and the roles and bindings Kubernetes ships are skipped unless they differ from what it ships.
 */
interface Grant {
  probes: readonly Probe[];
  label: string;
}

function grants(objects: readonly LoadedObject[], grant: Grant): Offender[] {
  return rulesGranting(rbacModelOf(objects), grant.probes).map(({ role, rule, verbs }) => ({
    what: printable(`${roleLabel(role.kind, role.namespace, role.name)} rule ${rule.index} grants ${verbs.join(',')} on ${grant.label}`),
    location: rule.location,
  }));
}

const probes = (verbs: readonly string[], targets: readonly [string, string, string?][]): Probe[] =>
  targets.flatMap(([group, resource, sub]) => verbs.map((v) => resourceProbe(v, group, resource, sub ?? '')));

const rule = (grant: Grant) => (objects: readonly LoadedObject[]): Offender[] => grants(objects, grant);

export const secretsAccess = rule({ probes: probes(['get', 'list', 'watch'], [['', 'secrets']]), label: 'secrets' });
export const createPods = rule({ probes: probes(['create'], [['', 'pods']]), label: 'pods' });
/** 5.1.8: bind and escalate on roles let a subject grant rights it lacks; impersonate lets it act as others. */
export const bindEscalateImpersonate = rule({
  probes: [
    ...probes(['bind', 'escalate'], [['rbac.authorization.k8s.io', 'roles'], ['rbac.authorization.k8s.io', 'clusterroles']]),
    ...probes(['impersonate'], [['', 'users'], ['', 'groups'], ['', 'serviceaccounts'], ['authentication.k8s.io', 'userextras'], ['authentication.k8s.io', 'uids']]),
  ],
  label: 'RBAC roles or identities',
});
export const createPersistentVolumes = rule({ probes: probes(['create'], [['', 'persistentvolumes']]), label: 'persistentvolumes' });
export const nodeProxy = rule({ probes: probes(['get', 'create', 'update', 'patch', 'delete'], [['', 'nodes', 'proxy']]), label: 'nodes/proxy' });
export const csrApproval = rule({ probes: probes(['update', 'patch'], [['certificates.k8s.io', 'certificatesigningrequests', 'approval']]), label: 'certificatesigningrequests/approval' });
export const webhookConfigs = rule({
  probes: probes(['create', 'update', 'patch', 'delete', 'deletecollection'], [['admissionregistration.k8s.io', 'validatingwebhookconfigurations'], ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations']]),
  label: 'webhook configurations',
});
export const serviceAccountTokens = rule({ probes: probes(['create'], [['', 'serviceaccounts', 'token']]), label: 'serviceaccounts/token' });

/** 5.1.1: bindings to cluster-admin other than the cluster-admin binding Kubernetes itself ships. */
export function clusterAdminBindings(objects: readonly LoadedObject[]): Offender[] {
  return reportableBindings(rbacModelOf(objects))
    .filter((b) => b.roleRef.kind === 'ClusterRole' && b.roleRef.name === 'cluster-admin')
    .map((b) => ({
      what: printable(`${roleLabel(b.kind, b.namespace, b.name)} binds cluster-admin to ${b.subjects.map((s) => `${s.kind}:${s.name}`).join(', ') || 'no subjects'}`),
      location: b.roleRefLocation,
    }));
}

/** 5.1.3: `*` in apiGroups, resources, verbs or nonResourceURLs. */
export function rbacWildcards(objects: readonly LoadedObject[]): Offender[] {
  const offenders: Offender[] = [];
  for (const role of reportableRoles(rbacModelOf(objects))) {
    for (const r of ownRules(role)) {
      const fields = (['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const).filter((f) => r.rule[f].includes('*'));
      if (fields.length > 0) offenders.push({ what: printable(`${r.roleName} rule ${r.index} uses "*" in ${fields.join(', ')}`), location: r.location });
    }
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
