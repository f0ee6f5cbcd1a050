import type { LoadedObject } from '../collect/objects.js';
import type { FieldPath } from '../collect/yaml-source.js';
import type { SourceLocation } from '../domain/evidence.js';
import { isRecord } from '../domain/guards.js';
import { aggregateClusterRoles } from './aggregate.js';
import { RBAC_RULE_IDS } from './rule-ids.js';
import { BOOTSTRAP_RULES, BOOTSTRAP_SOURCE } from './bootstrap.js';
import {
  roleLabel, type Binding, type LocatedRule, type PolicyRule, type RbacModel, type RbacProblem, type Role, type Subject,
} from './types.js';

/** Verbs the API server and its built-in authorizer checks ask for; anything else in a rule never matches a real request. */
export const KNOWN_VERBS: ReadonlySet<string> = new Set([
  'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'proxy',
  // Special verbs checked by the API server itself or by admission.
  'bind', 'escalate', 'impersonate', 'use', 'approve', 'sign', 'attest', '*',
]);

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function at(item: LoadedObject, path: FieldPath): SourceLocation {
  return item.locate(path) ?? item.location;
}

function objectLabel(item: LoadedObject): string {
  const { kind, metadata } = item.object;
  return roleLabel(kind, metadata.namespace ?? '', metadata.name ?? '<unnamed>');
}

/** A list of strings; anything else is reported and read as empty, so it matches nothing. */
function strings(item: LoadedObject, path: FieldPath, value: unknown, problems: RbacProblem[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    problems.push({ ruleId: RBAC_RULE_IDS.malformed, subject: objectLabel(item), location: at(item, path), message: `${objectLabel(item)} ${path.join('.')} is not a list of strings; it matches nothing` });
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }
  return value as string[];
}

function parseRule(item: LoadedObject, index: number, value: unknown, namespaced: boolean, problems: RbacProblem[]): LocatedRule | undefined {
  const path = ['rules', index];
  const location = at(item, path);
  const label = objectLabel(item);
  const problem = (message: string, where = location): void => void problems.push({ ruleId: RBAC_RULE_IDS.malformed, subject: label, location: where, message: `${label} rule ${index}: ${message}` });
  if (!isRecord(value)) {
    problem('is not a mapping; ignored');
    return undefined;
  }
  const rule: PolicyRule = {
    verbs: strings(item, [...path, 'verbs'], value.verbs, problems),
    apiGroups: strings(item, [...path, 'apiGroups'], value.apiGroups, problems),
    resources: strings(item, [...path, 'resources'], value.resources, problems),
    resourceNames: strings(item, [...path, 'resourceNames'], value.resourceNames, problems),
    nonResourceURLs: strings(item, [...path, 'nonResourceURLs'], value.nonResourceURLs, problems),
  };
  // The checks of ValidatePolicyRule (pkg/apis/rbac/validation): the API server refuses such a rule.
  if (rule.verbs.length === 0) problem('has no verbs; it grants nothing');
  if (rule.nonResourceURLs.length > 0) {
    if (namespaced) problem('nonResourceURLs are not allowed in a namespaced Role; the API server refuses it');
    if (rule.apiGroups.length > 0 || rule.resources.length > 0) problem('mixes resources and nonResourceURLs; the API server refuses it');
  } else {
    if (rule.apiGroups.length === 0) problem('has no apiGroups; it matches no resource (use "" for the core group)');
    if (rule.resources.length === 0) problem('has no resources and no nonResourceURLs; it grants nothing');
  }
  rule.verbs.forEach((verb, v) => {
    if (!KNOWN_VERBS.has(verb)) {
      problems.push({
        ruleId: RBAC_RULE_IDS.unknownVerb, subject: label, location: at(item, [...path, 'verbs', v]),
        message: `${label} rule ${index}: verb ${JSON.stringify(verb)} is not a Kubernetes verb (verbs are lower case and matched exactly); it grants nothing`,
      });
    }
  });
  return { rule, roleName: label, index, location };
}

function parseRole(item: LoadedObject, problems: RbacProblem[]): Role {
  const { kind, metadata } = item.object;
  const namespaced = kind === 'Role';
  const rules: LocatedRule[] = [];
  const raw = item.object.rules;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    problems.push({ ruleId: RBAC_RULE_IDS.malformed, subject: objectLabel(item), location: at(item, ['rules']), message: `${objectLabel(item)} rules is not a list; it grants nothing` });
  }
  (Array.isArray(raw) ? raw : []).forEach((value, index) => {
    const rule = parseRule(item, index, value, namespaced, problems);
    if (rule) rules.push(rule);
  });
  return {
    kind: namespaced ? 'Role' : 'ClusterRole',
    name: metadata.name ?? '',
    namespace: namespaced ? (metadata.namespace ?? 'default') : '',
    rules,
    labels: metadata.labels ?? {},
    aggregated: !namespaced && isRecord(item.object.aggregationRule),
    source: item,
  };
}

