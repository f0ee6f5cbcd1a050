import type { CheckDef, GroupDef, ObjectRuleId } from '../../model.js';

/** Every section 5 recommendation is Manual (unscored): a breach WARNs, naming each object with file:line. */
function objects(id: string, text: string, rule: ObjectRuleId, remediation: string): CheckDef {
  return { id, text, automated: false, scored: false, test: { kind: 'objects', rule }, remediation };
}

function manual(id: string, text: string, look: string, remediation: string): CheckDef {
  return { id, text, automated: false, scored: false, test: { kind: 'manual', look }, remediation };
}

export const RBAC: GroupDef = {
  id: '5.1',
  text: 'RBAC and Service Accounts',
  checks: [
    objects('5.1.1', 'Ensure that the cluster-admin role is only used where required', 'cluster-admin-bindings',
      'Bind the subjects to a narrower ClusterRole or Role, then delete the binding: kubectl delete clusterrolebinding <name>.'),
    objects('5.1.2', 'Minimize access to secrets', 'secrets-access',
      'Remove get, list and watch on secrets from the rules named, or narrow them with resourceNames.'),
    objects('5.1.3', 'Minimize wildcard use in Roles and ClusterRoles', 'rbac-wildcards',
      'Replace "*" in apiGroups, resources and verbs with the specific groups, resources and verbs needed.'),
    objects('5.1.4', 'Minimize access to create pods', 'create-pods',
      'Remove create on pods from the rules named unless the subjects bound to them must create pods.'),
    objects('5.1.5', 'Ensure that default service accounts are not actively used', 'default-service-account',
      'Set automountServiceAccountToken: false on the default ServiceAccount of every namespace, and give workloads that need the API their own ServiceAccount.'),
    objects('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary', 'sa-token-mount',
      'Set automountServiceAccountToken: false in the pod spec (it wins over the ServiceAccount) of every workload that does not call the API.'),
    manual('5.1.7', 'Avoid use of system:masters group', 'client certificates and kubeconfig files with O=system:masters (only the break-glass super-admin.conf should have it).',
      'Issue user certificates without the system:masters organisation and grant rights through RBAC bindings instead.'),
    objects('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster', 'bind-escalate-impersonate',
      'Remove the bind, escalate and impersonate verbs from roles that do not strictly need them.'),
    objects('5.1.9', 'Minimize access to create persistent volumes', 'create-persistent-volumes',
      'Remove create on persistentvolumes from roles that do not strictly need it (a hostPath PersistentVolume reaches the node\'s file system); use StorageClasses for dynamic provisioning.'),
    objects('5.1.10', 'Minimize access to the proxy sub-resource of nodes', 'node-proxy',
      'Remove nodes/proxy from roles that do not strictly need it: it reaches the kubelet API directly, bypassing admission and audit.'),
    objects('5.1.11', 'Minimize access to the approval sub-resource of certificatesigningrequests objects', 'csr-approval',
      'Remove certificatesigningrequests/approval from roles that do not strictly need it.'),
    objects('5.1.12', 'Minimize access to webhook configuration objects', 'webhook-configs',
      'Remove write access to webhook configuration objects from roles that do not strictly need it.'),
    objects('5.1.13', 'Minimize access to the service account token creation', 'sa-token-create',
      'Remove create on serviceaccounts/token from roles that do not strictly need it.'),
  ],
};

