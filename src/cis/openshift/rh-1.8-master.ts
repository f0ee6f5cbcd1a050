import type { ControlsDef, GroupDef } from '../model.js';
import { api, apiArg, check, exact, kcmArg, manual, nodeFile, OPERATOR_MANAGED, os, revision, ROOT } from './build.js';

const M = OPERATOR_MANAGED;
const manifest = (pod: string) => [exact(`/etc/kubernetes/manifests/${pod}-pod.yaml`), revision(pod, `${pod}-pod.yaml`)];
const shownManifest = (pod: string) => `/etc/kubernetes/manifests/${pod}-pod.yaml and /etc/kubernetes/static-pod-resources/${pod}-pod-<revision>/${pod}-pod.yaml`;
const CNI = ['^/etc/cni/net\\.d/[^/]+\\.conf(list)?$', '^/(var/)?run/multus/cni/net\\.d/[^/]+\\.conf$'];
const CNI_SHOWN = '/etc/cni/net.d/*.conf[list] and /var/run/multus/cni/net.d/*.conf';
const SCHEDULER_KUBECONFIG = [revision('kube-scheduler', 'configmaps/scheduler-kubeconfig/kubeconfig')];
const KCM_KUBECONFIG = [revision('kube-controller-manager', 'configmaps/controller-manager-kubeconfig/kubeconfig')];
const CERTS = '/etc/kubernetes/static-pod-resources/kube-apiserver-certs/secrets';
const certsUnder = (suffix: string) => [`^${CERTS.replace(/[.]/g, '\\.')}(/.*)?${suffix}$`];

/**
 * 1.1 of kube-bench's rh-1.8: the control-plane files on the node. kube-bench stats them inside the pods
 * (`oc exec … stat`), where the static pod revision directory is mounted as /etc/kubernetes/static-pod-resources;
 * kubefort reads the same files on the node (--root of an RHCOS control-plane node): the newest revision and the
 * kubelet's copy in /etc/kubernetes/manifests. 1.1.12 is titled etcd:etcd, but OpenShift runs etcd as root and
 * kube-bench tests root:root; so does kubefort. 1.1.10 accepts openvswitch:openvswitch (OVS's own files).
 */
