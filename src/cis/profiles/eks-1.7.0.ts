import type { BenchmarkDef, GroupDef } from '../model.js';
import { libraryCheck, look, managedKubelet, unscoredPolicy } from './managed.js';

/**
 * kube-bench's eks-1.7.0 (CIS Amazon EKS Benchmark v1.7.0). AWS runs the control plane, so section 1 has no
 * checks, section 2 is the cluster's logging settings, section 3 is the worker node (kubefort's node checks
 * under EKS's numbers, reading /etc/kubernetes/kubelet/kubelet-config.json), 4 the policies and 5 the AWS
 * services around the cluster (all a person's look: they live in the AWS account, not on the node).
 */
export const from = libraryCheck('eks-1.7.0');

const EKS_KUBELET = '/etc/kubernetes/kubelet/kubelet-config.json';
const fix = (field: string, value: string) => `In ${EKS_KUBELET} (or the file named by the kubelet's --config) set ${field}: ${value}; a kubelet flag in the node's launch template or kubelet drop-in wins over the file; restart the kubelet (systemctl restart kubelet).`;

const WORKER_FILES: GroupDef = {
  id: '3.1', text: 'Worker Node Configuration Files', checks: [
    from('4.1.5', '3.1.1', 'Ensure that the kubeconfig file permissions are set to 644 or more restrictive', true, true,
      { test: { kind: 'file-mode', roles: ['kubelet-kubeconfig'], mask: 0o644 }, remediation: 'On each node run: chmod 644 <the kubelet\'s --kubeconfig> (EKS AMIs: /var/lib/kubelet/kubeconfig)' }),
    from('4.1.6', '3.1.2', 'Ensure that the kubelet kubeconfig file ownership is set to root:root', true, true),
    from('4.1.9', '3.1.3', 'Ensure that the kubelet configuration file has permissions set to 644 or more restrictive', true, true,
      { test: { kind: 'file-mode', roles: ['kubelet-config'], mask: 0o644 }, remediation: `On each node run: chmod 644 ${EKS_KUBELET}` }),
    from('4.1.10', '3.1.4', 'Ensure that the kubelet configuration file ownership is set to root:root', true, true),
  ],
};

const KUBELET: GroupDef = managedKubelet(from, {
  '3.2.1': ['Ensure that the Anonymous Auth is Not Enabled', fix('authentication.anonymous.enabled', 'false')],
  '3.2.2': ['Ensure that the --authorization-mode argument is not set to AlwaysAllow', fix('authorization.mode', 'Webhook (with authentication.webhook.enabled: true)')],
  '3.2.3': ['Ensure that a Client CA File is Configured', fix('authentication.x509.clientCAFile', '<the cluster CA, /etc/kubernetes/pki/ca.crt on EKS AMIs>')],
  '3.2.4': ['Ensure that the --read-only-port is disabled', fix('readOnlyPort', '0')],
  '3.2.5': ['Ensure that the --streaming-connection-idle-timeout argument is not set to 0', fix('streamingConnectionIdleTimeout', '4h0m0s (any non-zero duration)')],
  '3.2.6': ['Ensure that the --make-iptables-util-chains argument is set to true', fix('makeIPTablesUtilChains', 'true')],
  '3.2.7': ['Ensure that the --eventRecordQPS argument is set to 0 or a level which ensures appropriate event capture', fix('eventRecordQPS', '<0 for no limit, or a rate that keeps the events you need>')],
  '3.2.8': ['Ensure that the --rotate-certificates argument is not present or is set to true', fix('rotateCertificates', 'true')],
  '3.2.9': ['Ensure that the RotateKubeletServerCertificate argument is set to true', fix('featureGates.RotateKubeletServerCertificate', 'true')],
});

