import type { RequestAttributes } from './types.js';
import { RBAC_RULE_IDS as ID } from './rule-ids.js';

/** A request the authorizer is asked about; the namespace comes from the binding's scope. */
export type Probe = Omit<RequestAttributes, 'namespace'>;

export const resourceProbe = (verb: string, apiGroup: string, resource: string, subresource = ''): Probe =>
  ({ verb, apiGroup, resource, subresource, name: '', path: '', resourceRequest: true });

/** A dangerous right, asked as the requests that exercise it. */
export interface DangerousRight {
  ruleId: string;
  /** What the subject can do, completing "can …". */
  label: string;
  probes: readonly Probe[];
  /** Only a grant in this namespace (or cluster-wide) counts. */
  namespace?: string;
}

const RBAC = 'rbac.authorization.k8s.io';
const AUTHN = 'authentication.k8s.io';
const WORKLOADS: readonly [string, string][] = [
  ['', 'pods'], ['', 'replicationcontrollers'], ['apps', 'deployments'], ['apps', 'daemonsets'], ['apps', 'statefulsets'],
  ['apps', 'replicasets'], ['batch', 'jobs'], ['batch', 'cronjobs'],
];

export const DANGEROUS_RIGHTS: readonly DangerousRight[] = [
  { ruleId: ID.escalation, label: 'escalate roles', probes: [resourceProbe('escalate', RBAC, 'roles'), resourceProbe('escalate', RBAC, 'clusterroles')] },
  { ruleId: ID.escalation, label: 'bind roles', probes: [resourceProbe('bind', RBAC, 'roles'), resourceProbe('bind', RBAC, 'clusterroles')] },
  { ruleId: ID.escalation, label: 'impersonate users, groups or ServiceAccounts', probes: [
    resourceProbe('impersonate', '', 'users'), resourceProbe('impersonate', '', 'groups'), resourceProbe('impersonate', '', 'serviceaccounts'),
    resourceProbe('impersonate', AUTHN, 'userextras'), resourceProbe('impersonate', AUTHN, 'uids'),
  ] },
  { ruleId: ID.podExec, label: 'exec into pods (create pods/exec)', probes: [resourceProbe('create', '', 'pods', 'exec')] },
  { ruleId: ID.podExec, label: 'attach to pods (create pods/attach)', probes: [resourceProbe('create', '', 'pods', 'attach')] },
  { ruleId: ID.podExec, label: 'reach the kubelet API (nodes/proxy)', probes: ['get', 'create', 'update', 'patch', 'delete'].map((v) => resourceProbe(v, '', 'nodes', 'proxy')) },
  { ruleId: ID.podExec, label: 'create ServiceAccount tokens (create serviceaccounts/token)', probes: [resourceProbe('create', '', 'serviceaccounts', 'token')] },
  { ruleId: ID.kubeSystemWorkloads, label: 'create pods or workloads in kube-system', namespace: 'kube-system', probes: WORKLOADS.map(([g, r]) => resourceProbe('create', g, r)) },
];

/** Reading Secrets: list and watch return every Secret; get without resourceNames reads any one by name. */
export const SECRET_READ: readonly Probe[] = ['get', 'list', 'watch'].map((v) => resourceProbe(v, '', 'secrets'));
