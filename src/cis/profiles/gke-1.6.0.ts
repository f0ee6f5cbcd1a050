import type { BenchmarkDef, GroupDef } from '../model.js';
import { libraryCheck, look, lookGroup, managedKubelet, unscoredPolicy } from './managed.js';

/**
 * kube-bench's gke-1.6.0 (CIS Google Kubernetes Engine (GKE) Benchmark v1.6.0). Google runs the control
 * plane: section 1 has no checks and 2 is what GKE does not let you change; 3 is the node (kubefort's kubelet
 * checks on /home/kubernetes/kubelet-config.yaml), 4 the policies, 5 the Google Cloud settings around the
 * cluster (a person's look in the project: `gcloud container clusters describe`, IAM, KMS, networking).
 */
export const from = libraryCheck('gke-1.6.0');

export const GKE_KUBELET = '/home/kubernetes/kubelet-config.yaml';
const fix = (field: string, value: string) => `GKE writes ${GKE_KUBELET} from the node pool's settings: set ${field}: ${value} through the node pool's kubelet configuration (gcloud container node-pools update --system-config-from-file) rather than by editing the file, which is replaced when the node is recreated.`;

const CONTROL_PLANE: GroupDef[] = [
  { id: '2.1', text: 'Authentication and Authorization', checks: [
    look('2.1.1', 'Client certificate authentication should not be used for users', false, 'whether the cluster issues a client certificate (masterAuth.clientCertificate in `gcloud container clusters describe`) and whether people use it.', 'Create clusters with --no-issue-client-certificate and give people Google identities bound through RBAC (see 5.8.1).'),
  ] },
  { id: '2.2', text: 'Logging', checks: [
    look('2.2.1', 'Ensure that a minimal audit policy is created', false, 'nothing on the cluster: GKE sets the API server\'s audit policy and it cannot be changed; Cloud Audit Logs hold the result.', 'No action: GKE manages the audit policy. Make sure Cloud Audit Logs are retained as needed.'),
    look('2.2.2', 'Ensure that the audit policy covers key security concerns', false, 'nothing on the cluster: GKE\'s audit policy is fixed; review which Cloud Audit Logs (Admin Activity, Data Access) are enabled for the project.', 'No action on the cluster; enable the Data Access audit logs the organisation needs.'),
  ] },
];

const NODE: GroupDef[] = [
  { id: '3.1', text: 'Worker Node Configuration Files', checks: [
    from('4.1.3', '3.1.1', 'Ensure that the proxy kubeconfig file permissions are set to 644 or more restrictive', false, true,
      { test: { kind: 'file-mode', roles: ['proxy-kubeconfig'], mask: 0o644 }, remediation: 'On each node run: chmod 644 <kube-proxy --kubeconfig> (GKE: /var/lib/kube-proxy/kubeconfig)' }),
    from('4.1.4', '3.1.2', 'Ensure that the proxy kubeconfig file ownership is set to root:root', false, true),
    from('4.1.9', '3.1.3', 'Ensure that the kubelet configuration file has permissions set to 600', false, true, { remediation: `On each node run: chmod 600 ${GKE_KUBELET}` }),
    from('4.1.10', '3.1.4', 'Ensure that the kubelet configuration file ownership is set to root:root', false, true, { remediation: `On each node run: chown root:root ${GKE_KUBELET}` }),
  ] },
  managedKubelet(from, {
    '3.2.1': ['Ensure that the Anonymous Auth is Not Enabled', fix('authentication.anonymous.enabled', 'false')],
    '3.2.2': ['Ensure that the --authorization-mode argument is not set to AlwaysAllow', fix('authorization.mode', 'Webhook')],
    '3.2.3': ['Ensure that a Client CA File is Configured', fix('authentication.x509.clientCAFile', '<the cluster CA bundle>')],
    '3.2.4': ['Ensure that the --read-only-port argument is disabled', `${fix('readOnlyPort', '0')} On GKE: gcloud container node-pools update <pool> --no-enable-insecure-kubelet-readonly-port.`],
    '3.2.5': ['Ensure that the --streaming-connection-idle-timeout argument is not set to 0', fix('streamingConnectionIdleTimeout', '4h0m0s (any non-zero duration)')],
    '3.2.6': ['Ensure that the --make-iptables-util-chains argument is set to true', fix('makeIPTablesUtilChains', 'true')],
    '3.2.7': ['Ensure that the --eventRecordQPS argument is set to 0 or a level which ensures appropriate event capture', fix('eventRecordQPS', '<0 for no limit, or a rate that keeps the events you need>')],
    '3.2.8': ['Ensure that the --rotate-certificates argument is not present or is set to true', fix('rotateCertificates', 'true')],
    '3.2.9': ['Ensure that the RotateKubeletServerCertificate argument is set to true', fix('featureGates.RotateKubeletServerCertificate', 'true')],
  }),
];