const LOGGING: GroupDef = {
  id: '2.1', text: 'Logging', checks: [
    look('2.1.1', 'Enable audit Logs', true, 'the cluster\'s control plane logging (EKS console > cluster > Observability, or `aws eks describe-cluster --query cluster.logging`): api, audit, authenticator, controllerManager and scheduler should all be enabled.',
      'Enable every control plane log type: aws eks update-cluster-config --name <cluster> --logging \'{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}\''),
    look('2.1.2', 'Ensure audit logs are collected and managed', false, 'where the audit logs go (CloudWatch Logs or another store), how long they are kept and who reads them.',
      'Send the audit log group to a managed store with a retention period and alerting that suit the cluster.'),
  ],
};

const P = unscoredPolicy(from);
const POLICIES: GroupDef[] = [
  { id: '4.1', text: 'RBAC and Service Accounts', checks: [
    P('5.1.1', '4.1.1', 'Ensure that the cluster-admin role is only used where required', true),
    P('5.1.2', '4.1.2', 'Minimize access to secrets', true),
    P('5.1.3', '4.1.3', 'Minimize wildcard use in Roles and ClusterRoles', true),
    P('5.1.4', '4.1.4', 'Minimize access to create pods', true),
    P('5.1.5', '4.1.5', 'Ensure that default service accounts are not actively used.', true),
    P('5.1.6', '4.1.6', 'Ensure that Service Account Tokens are only mounted where necessary', true),
    look('4.1.7', 'Cluster Access Manager API to streamline and enhance the management of access controls within EKS clusters', true,
      'the cluster\'s authentication mode (aws eks describe-cluster --query cluster.accessConfig): access entries (API or API_AND_CONFIG_MAP) rather than only the aws-auth ConfigMap.',
      'Move the cluster to access entries (authentication mode API_AND_CONFIG_MAP, then API) and grant access with access policies instead of editing aws-auth.'),
    P('5.1.8', '4.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster', false),
  ] },
  { id: '4.2', text: 'Pod Security Standards', checks: [
    P('5.2.2', '4.2.1', 'Minimize the admission of privileged containers', true),
    P('5.2.3', '4.2.2', 'Minimize the admission of containers wishing to share the host process ID namespace', true),
    P('5.2.4', '4.2.3', 'Minimize the admission of containers wishing to share the host IPC namespace', true),
    P('5.2.5', '4.2.4', 'Minimize the admission of containers wishing to share the host network namespace', true),
    P('5.2.6', '4.2.5', 'Minimize the admission of containers with allowPrivilegeEscalation', true),
  ] },
  { id: '4.3', text: 'CNI Plugin', checks: [
    P('5.3.1', '4.3.1', 'Ensure CNI plugin supports network policies', false),
    P('5.3.2', '4.3.2', 'Ensure that all Namespaces have Network Policies defined', true),
  ] },
  { id: '4.4', text: 'Secrets Management', checks: [
    P('5.4.1', '4.4.1', 'Prefer using secrets as files over secrets as environment variables', true),
    P('5.4.2', '4.4.2', 'Consider external secret storage', false),
  ] },
  { id: '4.5', text: 'General Policies', checks: [
    P('5.6.1', '4.5.1', 'Create administrative boundaries between resources using namespaces', false),
    P('5.6.4', '4.5.2', 'The default namespace should not be used', true),
  ] },
];

