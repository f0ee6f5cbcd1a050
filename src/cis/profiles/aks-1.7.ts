import type { BenchmarkDef, GroupDef } from '../model.js';
import { libraryCheck, look, lookGroup, managedKubelet } from './managed.js';

/**
 * kube-bench's aks-1.7 (CIS Azure Kubernetes Service (AKS) Benchmark v1.7.0). Microsoft runs the control
 * plane: section 1 has no checks, 2 is the cluster's diagnostic (audit) logging, 3 the worker node — the
 * kubelet, whose flags AKS writes to /etc/default/kubelet (KUBELET_FLAGS, expanded into its command line,
 * which kubefort reads) beside its config file, and /etc/kubernetes/azure.json — 4 the policies and 5 the
 * Azure services around the cluster (a person's look in the subscription: `az aks show`, ACR, Entra ID).
 */
export const from = libraryCheck('aks-1.7');

const AKS_FLAGS = '/etc/default/kubelet';
const fix = (flag: string, field: string) => `AKS sets the kubelet from the node pool: prefer a custom node configuration (az aks nodepool add/update --kubelet-config) with ${field}; on the node, ${flag} in KUBELET_FLAGS of ${AKS_FLAGS} (or the field in the kubelet's --config file; a flag wins) takes effect after systemctl restart kubelet, and is lost when the node is reimaged.`;

const WORKER_FILES: GroupDef = {
  id: '3.1', text: 'Worker Node Configuration Files', checks: [
    from('4.1.5', '3.1.1', 'Ensure that the kubeconfig file permissions are set to 644 or more restrictive', true, true,
      { test: { kind: 'file-mode', roles: ['kubelet-kubeconfig'], mask: 0o644 }, remediation: 'On each node run: chmod 644 <the kubelet\'s --kubeconfig> (AKS: /var/lib/kubelet/kubeconfig)' }),
    from('4.1.6', '3.1.2', 'Ensure that the kubelet kubeconfig file ownership is set to root:root', true, true),
    from('4.1.9', '3.1.3', 'Ensure that the azure.json file has permissions set to 644 or more restrictive', true, true,
      { test: { kind: 'file-mode', roles: ['azure-json'], mask: 0o644 }, remediation: 'On each node run: chmod 644 /etc/kubernetes/azure.json' }),
    from('4.1.10', '3.1.4', 'Ensure that the azure.json file ownership is set to root:root', true, true,
      { test: { kind: 'file-owner', roles: ['azure-json'], user: 'root', group: 'root' }, remediation: 'On each node run: chown root:root /etc/kubernetes/azure.json' }),
  ],
};

const KUBELET: GroupDef = managedKubelet(from, {
  '3.2.1': ['Ensure that the --anonymous-auth argument is set to false', fix('--anonymous-auth=false', 'authentication.anonymous.enabled: false')],
  '3.2.2': ['Ensure that the --authorization-mode argument is not set to AlwaysAllow', fix('--authorization-mode=Webhook', 'authorization.mode: Webhook')],
  '3.2.3': ['Ensure that the --client-ca-file argument is set as appropriate', fix('--client-ca-file=/etc/kubernetes/certs/ca.crt', 'authentication.x509.clientCAFile')],
  '3.2.4': ['Ensure that the --read-only-port is secured', fix('--read-only-port=0', 'readOnlyPort: 0')],
  '3.2.5': ['Ensure that the --streaming-connection-idle-timeout argument is not set to 0', fix('--streaming-connection-idle-timeout=4h', 'streamingConnectionIdleTimeout: 4h0m0s')],
  '3.2.6': ['Ensure that the --make-iptables-util-chains argument is set to true', fix('--make-iptables-util-chains=true', 'makeIPTablesUtilChains: true')],
  '3.2.7': ['Ensure that the --eventRecordQPS argument is set to 0 or a level which ensures appropriate event capture', fix('--event-qps=<0 or a rate that keeps the events you need>', 'eventRecordQPS')],
  '3.2.8': ['Ensure that the --rotate-certificates argument is not set to false', fix('--rotate-certificates=true', 'rotateCertificates: true')],
  '3.2.9': ['Ensure that the RotateKubeletServerCertificate argument is set to true', fix('--feature-gates=RotateKubeletServerCertificate=true', 'featureGates.RotateKubeletServerCertificate: true')],
});