const P = unscoredPolicy(from);
const bindingsTo = (who: string) => `every ClusterRoleBinding and RoleBinding whose subjects include ${who} (kubectl get clusterrolebindings,rolebindings -A -o yaml); only GKE's default ones should remain.`;
const POLICIES: GroupDef[] = [
  { id: '4.1', text: 'RBAC and Service Accounts', checks: [
    P('5.1.1', '4.1.1', 'Ensure that the cluster-admin role is only used where required', true),
    P('5.1.2', '4.1.2', 'Minimize access to secrets', true),
    P('5.1.3', '4.1.3', 'Minimize wildcard use in Roles and ClusterRoles', true),
    P('5.1.5', '4.1.4', 'Ensure that default service accounts are not actively used', true),
    P('5.1.6', '4.1.5', 'Ensure that Service Account Tokens are only mounted where necessary', true),
    P('5.1.7', '4.1.6', 'Avoid use of system:masters group', true),
    P('5.1.8', '4.1.7', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster', false),
    look('4.1.8', 'Avoid bindings to system:anonymous', true, bindingsTo('the user system:anonymous'), 'Delete bindings to system:anonymous, or replace them with bindings to an authenticated group with the least privilege needed.'),
    look('4.1.9', 'Avoid non-default bindings to system:unauthenticated', true, bindingsTo('the group system:unauthenticated'), 'Delete non-default bindings to system:unauthenticated, or bind an authenticated, user-defined group instead.'),
    look('4.1.10', 'Avoid non-default bindings to system:authenticated', true, bindingsTo('the group system:authenticated (every Google account counts as authenticated to GKE)'), 'Delete non-default bindings to system:authenticated and bind specific groups instead.'),
  ] },
  { id: '4.2', text: 'Pod Security Standards', checks: [
    P('5.2.1', '4.2.1', 'Ensure that the cluster enforces Pod Security Standard Baseline profile or stricter for all namespaces.', false),
  ] },
  { id: '4.3', text: 'Network Policies and CNI', checks: [
    P('5.3.1', '4.3.1', 'Ensure that the CNI in use supports Network Policies', false),
    P('5.3.2', '4.3.2', 'Ensure that all Namespaces have Network Policies defined', true),
  ] },
  { id: '4.4', text: 'Secrets Management', checks: [
    P('5.4.1', '4.4.1', 'Prefer using secrets as files over secrets as environment variables', true),
    P('5.4.2', '4.4.2', 'Consider external secret storage', false),
  ] },
  { id: '4.5', text: 'Extensible Admission Control', checks: [
    look('4.5.1', 'Configure Image Provenance using ImagePolicyWebhook admission controller', false, 'GKE does not expose the API server\'s admission plugins: image provenance is Binary Authorization (see 5.10.4).', 'Enable Binary Authorization with a policy that requires attestations for the images you deploy.'),
  ] },
  { id: '4.6', text: 'General Policies', checks: [
    P('5.6.1', '4.6.1', 'Create administrative boundaries between resources using namespaces', false),
    P('5.6.2', '4.6.2', 'Ensure that the seccomp profile is set to RuntimeDefault in your pod definitions', true),
    P('5.6.3', '4.6.3', 'Apply Security Context to Your Pods and Containers', false),
    P('5.6.4', '4.6.4', 'The default namespace should not be used', true),
  ] },
];

/** A group of Google Cloud settings, rows of [id, title, automated, what to look at, what to change]. */
const group = lookGroup;
const describe = (field: string) => `${field} in \`gcloud container clusters describe <cluster>\``;
const MANAGED: GroupDef[] = [
  group('5.1', 'Image Registry and Image Scanning', [
    ['5.1.1', 'Ensure Image Vulnerability Scanning is enabled', true, 'whether container scanning (containerscanning.googleapis.com for Artifact Registry) is enabled in the project.', 'Enable the Container Scanning API for the registry project.'],
    ['5.1.2', 'Minimize user access to Container Image repositories', false, 'the IAM policy of each Artifact Registry repository (or GCR bucket): who can write or administer it.', 'Keep write and admin roles for the build pipeline; people get reader at most.'],
    ['5.1.3', 'Minimize cluster access to read-only for Container Image repositories', false, 'the roles of the node pools\' service account on the image repositories.', 'Grant the node service account roles/artifactregistry.reader and nothing broader.'],
    ['5.1.4', 'Ensure only trusted container images are used', false, `${describe('binaryAuthorization')} and the project's Binary Authorization policy.`, 'Enable Binary Authorization and import a policy that admits only trusted or attested images.'],
  ]),
  group('5.2', 'Identity and Access Management (IAM)', [
    ['5.2.1', 'Ensure GKE clusters are not running using the Compute Engine default service account', true, `${describe('nodeConfig.serviceAccount')} for every node pool: not the Compute Engine default service account.`, 'Create a minimal node service account (logging.logWriter, monitoring.metricWriter, monitoring.viewer) and move workloads to node pools that use it.'],
    ['5.2.2', 'Prefer using dedicated GCP Service Accounts and Workload Identity', false, `${describe('workloadIdentityConfig')} and whether workloads call Google APIs through their own service accounts.`, 'Enable Workload Identity (--workload-pool <project>.svc.id.goog) and bind each workload\'s ServiceAccount to its own Google service account.'],
  ]),
  group('5.3', 'Cloud Key Management Service (Cloud KMS)', [
    ['5.3.1', 'Ensure Kubernetes Secrets are encrypted using keys managed in Cloud KMS', true, `${describe('databaseEncryption')}: state ENCRYPTED with a Cloud KMS key.`, 'Enable application-layer secrets encryption with a Cloud KMS key (--database-encryption-key).'],
  ]),
  group('5.4', 'Node Metadata', [
    ['5.4.1', 'Ensure the GKE Metadata Server is Enabled', true, `${describe('nodeConfig.workloadMetadataConfig.mode')}: GKE_METADATA on every node pool.`, 'Update the node pools with --workload-metadata=GKE_METADATA.'],
  ]),
  group('5.5', 'Node Configuration and Maintenance', [
    ['5.5.1', 'Ensure Container-Optimized OS (cos_containerd) is used for GKE node images', true, `${describe('nodeConfig.imageType')} of every node pool.`, 'Upgrade the node pools to --image-type cos_containerd.'],
    ['5.5.2', 'Ensure Node Auto-Repair is enabled for GKE nodes', true, `${describe('management.autoRepair')} of every node pool.`, 'Update the node pools with --enable-autorepair.'],
    ['5.5.3', 'Ensure Node Auto-Upgrade is enabled for GKE nodes', true, `${describe('management.autoUpgrade')} of every node pool.`, 'Update the node pools with --enable-autoupgrade.'],
    ['5.5.4', 'When creating New Clusters - Automate GKE version management using Release Channels', true, describe('releaseChannel.channel'), 'Create clusters with --release-channel stable or regular.'],
    ['5.5.5', 'Ensure Shielded GKE Nodes are Enabled', true, describe('shieldedNodes.enabled'), 'Update the cluster with --enable-shielded-nodes.'],
    ['5.5.6', 'Ensure Integrity Monitoring for Shielded GKE Nodes is Enabled', true, `${describe('nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring')} of every node pool.`, 'Create node pools with --shielded-integrity-monitoring and move workloads to them.'],
    ['5.5.7', 'Ensure Secure Boot for Shielded GKE Nodes is Enabled', true, `${describe('nodeConfig.shieldedInstanceConfig.enableSecureBoot')} of every node pool.`, 'Create node pools with --shielded-secure-boot and move workloads to them.'],
  ]),
  group('5.6', 'Cluster Networking', [
    ['5.6.1', 'Enable VPC Flow Logs and Intranode Visibility', true, `flow logs on the cluster's subnetwork and ${describe('networkConfig.enableIntraNodeVisibility')}.`, 'Enable flow logs on the subnetwork (gcloud compute networks subnets update --enable-flow-logs) and intranode visibility on the cluster.'],
    ['5.6.2', 'Ensure use of VPC-native clusters', true, describe('ipAllocationPolicy.useIpAliases'), 'Create VPC-native clusters (--enable-ip-alias).'],
    ['5.6.3', 'Ensure Control Plane Authorized Networks is Enabled', true, describe('masterAuthorizedNetworksConfig'), 'Update the cluster with --enable-master-authorized-networks and the CIDRs that need the control plane.'],
    ['5.6.4', 'Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled', false, describe('privateClusterConfig.enablePrivateEndpoint'), 'Create clusters with --enable-private-endpoint (with --enable-private-nodes and --enable-ip-alias).'],
    ['5.6.5', 'Ensure clusters are created with Private Nodes', false, describe('privateClusterConfig.enablePrivateNodes'), 'Create clusters or node pools with --enable-private-nodes.'],
    ['5.6.6', 'Consider firewalling GKE worker nodes', false, 'the VPC firewall rules that apply to the nodes\' tags or service account.', 'Add firewall rules that admit only the traffic the nodes need.'],
    ['5.6.7', 'Ensure use of Google-managed SSL Certificates', true, 'Services of type LoadBalancer and Ingresses: TLS with Google-managed certificates (ManagedCertificate).', 'Expose HTTPS through an Ingress with a ManagedCertificate instead of plain LoadBalancer Services.'],
  ]),
  group('5.7', 'Logging', [
    ['5.7.1', 'Ensure Logging and Cloud Monitoring is Enabled', true, `${describe('loggingConfig')} and monitoringConfig.`, 'Update the cluster with --logging and --monitoring for the system and workload components.'],
    ['5.7.2', 'Enable Linux auditd logging', false, 'whether the nodes\' auditd logs are collected (the cos-auditd logging DaemonSet).', 'Deploy node audit logging (GoogleCloudPlatform k8s-node-tools os-audit) and keep its logs.'],
  ]),
  group('5.8', 'Authentication and Authorization', [
    ['5.8.1', 'Ensure authentication using Client Certificates is Disabled', true, describe('masterAuth.clientCertificate'), 'Create clusters with --no-issue-client-certificate.'],
    ['5.8.2', 'Manage Kubernetes RBAC users with Google Groups for GKE', false, describe('authenticatorGroupsConfig'), 'Create the cluster with --security-group and bind Google Groups in RBAC.'],
    ['5.8.3', 'Ensure Legacy Authorization (ABAC) is Disabled', true, describe('legacyAbac.enabled'), 'Update the cluster with --no-enable-legacy-authorization.'],
  ]),
  group('5.9', 'Storage', [
    ['5.9.1', 'Enable Customer-Managed Encryption Keys (CMEK) for GKE Persistent Disks (PD)', false, 'the StorageClasses for persistent disks: disk-encryption-kms-key set.', 'Use a StorageClass with a Cloud KMS key (disk-encryption-kms-key) for persistent disks.'],
    ['5.9.2', 'Enable Customer-Managed Encryption Keys (CMEK) for Boot Disks', true, `${describe('nodeConfig.bootDiskKmsKey')} of every node pool.`, 'Create node pools with --boot-disk-kms-key.'],
  ]),
  group('5.10', 'Other Cluster Configurations', [
    ['5.10.1', 'Ensure Kubernetes Web UI is Disabled', true, describe('addonsConfig.kubernetesDashboard'), 'Update the cluster with --update-addons=KubernetesDashboard=DISABLED.'],
    ['5.10.2', 'Ensure that Alpha clusters are not used for production workloads', true, describe('enableKubernetesAlpha'), 'Create production clusters without --enable-kubernetes-alpha.'],
    ['5.10.3', 'Consider GKE Sandbox for running untrusted workloads', false, 'whether untrusted workloads run on node pools with GKE Sandbox (gVisor).', 'Create a node pool with --sandbox type=gvisor and schedule untrusted workloads there.'],
    ['5.10.4', 'Ensure use of Binary Authorization', true, describe('binaryAuthorization.evaluationMode'), 'Update the cluster with --binauthz-evaluation-mode=PROJECT_SINGLETON_POLICY_ENFORCE and import a policy.'],
    ['5.10.5', 'Enable Security Posture', false, describe('securityPostureConfig'), 'Enable GKE security posture (workload configuration and vulnerability scanning) for the cluster.'],
  ]),
];

export const GKE_1_6_0: BenchmarkDef = {
  name: 'gke-1.6.0',
  title: 'CIS Google Kubernetes Engine (GKE) Benchmark v1.6.0',
  // Not tied to a Kubernetes minor: the GKE benchmark covers the GKE versions Google supports at its release.
  kubernetes: ['', ''],
  controls: [
    { id: '1', text: 'Control Plane Components', target: 'master', groups: [] },
    { id: '2', text: 'Control Plane Configuration', target: 'controlplane', groups: CONTROL_PLANE },
    { id: '3', text: 'Worker Node Security Configuration', target: 'node', groups: NODE },
    { id: '4', text: 'Kubernetes Policies', target: 'policies', groups: POLICIES },
    { id: '5', text: 'Managed Services', target: 'managedservices', groups: MANAGED },
  ],
};