const aws = (id: string, text: string, automated: boolean, what: string, remediation: string) => look(id, text, automated, what, remediation);
const MANAGED: GroupDef[] = [
  { id: '5.1', text: 'Image Registry and Image Scanning', checks: [
    aws('5.1.1', 'Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider', true, 'the ECR repositories\' scanning configuration (scan on push or enhanced scanning) or the scanner used instead.', 'Turn on scan on push (aws ecr put-image-scanning-configuration --image-scanning-configuration scanOnPush=true) or enhanced scanning for the registry.'),
    aws('5.1.2', 'Minimize user access to Amazon ECR', false, 'which IAM principals may push to or delete from the cluster\'s ECR repositories.', 'Grant ECR write access only to the build pipeline\'s role; people get read access at most.'),
    aws('5.1.3', 'Minimize cluster access to read-only for Amazon ECR', false, 'the node IAM role\'s ECR permissions: pull only (BatchCheckLayerAvailability, BatchGetImage, GetDownloadUrlForLayer, GetAuthorizationToken).', 'Attach AmazonEC2ContainerRegistryReadOnly (or an equivalent pull-only policy) to the node role and nothing broader.'),
    aws('5.1.4', 'Minimize Container Registries to only those approved', false, 'which registries workloads pull from, and whether an admission policy restricts them.', 'Allow-list the approved registries with an admission policy (e.g. a ValidatingAdmissionPolicy or Kyverno/Gatekeeper rule on image names).'),
  ] },
  { id: '5.2', text: 'Identity and Access Management (IAM)', checks: [
    aws('5.2.1', 'Prefer using dedicated Amazon EKS Service Accounts', true, 'whether workloads that call AWS use IAM roles for service accounts or EKS Pod Identity rather than the node role.', 'Give each workload that calls AWS its own ServiceAccount bound to an IAM role (IRSA or Pod Identity) and keep the node role minimal.'),
  ] },
  { id: '5.3', text: 'AWS EKS Key Management Service', checks: [
    aws('5.3.1', 'Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS', false, 'the cluster\'s encryptionConfig (aws eks describe-cluster --query cluster.encryptionConfig): secrets with a KMS key you manage.', 'Associate a customer-managed KMS key with the cluster for secrets encryption (aws eks associate-encryption-config).'),
  ] },
  { id: '5.4', text: 'Cluster Networking', checks: [
    aws('5.4.1', 'Restrict Access to the Control Plane Endpoint', true, 'the endpoint settings (resourcesVpcConfig): private access on, public access off or limited to known CIDRs.', 'Enable private endpoint access and restrict public access to the CIDRs that need it (aws eks update-cluster-config --resources-vpc-config ...).'),
    aws('5.4.2', 'Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled', true, 'resourcesVpcConfig.endpointPrivateAccess true and endpointPublicAccess false.', 'Set endpointPrivateAccess=true,endpointPublicAccess=false on the cluster.'),
    aws('5.4.3', 'Ensure clusters are created with Private Nodes', true, 'whether the node groups run in private subnets without public IPs.', 'Run node groups in private subnets and reach the internet through NAT, not public node addresses.'),
    aws('5.4.4', 'Ensure Network Policy is Enabled and set as appropriate', true, 'whether NetworkPolicy is enforced (VPC CNI network policy agent, Calico or Cilium).', 'Enable the VPC CNI\'s network policy support (or install a policy engine) and give each namespace a default-deny policy.'),
    aws('5.4.5', 'Encrypt traffic to HTTPS load balancers with TLS certificates', false, 'the listeners of the cluster\'s load balancers: HTTPS/TLS with certificates, no plain HTTP for external traffic.', 'Terminate TLS on the load balancers (ACM certificates via the AWS Load Balancer Controller annotations).'),
  ] },
  { id: '5.5', text: 'Authentication and Authorization', checks: [
    aws('5.5.1', 'Manage Kubernetes RBAC users with AWS IAM Authenticator for Kubernetes or Upgrade to AWS CLI v1.16.156 or greater', false, 'how people authenticate: aws eks get-token / update-kubeconfig with IAM, no long-lived static credentials.', 'Use aws eks update-kubeconfig (AWS CLI 1.16.156+) so kubectl gets short-lived IAM tokens.'),
  ] },
];

export const EKS_1_7_0: BenchmarkDef = {
  name: 'eks-1.7.0',
  title: 'CIS Amazon Elastic Kubernetes Service (EKS) Benchmark v1.7.0',
  // Not tied to a Kubernetes minor: the EKS benchmark covers the EKS versions AWS supports at its release.
  kubernetes: ['', ''],
  controls: [
    { id: '1', text: 'Control Plane Components', target: 'master', groups: [] },
    { id: '2', text: 'Control Plane Configuration', target: 'controlplane', groups: [LOGGING] },
    { id: '3', text: 'Worker Node Security Configuration', target: 'node', groups: [WORKER_FILES, KUBELET] },
    { id: '4', text: 'Policies', target: 'policies', groups: POLICIES },
    { id: '5', text: 'Managed Services', target: 'managedservices', groups: MANAGED },
  ],
};
