import type { LoadedObject } from '../../collect/objects.js';
import type { ObjectRuleId } from '../model.js';
import {
  bindEscalateImpersonate, clusterAdminBindings, createPersistentVolumes, createPods, csrApproval, defaultServiceAccounts, nodeProxy,
  rbacWildcards, secretsAccess, serviceAccountTokens, webhookConfigs,
} from './rbac.js';
import { defaultNamespace, namespacesWithoutNetpol, podSecurityLabels, saTokenMount } from './namespaces.js';
import {
  addedCapabilities, allowPrivilegeEscalation, hostNamespace, hostPath, hostPorts, hostProcess, netRaw, privileged,
  rootContainers, seccomp, secretsInEnv, securityContext,
} from './workloads.js';
import type { Offender } from './pod-specs.js';

export type { Offender } from './pod-specs.js';

/** Section 5 rules over cluster objects; each returns what breaks it, with file:line. */
export const OBJECT_RULE_FUNCTIONS: Readonly<Record<ObjectRuleId, (objects: readonly LoadedObject[]) => Offender[]>> = {
  'cluster-admin-bindings': clusterAdminBindings,
  'secrets-access': secretsAccess,
  'rbac-wildcards': rbacWildcards,
  'create-pods': createPods,
  'default-service-account': defaultServiceAccounts,
  'sa-token-mount': saTokenMount,
  'bind-escalate-impersonate': bindEscalateImpersonate,
  'create-persistent-volumes': createPersistentVolumes,
  'node-proxy': nodeProxy,
  'csr-approval': csrApproval,
  'webhook-configs': webhookConfigs,
  'sa-token-create': serviceAccountTokens,
  'pod-security-labels': podSecurityLabels,
  privileged,
  'host-pid': hostNamespace('hostPID'),
  'host-ipc': hostNamespace('hostIPC'),
  'host-network': hostNamespace('hostNetwork'),
  'allow-privilege-escalation': allowPrivilegeEscalation,
  'root-containers': rootContainers,
  'net-raw': netRaw,
  'added-capabilities': addedCapabilities,
  'host-process': hostProcess,
  'host-path': hostPath,
  'host-ports': hostPorts,
  'namespaces-without-netpol': namespacesWithoutNetpol,
  'secrets-in-env': secretsInEnv,
  seccomp,
  'security-context': securityContext,
  'default-namespace': defaultNamespace,
};