function parseBinding(item: LoadedObject, problems: RbacProblem[]): Binding {
  const { kind, metadata } = item.object;
  const label = objectLabel(item);
  const ref = isRecord(item.object.roleRef) ? item.object.roleRef : {};
  const refKind = typeof ref.kind === 'string' ? ref.kind : '';
  const refName = typeof ref.name === 'string' ? ref.name : '';
  const roleRefLocation = at(item, ['roleRef']);
  if (refName === '' || (refKind !== 'Role' && refKind !== 'ClusterRole') || (kind === 'ClusterRoleBinding' && refKind === 'Role')) {
    problems.push({ ruleId: RBAC_RULE_IDS.malformed, subject: label, location: roleRefLocation, message: `${label} roleRef ${refKind || '<no kind>'} ${refName || '<no name>'} is not a valid role reference; it grants nothing` });
  } else if (ref.apiGroup !== undefined && ref.apiGroup !== RBAC_GROUP) {
    problems.push({ ruleId: RBAC_RULE_IDS.malformed, subject: label, location: roleRefLocation, message: `${label} roleRef.apiGroup is ${JSON.stringify(ref.apiGroup)}, not ${RBAC_GROUP}; the API server refuses it` });
  }
  const subjects: Subject[] = [];
  const raw = Array.isArray(item.object.subjects) ? item.object.subjects : [];
  raw.forEach((s, index) => {
    const location = at(item, ['subjects', index]);
    if (!isRecord(s) || typeof s.kind !== 'string' || typeof s.name !== 'string') {
      problems.push({ ruleId: RBAC_RULE_IDS.malformed, subject: label, location, message: `${label} subject ${index} has no kind or name; ignored` });
      return;
    }
    if (s.kind !== 'User' && s.kind !== 'Group' && s.kind !== 'ServiceAccount') {
      problems.push({ ruleId: RBAC_RULE_IDS.malformed, subject: label, location, message: `${label} subject ${index} has kind ${s.kind}; only User, Group and ServiceAccount are matched` });
    }
    if (s.kind === 'ServiceAccount' && kind === 'ClusterRoleBinding' && typeof s.namespace !== 'string') {
      problems.push({ ruleId: RBAC_RULE_IDS.malformed, subject: label, location, message: `${label} ServiceAccount subject ${s.name} has no namespace; in a ClusterRoleBinding it matches nobody` });
    }
    subjects.push({ kind: s.kind, name: s.name, ...(typeof s.namespace === 'string' && s.namespace !== '' ? { namespace: s.namespace } : {}), location });
  });
  return {
    kind: kind === 'ClusterRoleBinding' ? 'ClusterRoleBinding' : 'RoleBinding',
    name: metadata.name ?? '',
    namespace: kind === 'ClusterRoleBinding' ? '' : (metadata.namespace ?? 'default'),
    roleRef: { kind: refKind, name: refName },
    subjects,
    location: item.location,
    roleRefLocation,
    source: item,
  };
}

const key = (kind: string, namespace: string, name: string): string => `${kind}\u0000${namespace}\u0000${name}`;

/** Reads Roles, ClusterRoles, their bindings and ServiceAccounts; resolves aggregation; reports bindings to missing roles. */
export function buildRbacModel(objects: readonly LoadedObject[]): RbacModel {
  const problems: RbacProblem[] = [];
  const roles: Role[] = [];
  const bindings: Binding[] = [];
  const serviceAccounts = new Map<string, LoadedObject>();
  for (const item of objects) {
    const kind = item.object.kind;
    if (kind === 'Role' || kind === 'ClusterRole') roles.push(parseRole(item, problems));
    else if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') bindings.push(parseBinding(item, problems));
    else if (kind === 'ServiceAccount') serviceAccounts.set(`${item.object.metadata.namespace ?? 'default'}/${item.object.metadata.name ?? ''}`, item);
  }
  aggregateClusterRoles(roles, problems);
  addShippedRoles(roles, bindings);
  const byKey = new Map(roles.map((r) => [key(r.kind, r.namespace, r.name), r]));
  for (const b of bindings) {
    if (b.roleRef.name === '' || (b.roleRef.kind !== 'Role' && b.roleRef.kind !== 'ClusterRole')) continue;
    const ns = b.roleRef.kind === 'Role' ? b.namespace : '';
    if (!byKey.has(key(b.roleRef.kind, ns, b.roleRef.name))) {
      const label = roleLabel(b.kind, b.namespace, b.name);
      problems.push({
        ruleId: RBAC_RULE_IDS.missingRole, subject: label, location: b.roleRefLocation,
        message: `${label} refers to ${roleLabel(b.roleRef.kind, ns, b.roleRef.name)}, which is not in the input: it grants nothing now, and grants whatever that role holds once someone creates it`,
      });
    }
  }
  return { roles, bindings, serviceAccounts, problems };
}

/**
 * A dump often leaves out the roles every cluster has. A binding to one whose rules kubefort carries
 * (cluster-admin, system:basic-user, ...) is evaluated against the shipped rules, as the API server would.
 */
function addShippedRoles(roles: Role[], bindings: readonly Binding[]): void {
  for (const b of bindings) {
    if (b.roleRef.kind !== 'ClusterRole' || roles.some((r) => r.kind === 'ClusterRole' && r.name === b.roleRef.name)) continue;
    const shipped = BOOTSTRAP_RULES.get(b.roleRef.name);
    if (!shipped) continue;
    const location = { file: `<${BOOTSTRAP_SOURCE}>` };
    const object = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: b.roleRef.name } };
    const source: LoadedObject = { object, location, locate: () => undefined };
    roles.push({
      kind: 'ClusterRole', name: b.roleRef.name, namespace: '', labels: {}, aggregated: false, source,
      rules: shipped.map((rule, index) => ({ rule, index, roleName: `ClusterRole ${b.roleRef.name}`, location })),
    });
  }
}

const indexes = new WeakMap<Role[], Map<string, Role>>();

export function findRole(model: RbacModel, kind: string, namespace: string, name: string): Role | undefined {
  let index = indexes.get(model.roles);
  if (!index || index.size === 0 && model.roles.length > 0) {
    index = new Map();
    // The first of duplicate roles wins, as a dump cannot hold two objects with one name.
    for (const r of model.roles) { const k = key(r.kind, r.namespace, r.name); if (!index.has(k)) index.set(k, r); }
    indexes.set(model.roles, index);
  }
  return index.get(key(kind, kind === 'Role' ? namespace : '', name));
}
