import type { ControlsDef } from '../model.js';
import { check, manual, os } from './build.js';
import type { SccRefusal } from './rule-ids.js';

const scc = (id: string, text: string, refuses: Parameters<typeof sccRule>[0], field: string) =>
  check(id, text, sccRule(refuses), `Create an SCC that sets ${field} and grant it (oc adm policy add-scc-to-user / -group, or RBAC "use" on the SCC) to the users and groups that need no more; the default restricted-v2 SCC does.`);
export const sccRule = (refuses: SccRefusal) => os({ rule: 'scc', refuses });

/**
 * 5 Policies of kube-bench's rh-1.8. OpenShift admits pods through SecurityContextConstraints, not Pod Security
 * Policies: 5.2.1–5.2.7 are judged from the SCCs (`oc get scc -o yaml`): at least one SCC must refuse the
 * capability so that workloads can be held to it, as kube-bench's test asks; the SCCs that allow it are named.
 * The other recommendations are kube-bench's `type: manual` and stay looks. There is no 5.6.
 */
export const RH18_POLICIES: ControlsDef = { id: '5', text: 'Kubernetes Policies', target: 'policies', groups: [
  { id: '5.1', text: 'RBAC and Service Accounts', checks: [
    check('5.1.1', 'Ensure that the cluster-admin role is only used where required', manual('every ClusterRoleBinding to cluster-admin (oc get clusterrolebindings -o wide | grep cluster-admin) and whether the kubeadmin Secret in kube-system is gone.'), 'Bind users to a less privileged role, then oc delete clusterrolebinding NAME.'),
    check('5.1.2', 'Minimize access to secrets', manual('who can get, list or watch secrets (oc adm policy who-can get secrets -A).'), 'Where possible, remove get, list and watch access to Secrets.'),
    check('5.1.3', 'Minimize wildcard use in Roles and ClusterRoles', manual('the rules of every Role and ClusterRole for "*" in apiGroups, resources or verbs (oc get clusterroles,roles -A -o yaml).'), 'Replace wildcards with the objects and actions needed.'),
    check('5.1.4', 'Minimize access to create pods', manual('who can create pods (oc adm policy who-can create pod -A).'), 'Where possible, remove create access to Pods.'),
    check('5.1.5', 'Ensure that default service accounts are not actively used.', manual('which pods run as a namespace\'s default ServiceAccount and what it is bound to.'), 'None required.'),
    check('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary', manual('pods and ServiceAccounts with automountServiceAccountToken not false (oc get pods,serviceaccounts -A -o yaml).'), 'Set automountServiceAccountToken: false on pods and ServiceAccounts that need no token.'),
  ] },
  { id: '5.2', text: 'Pod Security Policies', checks: [
    scc('5.2.1', 'Minimize the admission of privileged containers', 'allowPrivilegedContainer', 'allowPrivilegedContainer: false'),
    scc('5.2.2', 'Minimize the admission of containers wishing to share the host process ID namespace', 'allowHostPID', 'allowHostPID: false'),
    scc('5.2.3', 'Minimize the admission of containers wishing to share the host IPC namespace', 'allowHostIPC', 'allowHostIPC: false'),
    scc('5.2.4', 'Minimize the admission of containers wishing to share the host network namespace', 'allowHostNetwork', 'allowHostNetwork: false'),
    scc('5.2.5', 'Minimize the admission of containers with allowPrivilegeEscalation', 'allowPrivilegeEscalation', 'allowPrivilegeEscalation: false'),
    scc('5.2.6', 'Minimize the admission of root containers', 'runAsNonRoot', 'runAsUser.type MustRunAsNonRoot (or MustRunAsRange with a range above 0)'),
    scc('5.2.7', 'Minimize the admission of containers with the NET_RAW capability', 'dropNetRaw', 'requiredDropCapabilities [ALL] (or at least NET_RAW)'),
    check('5.2.8', 'Minimize the admission of containers with added capabilities', manual('SCCs whose allowedCapabilities or defaultAddCapabilities are not empty, and who may use them.'), 'Use restricted-v2, or an SCC with empty allowedCapabilities and defaultAddCapabilities, for workloads that need none.'),
    check('5.2.9', 'Minimize the admission of containers with capabilities assigned', manual('which SCCs drop ALL capabilities (requiredDropCapabilities: [ALL]) and whether namespaces that need no capabilities are held to one.'), 'Add an SCC that requires dropping ALL capabilities for applications that need none.'),
    check('5.2.10', 'Minimize access to privileged Security Context Constraints', manual('the users and groups of SCCs that allow host namespaces, host ports, hostPath, privileged containers, or a runAsUser other than MustRunAsRange — and who holds RBAC "use" on them.'), 'Remove users and groups that do not need such an SCC (oc edit scc NAME), following least privilege.'),
  ] },
  { id: '5.3', text: 'Network Policies and CNI', checks: [
    check('5.3.1', 'Ensure that the CNI in use supports Network Policies', manual('Network cluster (config.openshift.io) spec.networkType: OVNKubernetes and OpenShiftSDN enforce NetworkPolicy.'), 'None required: it depends on the CNI plugin in use.'),
    check('5.3.2', 'Ensure that all Namespaces have Network Policies defined', manual('the NetworkPolicy objects of each namespace (oc get networkpolicy -A).'), 'Create NetworkPolicy objects as you need them.'),
  ] },
  { id: '5.4', text: 'Secrets Management', checks: [
    check('5.4.1', 'Prefer using secrets as files over secrets as environment variables', manual('workloads with env[].valueFrom.secretKeyRef or envFrom[].secretRef.'), 'Read secrets from mounted files rather than environment variables where possible.'),
    check('5.4.2', 'Consider external secret storage', manual('whether an external secret store (e.g. a KMS provider, Vault, the Secrets Store CSI driver) fits your needs.'), 'Refer to your cloud provider\'s or a third-party secrets management solution.'),
  ] },
  { id: '5.5', text: 'Extensible Admission Control', checks: [
    check('5.5.1', 'Configure Image Provenance using ImagePolicyWebhook admission controller', manual('Image cluster (config.openshift.io) spec.registrySources (allowedRegistries / blockedRegistries) and any image signature policy.'), 'Restrict registries in Image cluster spec.registrySources, following the OpenShift image configuration documentation.'),
  ] },
  { id: '5.7', text: 'General Policies', checks: [
    check('5.7.1', 'Create administrative boundaries between resources using namespaces', manual('the namespaces other than default, kube-* and openshift-*: are they the ones you need, and administered as required?'), 'Create namespaces for your objects as you need them.'),
    check('5.7.2', 'Ensure that the seccomp profile is set to docker/default in your pod definitions', manual('pods outside kube-* and openshift-* namespaces without spec.securityContext.seccompProfile.type.'), 'Use RuntimeDefault (restricted-v2 sets it) or a custom seccomp profile for each workload.'),
    check('5.7.3', 'Apply Security Context to Your Pods and Containers', manual('pods admitted under a privileged SCC (annotation openshift.io/scc) and pods with no openshift.io/scc annotation.'), 'Apply security contexts to your pods and containers (see the CIS Docker benchmark for suggestions).'),
    check('5.7.4', 'The default namespace should not be used', manual('objects in the default namespace other than the kubernetes and openshift Services.'), 'Create resources in namespaces of their own.'),
  ] },
] };