export const RH18_FILES: GroupDef = { id: '1.1', text: 'Master Node Configuration Files', checks: [
  check('1.1.1', 'Ensure that the API server pod specification file permissions are set to 600 or more restrictive', nodeFile(shownManifest('kube-apiserver'), manifest('kube-apiserver'), { mask: 0o600 }), M),
  check('1.1.2', 'Ensure that the API server pod specification file ownership is set to root:root', nodeFile(shownManifest('kube-apiserver'), manifest('kube-apiserver'), ROOT), M),
  check('1.1.3', 'Ensure that the controller manager pod specification file permissions are set to 600 or more restrictive', nodeFile(shownManifest('kube-controller-manager'), manifest('kube-controller-manager'), { mask: 0o600 }), M),
  check('1.1.4', 'Ensure that the controller manager pod specification file ownership is set to root:root', nodeFile(shownManifest('kube-controller-manager'), manifest('kube-controller-manager'), ROOT), M),
  check('1.1.5', 'Ensure that the scheduler pod specification file permissions are set to 600 or more restrictive', nodeFile(shownManifest('kube-scheduler'), manifest('kube-scheduler'), { mask: 0o600 }), M),
  check('1.1.6', 'Ensure that the scheduler pod specification file ownership is set to root:root', nodeFile(shownManifest('kube-scheduler'), manifest('kube-scheduler'), ROOT), M),
  check('1.1.7', 'Ensure that the etcd pod specification file permissions are set to 600 or more restrictive', nodeFile(shownManifest('etcd'), manifest('etcd'), { mask: 0o600 }), M),
  check('1.1.8', 'Ensure that the etcd pod specification file ownership is set to root:root', nodeFile(shownManifest('etcd'), manifest('etcd'), ROOT), M),
  check('1.1.9', 'Ensure that the Container Network Interface file permissions are set to 600 or more restrictive', nodeFile(CNI_SHOWN, CNI, { mask: 0o600 }), M),
  check('1.1.10', 'Ensure that the Container Network Interface file ownership is set to root:root', nodeFile(CNI_SHOWN, CNI, { owners: ['root:root', 'openvswitch:openvswitch'] }), M),
  check('1.1.11', 'Ensure that the etcd data directory permissions are set to 700 or more restrictive', nodeFile('/var/lib/etcd/member', [exact('/var/lib/etcd/member')], { mask: 0o700 }), M),
  check('1.1.12', 'Ensure that the etcd data directory ownership is set to etcd:etcd', nodeFile('/var/lib/etcd/member', [exact('/var/lib/etcd/member')], ROOT), M),
  check('1.1.13', 'Ensure that the kubeconfig file permissions are set to 600 or more restrictive', nodeFile('/etc/kubernetes/kubeconfig', [exact('/etc/kubernetes/kubeconfig')], { mask: 0o600 }), M),
  check('1.1.14', 'Ensure that the kubeconfig file ownership is set to root:root', nodeFile('/etc/kubernetes/kubeconfig', [exact('/etc/kubernetes/kubeconfig')], ROOT), M),
  check('1.1.15', 'Ensure that the Scheduler kubeconfig file permissions are set to 600 or more restrictive', nodeFile('the scheduler kubeconfig of the newest kube-scheduler-pod revision', SCHEDULER_KUBECONFIG, { mask: 0o600 }), M),
  check('1.1.16', 'Ensure that the scheduler.conf file ownership is set to root:root', nodeFile('the scheduler kubeconfig of the newest kube-scheduler-pod revision', SCHEDULER_KUBECONFIG, ROOT), M),
  check('1.1.17', 'Ensure that the controller-manager.conf file permissions are set to 600 or more restrictive', nodeFile('the controller manager kubeconfig of the newest kube-controller-manager-pod revision', KCM_KUBECONFIG, { mask: 0o600 }), M),
  check('1.1.18', 'Ensure that the controller-manager.conf file ownership is set to root:root', nodeFile('the controller manager kubeconfig of the newest kube-controller-manager-pod revision', KCM_KUBECONFIG, ROOT), M),
  check('1.1.19', 'Ensure that the OpenShift PKI directory and file ownership is set to root:root', nodeFile(`${CERTS} and everything below it`, certsUnder(''), ROOT), M),
  check('1.1.20', 'Ensure that the OpenShift PKI certificate file permissions are set to 600 or more restrictive', nodeFile(`${CERTS}/**/*.crt`, certsUnder('\\.crt'), { mask: 0o600 }), M),
  check('1.1.21', 'Ensure that the OpenShift PKI key file permissions are set to 600', nodeFile(`${CERTS}/**/*.key`, certsUnder('\\.key'), { mask: 0o600 }), M),
] };

const plugin = (name: string) => api(apiArg('enable-admission-plugins', { has: name }));
const KAS = 'apiServerArguments of ConfigMap openshift-kube-apiserver/config';

/**
 * 1.2 API Server: judged from the KubeAPIServerConfig the kube-apiserver operator renders into ConfigMap
 * openshift-kube-apiserver/config (what the static pod reads through --openshift-config), and from the
 * cluster's config objects. Defaults are the upstream kube-apiserver's where an argument may be absent.
 */