export const POD_SECURITY: GroupDef = {
  id: '5.2',
  text: 'Pod Security Standards',
  checks: [
    objects('5.2.1', 'Ensure that the cluster has at least one active policy control mechanism in place', 'pod-security-labels',
      'Label every namespace with user workloads with pod-security.kubernetes.io/enforce=restricted (or baseline), or enforce an equivalent external policy engine.'),
    objects('5.2.2', 'Minimize the admission of privileged containers', 'privileged',
      'Remove securityContext.privileged: true from the containers named, and enforce the baseline Pod Security Standard on their namespaces.'),
    objects('5.2.3', 'Minimize the admission of containers wishing to share the host process ID namespace', 'host-pid',
      'Remove hostPID: true from the pod specs named, and enforce the baseline Pod Security Standard on their namespaces.'),
    objects('5.2.4', 'Minimize the admission of containers wishing to share the host IPC namespace', 'host-ipc',
      'Remove hostIPC: true from the pod specs named, and enforce the baseline Pod Security Standard on their namespaces.'),
    objects('5.2.5', 'Minimize the admission of containers wishing to share the host network namespace', 'host-network',
      'Remove hostNetwork: true from the pod specs named, and enforce the baseline Pod Security Standard on their namespaces.'),
    objects('5.2.6', 'Minimize the admission of containers with allowPrivilegeEscalation', 'allow-privilege-escalation',
      'Set securityContext.allowPrivilegeEscalation: false in the containers named, and enforce the restricted Pod Security Standard.'),
    objects('5.2.7', 'Minimize the admission of root containers', 'root-containers',
      'Set securityContext.runAsNonRoot: true (and a non-zero runAsUser) on the pods or containers named, and enforce the restricted Pod Security Standard.'),
    objects('5.2.8', 'Minimize the admission of containers with the NET_RAW capability', 'net-raw',
      'Add securityContext.capabilities.drop: ["ALL"] (or at least NET_RAW) to the containers named.'),
    objects('5.2.9', 'Minimize the admission of containers with capabilities assigned', 'added-capabilities',
      'Drop ALL capabilities in the containers named and add back only what they need (restricted allows only NET_BIND_SERVICE).'),
    objects('5.2.10', 'Minimize the admission of Windows HostProcess containers', 'host-process',
      'Remove securityContext.windowsOptions.hostProcess: true from the pods named, and enforce the baseline Pod Security Standard.'),
    objects('5.2.11', 'Minimize the admission of HostPath volumes', 'host-path',
      'Replace the hostPath volumes named with persistent volumes, configMaps or emptyDir, and enforce the baseline Pod Security Standard.'),
    objects('5.2.12', 'Minimize the admission of containers which use HostPorts', 'host-ports',
      'Remove hostPort from the container ports named and expose them with a Service instead.'),
  ],
};

export const NETWORK: GroupDef = {
  id: '5.3',
  text: 'Network Policies and CNI',
  checks: [
    manual('5.3.1', 'Ensure that the CNI in use supports NetworkPolicies', 'the CNI plugin configured in /etc/cni/net.d: Calico, Cilium, Antrea and Weave enforce NetworkPolicy; flannel alone does not.',
      'Use a CNI plugin that enforces NetworkPolicy, or add one (e.g. Calico in policy-only mode with flannel).'),
    objects('5.3.2', 'Ensure that all Namespaces have NetworkPolicies defined', 'namespaces-without-netpol',
      'Give each namespace named at least a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) and allow the traffic it needs.'),
  ],
};

export const SECRETS: GroupDef = {
  id: '5.4',
  text: 'Secrets Management',
  checks: [
    objects('5.4.1', 'Prefer using Secrets as files over Secrets as environment variables', 'secrets-in-env',
      'Mount the Secrets named as volumes (secret: {secretName: ...}) and read them from files instead of env valueFrom.secretKeyRef / envFrom.secretRef.'),
    manual('5.4.2', 'Consider external secret storage', 'whether Secrets should live in an external store (Vault, a cloud secret manager) with short-lived credentials.',
      'Adopt an external secrets store where the risk warrants it (e.g. through the Secrets Store CSI driver).'),
  ],
};

export const ADMISSION: GroupDef = {
  id: '5.5',
  text: 'Extensible Admission Control',
  checks: [
    { id: '5.5.1', text: 'Configure Image Provenance using ImagePolicyWebhook admission controller', automated: false, scored: false,
      test: { kind: 'flag', component: 'kube-apiserver', all: [{ flag: '--enable-admission-plugins', expect: { has: 'ImagePolicyWebhook' } }] },
      remediation: 'Write an ImagePolicyWebhook configuration in the AdmissionConfiguration file, then add ImagePolicyWebhook to --enable-admission-plugins and set --admission-control-config-file in /etc/kubernetes/manifests/kube-apiserver.yaml (or enforce signed images with a policy engine).' },
  ],
};

export const GENERAL: GroupDef = {
  id: '5.6',
  text: 'General Policies',
  checks: [
    manual('5.6.1', 'Create administrative boundaries between resources using namespaces', 'whether teams and applications are separated into namespaces with their own RBAC, quotas and policies.',
      'Create namespaces per team or application and move objects into them.'),
    objects('5.6.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions', 'seccomp',
      'Set securityContext.seccompProfile.type: RuntimeDefault in the pod specs named (or seccompDefault: true on every kubelet).'),
    objects('5.6.3', 'Apply SecurityContext to your Pods and Containers', 'security-context',
      'Add a securityContext to the pods named (runAsNonRoot, seccompProfile) and to their containers (allowPrivilegeEscalation: false, capabilities.drop: [ALL], readOnlyRootFilesystem: true).'),
    objects('5.6.4', 'The default namespace should not be used', 'default-namespace',
      'Move the objects named into their own namespaces; leave default with only what Kubernetes creates there.'),
  ],
};
