import type { ControlsDef } from '../model.js';
import { api, apiArg, check, etcd, exact, kubelet, manual, nodeFile, OPERATOR_MANAGED, ROOT } from './build.js';

const M = OPERATOR_MANAGED;
/** OpenShift changes kubelet settings through a KubeletConfig custom resource, which the Machine Config Operator rolls out. */
const KUBELETCONFIG = 'Create a KubeletConfig (machineconfiguration.openshift.io/v1) for the pool that sets it; the Machine Config Operator writes /etc/kubernetes/kubelet.conf and restarts the kubelet (never edit the file).';
const ETCD_CERTS = '^/etc/kubernetes/static-pod-certs/secrets/etcd-all-(?:serving|certs)/etcd-serving-.*\\.(?:crt|key)$';
const ETCD_PEER = '^/etc/kubernetes/static-pod-certs/secrets/etcd-all-(?:peer|certs)/etcd-peer-.*\\.(?:crt|key)$';
const ETCD_CA = '^/etc/kubernetes/static-pod-certs/configmaps/etcd-(?:serving|peer-client)-ca/ca-bundle\\.(?:crt|key)$';

/**
 * 2 etcd: OpenShift's etcd static pod runs etcd with its TLS settings on the command line, so kubefort reads them
 * from the etcd process of an RHCOS control-plane node (/proc/<pid>/cmdline), as kube-bench reads `ps` in the pod.
 * The certificates must be the etcd operator's (static-pod-certs/secrets/etcd-all-certs), the CAs its own bundles.
 */