export const RH18_APISERVER: GroupDef = { id: '1.2', text: 'API Server', checks: [
  check('1.2.1', 'Ensure that anonymous requests are authorized', os({ rule: 'anonymous-bindings' }), 'Remove system:unauthenticated from ClusterRoleBindings OpenShift does not create (oc edit clusterrolebinding NAME); keep the defaults.'),
  check('1.2.2', 'Use https for kubelet connections', api(apiArg('kubelet-client-certificate', { set: true }), apiArg('kubelet-client-key', { set: true })), M),
  check('1.2.3', 'Ensure that the kubelet uses certificates to authenticate', api(apiArg('kubelet-client-certificate', { set: true }), apiArg('kubelet-client-key', { set: true })), M),
  check('1.2.4', 'Verify that the kubelet certificate authority is set as appropriate', api(apiArg('kubelet-certificate-authority', { set: true })), M),
  check('1.2.5', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow', api(apiArg('authorization-mode', { lacks: 'AlwaysAllow' })), M),
  check('1.2.6', 'Verify that RBAC is enabled', api(apiArg('authorization-mode', { has: 'RBAC' })), M),
  check('1.2.7', 'Ensure that the APIPriorityAndFairness feature gate is enabled', api(apiArg('feature-gates', { lacks: 'APIPriorityAndFairness=false' })), `${M} The gate is on by default since Kubernetes 1.20 (GA in 1.29); only APIPriorityAndFairness=false in feature-gates turns it off.`),
  check('1.2.8', 'Ensure that the admission control plugin AlwaysAdmit is not set', api(apiArg('enable-admission-plugins', { lacks: 'AlwaysAdmit' })), M),
  check('1.2.9', 'Ensure that the admission control plugin AlwaysPullImages is set', manual(`whether AlwaysPullImages belongs in enable-admission-plugins of ${KAS}: OpenShift does not enable it (kube-bench passes its absence), as image pulls are governed by the image policy and pull secrets.`), 'None required by default.'),
  check('1.2.10', 'Ensure that the admission control plugin ServiceAccount is set', plugin('ServiceAccount'), M),
  check('1.2.11', 'Ensure that the admission control plugin NamespaceLifecycle is set', plugin('NamespaceLifecycle'), M),
  check('1.2.12', 'Ensure that the admission control plugin SecurityContextConstraint is set', plugin('security.openshift.io/SecurityContextConstraint'), M),
  check('1.2.13', 'Ensure that the admission control plugin NodeRestriction is set', plugin('NodeRestriction'), M),
  check('1.2.14', 'Ensure that the --insecure-bind-address argument is not set', api(apiArg('insecure-bind-address', { set: false }), apiArg('feature-gates', { lacks: 'InsecureBindAddress=true' })), M),
  check('1.2.15', 'Ensure that the --insecure-port argument is set to 0', api(apiArg('insecure-port', { eq: '0' }, '0')), M),
  check('1.2.16', 'Ensure that the --secure-port argument is not set to 0', os({ rule: 'secure-port' }), M),
  check('1.2.17', 'Ensure that the healthz endpoint is protected by RBAC', manual('the kube-apiserver pods\' ports and probes (oc -n openshift-kube-apiserver get cm kube-apiserver-pod -o yaml), and that /metrics on port 6443 answers 403 to an unprivileged ServiceAccount token and 200 to a cluster-admin one.'), 'None required: the endpoints are protected by RBAC.'),
  check('1.2.18', 'Ensure that the --audit-log-path argument is set', api(apiArg('audit-log-path', { set: true }), { component: 'openshift-apiserver', arg: 'audit-log-path', expect: { set: true } }), 'None required: the apiserver operators enable auditing to /var/log/kube-apiserver/audit.log and /var/log/openshift-apiserver/audit.log.'),
  check('1.2.19', 'Ensure that the audit logs are forwarded off the cluster for retention', manual('a ClusterLogForwarder (observability.openshift.io or logging.openshift.io) sending the audit log type to a store outside the cluster.'), 'Configure log forwarding of the audit logs (OpenShift Logging: ClusterLogForwarder with inputRefs: [audit]).'),
  check('1.2.20', 'Ensure that the maximumRetainedFiles argument is set to 10 or as appropriate', api(apiArg('audit-log-maxbackup', { gte: 10 })), M),
  check('1.2.21', 'Configure Kubernetes API Server Maximum Audit Log Size', api(apiArg('audit-log-maxsize', { gte: 100 })), M),
  check('1.2.22', 'Ensure that the --request-timeout argument is set', api(apiArg('min-request-timeout', { gte: 100 }, '1800')), `${M} OpenShift sets min-request-timeout to 3600 seconds.`),
  check('1.2.23', 'Ensure that the --service-account-lookup argument is set to true', api(apiArg('service-account-lookup', { eq: 'true' }, 'true')), M),
  check('1.2.24', 'Ensure that the --service-account-key-file argument is set as appropriate', os({ rule: 'list-set', component: 'kube-apiserver', field: 'serviceAccountPublicKeyFiles' }), M),
  check('1.2.25', 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate', api(apiArg('etcd-certfile', { set: true }), apiArg('etcd-keyfile', { set: true })), M),
  check('1.2.26', 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate', api(apiArg('tls-cert-file', { set: true }), apiArg('tls-private-key-file', { set: true })), `${M} A custom serving certificate for the API's host name goes in APIServer cluster spec.servingCerts.namedCertificates.`),
  check('1.2.27', 'Ensure that the --client-ca-file argument is set as appropriate', api(apiArg('client-ca-file', { set: true })), M),
  check('1.2.28', 'Ensure that the --etcd-cafile argument is set as appropriate', api(apiArg('etcd-cafile', { set: true })), M),
  check('1.2.29', 'Ensure that encryption providers are appropriately configured', os({ rule: 'encryption' }), 'oc patch apiserver cluster --type merge -p \'{"spec":{"encryption":{"type":"aescbc"}}}\' (or aesgcm), then wait for the Encrypted condition of the apiserver operators to report EncryptionCompleted.'),
  check('1.2.30', 'Ensure that the API Server only makes use of Strong Cryptographic Ciphers', manual('the TLS security profile: APIServer cluster spec.tlsSecurityProfile (unset means Intermediate, TLS 1.2+), servingInfo.cipherSuites and minTLSVersion in KubeAPIServer / OpenShiftAPIServer cluster spec.observedConfig, and the default IngressController status.tlsProfile.'), 'Set spec.tlsSecurityProfile on APIServer cluster (and the IngressController) to Intermediate or Modern, or a Custom profile with strong ciphers only.'),
  check('1.2.31', 'Ensure unsupported configuration overrides are not used', os({ rule: 'unsupported-overrides' }), 'oc patch kubeapiserver cluster --type merge -p \'{"spec":{"unsupportedConfigOverrides":null}}\''),
] };

export const RH18_CONTROLLER_MANAGER: GroupDef = { id: '1.3', text: 'Controller Manager', checks: [
  check('1.3.1', 'Ensure that controller manager healthz endpoints are protected by RBAC', manual('the kube-controller-manager pods\' probes (oc -n openshift-kube-controller-manager get cm kube-controller-manager-pod -o yaml), and that /metrics on port 10257 answers 403 to an unprivileged ServiceAccount token and 200 to a cluster-admin one.'), 'None required: the metrics are protected by RBAC.'),
  check('1.3.2', 'Ensure that the --use-service-account-credentials argument is set to true', api(kcmArg('use-service-account-credentials', { eq: 'true' }, 'false')), M),
  check('1.3.3', 'Ensure that the --service-account-private-key-file argument is set as appropriate', api(kcmArg('service-account-private-key-file', { set: true })), M),
  check('1.3.4', 'Ensure that the --root-ca-file argument is set as appropriate', api(kcmArg('root-ca-file', { set: true })), M),
] };

export const RH18_SCHEDULER: GroupDef = { id: '1.4', text: 'Scheduler', checks: [
  check('1.4.1', 'Ensure that the healthz endpoints for the scheduler are protected by RBAC', manual('the kube-scheduler pods\' probes (oc -n openshift-kube-scheduler get cm kube-scheduler-pod -o yaml), and that /metrics on port 10259 answers 403 to an unprivileged ServiceAccount token and 200 to a cluster-admin one.'), 'None required: profiling is protected by RBAC.'),
  check('1.4.2', 'Verify that the scheduler API service is protected by RBAC', manual('the kube-scheduler container\'s args in ConfigMap openshift-kube-scheduler/kube-scheduler-pod (no --bind-address, --port=0) and the same 403/200 test against the pod IP on port 10259.'), 'None required: the metrics endpoint is protected by RBAC when reached on the pod IP.'),
] };

export const RH18_MASTER: ControlsDef = { id: '1', text: 'Master Node Security Configuration', target: 'master', groups: [RH18_FILES, RH18_APISERVER, RH18_CONTROLLER_MANAGER, RH18_SCHEDULER] };