const LOGGING: GroupDef = {
  id: '2.1', text: 'Logging', checks: [
    look('2.1.1', 'Enable audit Logs', false, 'the cluster\'s diagnostic settings (Azure portal > cluster > Diagnostic settings, or `az monitor diagnostic-settings list --resource <cluster id>`): kube-audit or kube-audit-admin sent to a Log Analytics workspace or storage.',
      'Add a diagnostic setting that sends kube-audit-admin (and kube-apiserver, kube-controller-manager, kube-scheduler as needed) to a Log Analytics workspace with a retention that suits the cluster.'),
  ],
};

const P = (cisId: string, id: string, text: string, automated: boolean, scored: boolean) => from(cisId, id, text, automated, scored);
const POLICIES: GroupDef[] = [
  { id: '4.1', text: 'RBAC and Service Accounts', checks: [
    P('5.1.1', '4.1.1', 'Ensure that the cluster-admin role is only used where required', true, true),
    P('5.1.2', '4.1.2', 'Minimize access to secrets', true, true),
    P('5.1.3', '4.1.3', 'Minimize wildcard use in Roles and ClusterRoles', true, true),
    P('5.1.4', '4.1.4', 'Minimize access to create pods', true, true),
    P('5.1.5', '4.1.5', 'Ensure that default service accounts are not actively used', true, true),
    P('5.1.6', '4.1.6', 'Ensure that Service Account Tokens are only mounted where necessary', true, true),
  ] },
  { id: '4.2', text: 'Pod Security Policies', checks: [
    P('5.2.2', '4.2.1', 'Minimize the admission of privileged containers', true, true),
    P('5.2.3', '4.2.2', 'Minimize the admission of containers wishing to share the host process ID namespace', true, true),
    P('5.2.4', '4.2.3', 'Minimize the admission of containers wishing to share the host IPC namespace', true, true),
    P('5.2.5', '4.2.4', 'Minimize the admission of containers wishing to share the host network namespace', true, true),
    P('5.2.6', '4.2.5', 'Minimize the admission of containers with allowPrivilegeEscalation', true, true),
  ] },
  // The benchmark's 4.3 "Azure Policy / OPA" has no recommendations.
  { id: '4.3', text: 'Azure Policy / OPA', checks: [] },
  { id: '4.4', text: 'CNI Plugin', checks: [
    look('4.4.1', 'Ensure latest CNI version is used', false, 'the CNI in use (Azure CNI, kubenet, Cilium) and its version against the latest the node image offers (`kubectl -n kube-system get ds -o wide`).', 'Upgrade the node image or CNI add-on to its latest version (az aks nodepool upgrade --node-image-only).'),
    P('5.3.2', '4.4.2', 'Ensure that all Namespaces have Network Policies defined', true, true),
  ] },
  { id: '4.5', text: 'Secrets Management', checks: [
    P('5.4.1', '4.5.1', 'Prefer using secrets as files over secrets as environment variables', true, true),
    P('5.4.2', '4.5.2', 'Consider external secret storage', false, false),
  ] },
  { id: '4.6', text: 'General Policies', checks: [
    P('5.6.1', '4.6.1', 'Create administrative boundaries between resources using namespaces', false, false),
    P('5.6.3', '4.6.2', 'Apply Security Context to Your Pods and Containers', false, false),
    P('5.6.4', '4.6.3', 'The default namespace should not be used', true, true),
  ] },
];

