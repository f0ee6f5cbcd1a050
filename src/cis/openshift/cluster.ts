import type { Evidence } from '../../domain/evidence.js';
import { isRecord } from '../../domain/guards.js';
import type { LoadedObject } from '../../collect/objects.js';
import type { Outcome } from '../checks/outcome.js';
import { findObject, shownObject } from './config.js';
import type { OpenShiftRule } from './rule-ids.js';

type SccRule = Extract<OpenShiftRule, { rule: 'scc' }>['refuses'];

/** Encryption of etcd data: spec.encryption.type of APIServer `cluster`; `identity` or unset means none. */
const ENCRYPTING = new Set(['aescbc', 'aesgcm', 'KMS']);

export function judgeEncryption(objects: readonly LoadedObject[] | undefined): Outcome {
  const api = objects === undefined ? undefined : findObject(objects, 'APIServer', 'config.openshift.io', 'cluster');
  if (api === undefined) return { verdict: 'warn', reason: 'not evaluated: needs APIServer cluster (config.openshift.io/v1; oc get apiserver cluster -o yaml, or --live)', evidence: [] };
  const type = isRecord(api.object.spec) && isRecord(api.object.spec.encryption) ? api.object.spec.encryption.type : undefined;
  const shown = shownObject(api, 'APIServer cluster');
  const evidence: Evidence[] = [{ subject: 'spec.encryption.type', ...(typeof type === 'string' ? { value: type } : {}), source: 'object', location: api.locate(['spec', 'encryption', 'type']) ?? api.location }];
  if (typeof type !== 'string' || !ENCRYPTING.has(type)) {
    return { verdict: 'fail', reason: `spec.encryption.type is ${typeof type === 'string' && type !== '' ? type : 'not set'} in ${shown}: etcd data is not encrypted (aescbc, aesgcm or KMS encrypts it)`, evidence };
  }
  // The operators report progress in an Encrypted condition (kube-bench reads OpenShiftAPIServer's).
  for (const kind of ['OpenShiftAPIServer', 'KubeAPIServer']) {
    const operator = objects === undefined ? undefined : findObject(objects, kind, 'operator.openshift.io', 'cluster');
    const conditions = operator !== undefined && isRecord(operator.object.status) && Array.isArray(operator.object.status.conditions) ? operator.object.status.conditions : [];
    const encrypted = conditions.find((c) => isRecord(c) && c.type === 'Encrypted');
    if (operator !== undefined && isRecord(encrypted) && encrypted.reason !== 'EncryptionCompleted') {
      evidence.push({ subject: 'status.conditions[Encrypted].reason', value: String(encrypted.reason), source: 'object', location: operator.location });
      return { verdict: 'warn', reason: `spec.encryption.type is ${type} in ${shown}, but ${shownObject(operator, `${kind} cluster`)} reports Encrypted ${String(encrypted.reason)}, not EncryptionCompleted: ${String(encrypted.message ?? '')}`, evidence };
    }
  }
  return { verdict: 'pass', reason: `spec.encryption.type is ${type} in ${shown}`, evidence };
}

export function judgeOverrides(objects: readonly LoadedObject[] | undefined): Outcome {
  const operator = objects === undefined ? undefined : findObject(objects, 'KubeAPIServer', 'operator.openshift.io', 'cluster');
  if (operator === undefined) return { verdict: 'warn', reason: 'not evaluated: needs KubeAPIServer cluster (operator.openshift.io/v1; oc get kubeapiserver cluster -o yaml, or --live)', evidence: [] };
  const overrides = isRecord(operator.object.spec) ? operator.object.spec.unsupportedConfigOverrides : undefined;
  const shown = shownObject(operator, 'KubeAPIServer cluster');
  const empty = overrides === undefined || overrides === null || (isRecord(overrides) && Object.keys(overrides).length === 0);
  const evidence: Evidence[] = [{ subject: 'spec.unsupportedConfigOverrides', value: empty ? 'null' : JSON.stringify(overrides).slice(0, 200), source: 'object', location: operator.locate(['spec', 'unsupportedConfigOverrides']) ?? operator.location }];
  if (empty) return { verdict: 'pass', reason: `spec.unsupportedConfigOverrides is null in ${shown}`, evidence };
  return { verdict: 'fail', reason: `spec.unsupportedConfigOverrides is set in ${shown} (${Object.keys(isRecord(overrides) ? overrides : {}).sort().join(', ')}): unsupported overrides are in use`, evidence };
}

/** The ClusterRoleBindings a fresh OpenShift 4 cluster grants to system:unauthenticated (kube-bench's list). */
const DEFAULT_UNAUTHENTICATED = new Set(['self-access-reviewers', 'system:oauth-token-deleters', 'system:openshift:public-info-viewer', 'system:public-info-viewer', 'system:scope-impersonation', 'system:webhooks']);