export const RH18_ETCD: ControlsDef = { id: '2', text: 'Etcd Node Configuration', target: 'etcd', groups: [{ id: '2', text: 'Etcd Node Configuration Files', checks: [
  check('2.1', 'Ensure that the --cert-file and --key-file arguments are set as appropriate', etcd({ flag: '--cert-file', expect: { regex: ETCD_CERTS } }, { flag: '--key-file', expect: { regex: ETCD_CERTS } }), M),
  check('2.2', 'Ensure that the --client-cert-auth argument is set to true', etcd({ flag: '--client-cert-auth', default: 'false', expect: { eq: 'true' } }), M),
  check('2.3', 'Ensure that the --auto-tls argument is not set to true', etcd({ flag: '--auto-tls', default: 'false', expect: { noteq: 'true' } }), M),
  check('2.4', 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate', etcd({ flag: '--peer-cert-file', expect: { regex: ETCD_PEER } }, { flag: '--peer-key-file', expect: { regex: ETCD_PEER } }), M),
  check('2.5', 'Ensure that the --peer-client-cert-auth argument is set to true', etcd({ flag: '--peer-client-cert-auth', default: 'false', expect: { eq: 'true' } }), M),
  check('2.6', 'Ensure that the --peer-auto-tls argument is not set to true', etcd({ flag: '--peer-auto-tls', default: 'false', expect: { noteq: 'true' } }), M),
  check('2.7', 'Ensure that a unique Certificate Authority is used for etcd', etcd({ flag: '--trusted-ca-file', expect: { regex: ETCD_CA } }, { flag: '--peer-trusted-ca-file', expect: { regex: ETCD_CA } }), M),
] }] };

export const RH18_CONTROLPLANE: ControlsDef = { id: '3', text: 'Control Plane Configuration', target: 'controlplane', groups: [
  { id: '3.1', text: 'Authentication and Authorization', checks: [
    check('3.1.1', 'Client certificate authentication should not be used for users', manual('that OAuth cluster spec.identityProviders names an identity provider, that cluster-admin is bound to named users or groups from it, and that the kubeadmin Secret in kube-system is gone (oc get secret kubeadmin -n kube-system).'), 'Configure an identity provider in OAuth cluster, give a user from it cluster-admin, then remove the kubeadmin user (oc delete secret kubeadmin -n kube-system).'),
  ] },
  { id: '3.2', text: 'Logging', checks: [
    check('3.2.1', 'Ensure that a minimal audit policy is created', manual('APIServer cluster spec.audit.profile (Default, WriteRequestBodies, AllRequestBodies; None turns auditing off) and the audit logs on the control-plane nodes (oc adm node-logs --role=master --path=kube-apiserver/).'), 'None required: OpenShift audits with the Default profile.'),
    check('3.2.2', 'Ensure that the audit policy covers key security concerns', manual('APIServer cluster spec.audit.profile and spec.audit.customRules (per-group profiles) against what you must record.'), 'Where needed, raise spec.audit.profile of APIServer cluster (WriteRequestBodies or AllRequestBodies) or add spec.audit.customRules.'),
  ] },
] };

/**
 * 4 the worker node: the files kube-bench stats with `oc debug node/…` (kubelet.service, /etc/kubernetes/kubelet.conf —
 * the KubeletConfiguration on RHCOS —, kubelet-ca.crt, and /var/lib/kubelet/config.json, the image pull secret the
 * kubelet reads), and the kubelet's effective configuration (kube-bench reads it from /configz; kubefort from the
 * kubelet's command line and --config file). 4.2.3 is type manual in kube-bench; 4.2.1 is about garbage collection,
 * whatever kube-bench's audit greps.
 */
export const RH18_NODE: ControlsDef = { id: '4', text: 'Worker Node Security Configuration', target: 'node', groups: [
  { id: '4.1', text: 'Worker Node Configuration Files', checks: [
    check('4.1.1', 'Ensure that the kubelet service file permissions are set to 644 or more restrictive', nodeFile('/etc/systemd/system/kubelet.service', [exact('/etc/systemd/system/kubelet.service')], { mask: 0o644 }), M, { automated: true, scored: true }),
    check('4.1.2', 'Ensure that the kubelet service file ownership is set to root:root', nodeFile('/etc/systemd/system/kubelet.service', [exact('/etc/systemd/system/kubelet.service')], ROOT), M, { automated: true, scored: true }),
    check('4.1.3', 'If proxy kube proxy configuration file exists ensure permissions are set to 644 or more restrictive', { kind: 'file-mode', roles: ['proxy-config'], mask: 0o644 }, 'None required: kube-proxy runs in the openshift-sdn pods (OVN-Kubernetes clusters have none).'),
    check('4.1.4', 'If proxy kubeconfig file exists ensure ownership is set to root:root', { kind: 'file-owner', roles: ['proxy-kubeconfig', 'proxy-config'], user: 'root', group: 'root' }, 'None required: the configuration is managed by OpenShift operators.'),
    check('4.1.5', 'Ensure that the --kubeconfig kubelet.conf file permissions are set to 644 or more restrictive', nodeFile('/etc/kubernetes/kubelet.conf', [exact('/etc/kubernetes/kubelet.conf')], { mask: 0o644 }), M, { automated: true, scored: true }),
    check('4.1.6', 'Ensure that the --kubeconfig kubelet.conf file ownership is set to root:root', nodeFile('/etc/kubernetes/kubelet.conf', [exact('/etc/kubernetes/kubelet.conf')], ROOT), M, { automated: true, scored: true }),
    check('4.1.7', 'Ensure that the certificate authorities file permissions are set to 644 or more restrictive', nodeFile('/etc/kubernetes/kubelet-ca.crt', [exact('/etc/kubernetes/kubelet-ca.crt')], { mask: 0o644 }), M, { automated: true, scored: true }),
    check('4.1.8', 'Ensure that the client certificate authorities file ownership is set to root:root', nodeFile('/etc/kubernetes/kubelet-ca.crt', [exact('/etc/kubernetes/kubelet-ca.crt')], ROOT), M, { automated: true, scored: true }),
    check('4.1.9', 'Ensure that the kubelet --config configuration file has permissions set to 600 or more restrictive', nodeFile('/var/lib/kubelet/config.json (or /var/data/kubelet/config.json)', [exact('/var/data/kubelet/config.json'), exact('/var/lib/kubelet/config.json')], { mask: 0o600 }), M, { automated: true, scored: true }),
    check('4.1.10', 'Ensure that the kubelet configuration file ownership is set to root:root', nodeFile('/var/lib/kubelet/config.json (or /var/data/kubelet/config.json)', [exact('/var/data/kubelet/config.json'), exact('/var/lib/kubelet/config.json')], ROOT), M, { automated: true, scored: true }),
  ] },
  { id: '4.2', text: 'Kubelet', checks: [
    check('4.2.1', 'Activate Garbage collection in OpenShift Container Platform 4, as appropriate', manual('evictionHard / evictionSoft and imageGCHighThresholdPercent / imageGCLowThresholdPercent in the kubelet\'s configuration (/etc/kubernetes/kubelet.conf) against your capacity plan.'), `Where the defaults do not fit: ${KUBELETCONFIG}`, { scored: true }),
    check('4.2.2', 'Ensure that the --anonymous-auth argument is set to false', kubelet({ field: 'authentication.anonymous.enabled', flag: '--anonymous-auth', expect: { eq: 'false' } }), KUBELETCONFIG, { automated: true, scored: true }),
    check('4.2.3', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow', manual('authorization.mode of the kubelet (/etc/kubernetes/kubelet.conf, or oc get --raw /api/v1/nodes/NODE/proxy/configz): Webhook, not AlwaysAllow.'), 'None required: unauthenticated and unauthorized users have no access to OpenShift nodes.', { automated: true, scored: true }),
    check('4.2.4', 'Ensure that the --client-ca-file argument is set as appropriate', kubelet({ field: 'authentication.x509.clientCAFile', flag: '--client-ca-file', expect: { eq: '/etc/kubernetes/kubelet-ca.crt' } }), 'None required: changing clientCAFile is unsupported.', { automated: true, scored: true }),
    check('4.2.5', 'Verify that the read only port is not used or is set to 0', kubelet({ field: 'readOnlyPort', flag: '--read-only-port', expect: { eq: '0' } }), `${KUBELETCONFIG} (kubeletConfig.readOnlyPort: 0)`, { automated: true, scored: true }),
    check('4.2.6', 'Ensure that the --streaming-connection-idle-timeout argument is not set to 0', kubelet({ field: 'streamingConnectionIdleTimeout', flag: '--streaming-connection-idle-timeout', expect: { noteq: '0' } }), `${KUBELETCONFIG} (kubeletConfig.streamingConnectionIdleTimeout, not 0)`, { automated: true, scored: true }),
    check('4.2.7', 'Ensure that the --make-iptables-util-chains argument is set to true', kubelet({ field: 'makeIPTablesUtilChains', flag: '--make-iptables-util-chains', expect: { eq: 'true' } }), 'None required: makeIPTablesUtilChains is true by default.'),
    check('4.2.8', 'Ensure that the kubeAPIQPS [--event-qps] argument is set to 0 or a level which ensures appropriate event capture', kubelet({ field: 'kubeAPIQPS', flag: '--kube-api-qps', expect: { gte: 0 } }), `None required by default; otherwise ${KUBELETCONFIG}`),
    check('4.2.9', 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate', api(apiArg('kubelet-client-certificate', { set: true }), apiArg('kubelet-client-key', { set: true })), M, { scored: true }),
    check('4.2.10', 'Ensure that the --rotate-certificates argument is not set to false', kubelet({ field: 'rotateCertificates', flag: '--rotate-certificates', expect: { eq: 'true' } }), 'None required.'),
    check('4.2.11', 'Verify that the RotateKubeletServerCertificate argument is set to true', kubelet({ field: 'featureGates.RotateKubeletServerCertificate', flag: '--feature-gates', expect: { eq: 'true' } }, { field: 'rotateCertificates', flag: '--rotate-certificates', expect: { eq: 'true' } }), 'None required: kubelet server certificate rotation is on by default.'),
    check('4.2.12', 'Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers', manual('tlsCipherSuites and tlsMinVersion of the kubelet (/etc/kubernetes/kubelet.conf; set from the TLS security profile of KubeletConfig spec.tlsSecurityProfile), and KubeAPIServer / OpenShiftAPIServer spec.observedConfig.servingInfo.cipherSuites.'), 'Set spec.tlsSecurityProfile in a KubeletConfig (and in APIServer cluster) to Intermediate or Modern.'),
  ] },
] };