/** A group of Azure settings, rows of [id, title, automated, what to look at, what to change]. */
const group = lookGroup;
const show = (field: string) => `${field} in \`az aks show -g <group> -n <cluster>\``;
const AKS_MANAGED: GroupDef[] = [
  group('5.1', 'Image Registry and Image Scanning', [
    ['5.1.1', 'Ensure Image Vulnerability Scanning using Microsoft Defender for Cloud (MDC) image scanning or a third party provider', true, 'whether Defender for Containers (or another scanner) scans the registries the cluster pulls from.', 'Enable Microsoft Defender for Containers on the subscription (az security pricing create --name Containers --tier Standard) or run another registry scanner.'],
    ['5.1.2', 'Minimize user access to Azure Container Registry (ACR)', false, 'the role assignments on each ACR (az role assignment list --scope <registry id>): who can push or administer.', 'Keep AcrPush and owner roles for the build pipeline; people get AcrPull at most.'],
    ['5.1.3', 'Minimize cluster access to read-only for Azure Container Registry (ACR)', false, 'the kubelet identity\'s roles on the registries: AcrPull only.', 'Attach registries with az aks update --attach-acr (AcrPull) and remove broader roles from the kubelet identity.'],
    ['5.1.4', 'Minimize Container Registries to only those approved', false, 'which registries workloads pull from, and whether Azure Policy or an admission policy restricts them.', 'Assign the Azure Policy "Kubernetes cluster containers should only use allowed images" (or an admission policy) and restrict egress to the approved registries.'],
  ]),
  group('5.2', 'Access and identity options for Azure Kubernetes Service (AKS)', [
    ['5.2.1', 'Prefer using dedicated AKS Service Accounts', false, 'whether workloads that call Azure use Workload Identity with their own ServiceAccounts rather than the node\'s identity.', 'Enable Workload Identity (az aks update --enable-oidc-issuer --enable-workload-identity) and federate each workload\'s ServiceAccount with its own managed identity.'],
  ]),
  group('5.3', 'Key Management Service (KMS)', [
    ['5.3.1', 'Ensure Kubernetes Secrets are encrypted', false, show('securityProfile.azureKeyVaultKms'), 'Enable KMS etcd encryption with a Key Vault key (az aks update --enable-azure-keyvault-kms --azure-keyvault-kms-key-id <key id>).'],
  ]),
  group('5.4', 'Cluster Networking', [
    ['5.4.1', 'Restrict Access to the Control Plane Endpoint', true, show('apiServerAccessProfile.authorizedIpRanges (or enablePrivateCluster)'), 'Limit the API server to known ranges (az aks update --api-server-authorized-ip-ranges <CIDRs>) or make the cluster private.'],
    ['5.4.2', 'Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled', true, show('apiServerAccessProfile.enablePrivateCluster and enablePrivateClusterPublicFqdn'), 'Create the cluster with --enable-private-cluster and disable the public FQDN (az aks update --disable-public-fqdn).'],
    ['5.4.3', 'Ensure clusters are created with Private Nodes', true, 'whether the node pools have public IPs (enableNodePublicIp in `az aks nodepool list`).', 'Create node pools without --enable-node-public-ip and reach the internet through a NAT gateway or firewall.'],
    ['5.4.4', 'Ensure Network Policy is Enabled and set as appropriate', true, show('networkProfile.networkPolicy'), 'Enable a network policy engine (az aks update --network-policy azure|calico|cilium) and give each namespace a default-deny policy.'],
    ['5.4.5', 'Encrypt traffic to HTTPS load balancers with TLS certificates', false, 'the Ingresses and Services exposed outside the cluster: TLS with certificates, no plain HTTP.', 'Terminate TLS at the ingress controller or Application Gateway with certificates from Key Vault.'],
  ]),
  group('5.5', 'Authentication and Authorization', [
    ['5.5.1', 'Manage Kubernetes RBAC users with Azure AD', false, show('aadProfile (managed: true)'), 'Enable Entra ID integration (az aks update --enable-aad) and bind Entra groups in RBAC.'],
    ['5.5.2', 'Use Azure RBAC for Kubernetes Authorization', false, show('aadProfile.enableAzureRbac'), 'Enable Azure RBAC for Kubernetes (az aks update --enable-azure-rbac) and grant the built-in AKS RBAC roles.'],
  ]),
];

export const AKS_1_7: BenchmarkDef = {
  name: 'aks-1.7',
  title: 'CIS Azure Kubernetes Service (AKS) Benchmark v1.7.0',
  // Not tied to a Kubernetes minor: the AKS benchmark covers the AKS versions Microsoft supports at its release.
  kubernetes: ['', ''],
  controls: [
    { id: '1', text: 'Control Plane Components', target: 'master', groups: [] },
    { id: '2', text: 'Control Plane Configuration', target: 'controlplane', groups: [LOGGING] },
    { id: '3', text: 'Worker Node Security Configuration', target: 'node', groups: [WORKER_FILES, KUBELET] },
    { id: '4', text: 'Policies', target: 'policies', groups: POLICIES },
    { id: '5', text: 'Managed Services', target: 'managedservices', groups: AKS_MANAGED },
  ],
};