export function judgeAnonymousBindings(objects: readonly LoadedObject[] | undefined): Outcome {
  const bindings = (objects ?? []).filter((o) => o.object.kind === 'ClusterRoleBinding');
  if (bindings.length === 0) return { verdict: 'warn', reason: 'not evaluated: needs the ClusterRoleBindings (oc get clusterrolebindings -o yaml, or --live)', evidence: [] };
  const extra: LoadedObject[] = [];
  for (const b of bindings) {
    const subjects = Array.isArray(b.object.subjects) ? b.object.subjects : [];
    const anonymous = subjects.some((s) => isRecord(s) && s.kind === 'Group' && s.name === 'system:unauthenticated');
    const name = isRecord(b.object.metadata) ? String(b.object.metadata.name) : '?';
    if (anonymous && !DEFAULT_UNAUTHENTICATED.has(name)) extra.push(b);
  }
  const nameOf = (b: LoadedObject) => (isRecord(b.object.metadata) ? String(b.object.metadata.name) : '?');
  if (extra.length === 0) return { verdict: 'pass', reason: `of ${bindings.length} ClusterRoleBindings, only OpenShift's defaults grant system:unauthenticated`, evidence: [] };
  const evidence: Evidence[] = extra.map((b) => ({ subject: `ClusterRoleBinding ${nameOf(b)}`, value: 'system:unauthenticated', source: 'object', location: b.location }));
  return { verdict: 'fail', reason: `ClusterRoleBinding ${extra.map(nameOf).sort().join(', ')} grant${extra.length === 1 ? 's' : ''} system:unauthenticated beyond OpenShift's defaults`, evidence, violations: extra.length };
}

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Whether one SCC refuses what the rule is about. SCC booleans absent are false, except allowPrivilegeEscalation (true). */
function refuses(scc: Record<string, unknown>, rule: SccRule): boolean {
  switch (rule) {
    case 'allowPrivilegeEscalation': return scc.allowPrivilegeEscalation === false;
    case 'runAsNonRoot': {
      const runAs = isRecord(scc.runAsUser) ? scc.runAsUser : {};
      if (runAs.type === 'MustRunAsNonRoot') return true;
      // MustRunAs refuses root when its uid is above 0. MustRunAsRange without uidRangeMin takes the range of the
      // namespace's openshift.io/sa.scc.uid-range annotation, which OpenShift allocates from 1000000000 up.
      if (runAs.type === 'MustRunAs') return typeof runAs.uid === 'number' ? runAs.uid > 0 : typeof runAs.uidRangeMin === 'number' && runAs.uidRangeMin > 0;
      if (runAs.type === 'MustRunAsRange') return runAs.uidRangeMin === undefined || (typeof runAs.uidRangeMin === 'number' && runAs.uidRangeMin > 0);
      return false;
    }
    case 'mustRunAsNonRoot': return isRecord(scc.runAsUser) && scc.runAsUser.type === 'MustRunAsNonRoot';
    case 'dropNetRaw': return listOf(scc.requiredDropCapabilities).some((c) => c === 'ALL' || c === 'NET_RAW');
    case 'dropAll': return listOf(scc.requiredDropCapabilities).includes('ALL');
    case 'noAddedCaps': return listOf(scc.allowedCapabilities).length === 0 && listOf(scc.defaultAddCapabilities).length === 0;
    default: return scc[rule] !== true;
  }
}

export function judgeScc(rule: SccRule, objects: readonly LoadedObject[] | undefined): Outcome {
  const sccs = (objects ?? []).filter((o) => o.object.kind === 'SecurityContextConstraints');
  if (sccs.length === 0) return { verdict: 'warn', reason: 'not evaluated: needs the SecurityContextConstraints (oc get scc -o yaml, or --live)', evidence: [] };
  const nameOf = (o: LoadedObject) => (isRecord(o.object.metadata) ? String(o.object.metadata.name) : '?');
  const refusing = sccs.filter((o) => refuses(o.object as Record<string, unknown>, rule)).map(nameOf).sort();
  const allowing = sccs.filter((o) => !refuses(o.object as Record<string, unknown>, rule));
  const evidence: Evidence[] = allowing.map((o) => ({ subject: `SecurityContextConstraints ${nameOf(o)}`, value: `allows (${rule})`, source: 'object', location: o.location }));
  if (refusing.length === 0) return { verdict: 'fail', reason: `no SecurityContextConstraints refuses it (${rule}): every one of ${sccs.length} allows it`, evidence };
  const allowed = allowing.map(nameOf).sort();
  return { verdict: 'pass', reason: `${refusing.join(', ')} refuse${refusing.length === 1 ? 's' : ''} it (${rule})${allowed.length > 0 ? `; review who may use ${allowed.join(', ')}, which allow it` : ''}`, evidence };
}
