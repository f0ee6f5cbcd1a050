import type { GroupDef, KubeletCondition } from '../../model.js';
import { kubeletField, P } from './paths.js';

const kubelet = (...all: KubeletCondition[]) => ({ kind: 'kubelet', all } as const);

/** The kubelet's strong cipher suites as the benchmark lists them. */
export const KUBELET_STRONG_CIPHERS = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
] as const;

/**
 * 4.2 Kubelet. Every check reads the effective configuration: the --config file, --config-dir drop-ins,
 * command-line flags (which win) and KubeletConfiguration defaults for absent fields — so a config file
 * without readOnlyPort means 0 (PASS), while a kubelet with no config file at all serves 10255.
 */
export const KUBELET: GroupDef = {
  id: '4.2',
  text: 'Kubelet',
  checks: [
    { id: '4.2.1', text: 'Ensure that the --anonymous-auth argument is set to false', automated: true, scored: true,
      test: kubelet({ field: 'authentication.anonymous.enabled', flag: '--anonymous-auth', expect: { eq: 'false' } }),
      remediation: kubeletField('authentication.anonymous.enabled', 'false', '--anonymous-auth') },
    { id: '4.2.2', text: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow', automated: true, scored: true,
      test: kubelet({ field: 'authorization.mode', flag: '--authorization-mode', expect: { nothave: 'AlwaysAllow' } }),
      remediation: kubeletField('authorization.mode', 'Webhook', '--authorization-mode') },
    { id: '4.2.3', text: 'Ensure that the --client-ca-file argument is set as appropriate', automated: true, scored: true,
      test: kubelet({ field: 'authentication.x509.clientCAFile', flag: '--client-ca-file', expect: { set: true } }),
      remediation: kubeletField('authentication.x509.clientCAFile', '/etc/kubernetes/pki/ca.crt', '--client-ca-file') },
    { id: '4.2.4', text: 'Verify that if defined, the --read-only-port argument is set to 0', automated: false, scored: false,
      test: kubelet({ field: 'readOnlyPort', flag: '--read-only-port', expect: { eq: '0' } }),
      remediation: kubeletField('readOnlyPort', '0', '--read-only-port') },
    { id: '4.2.5', text: 'Ensure that the --streaming-connection-idle-timeout argument is not set to 0', automated: false, scored: false,
      test: kubelet({ field: 'streamingConnectionIdleTimeout', flag: '--streaming-connection-idle-timeout', expect: { noteq: '0' } }),
      remediation: kubeletField('streamingConnectionIdleTimeout', '5m (any non-zero duration; the default is 4h)', '--streaming-connection-idle-timeout') },
    { id: '4.2.6', text: 'Ensure that the --make-iptables-util-chains argument is set to true', automated: true, scored: true,
      test: kubelet({ field: 'makeIPTablesUtilChains', flag: '--make-iptables-util-chains', expect: { eq: 'true' } }),
      remediation: kubeletField('makeIPTablesUtilChains', 'true (or remove the field: the default is true)', '--make-iptables-util-chains') },
    { id: '4.2.7', text: 'Ensure that the --hostname-override argument is not set', automated: false, scored: false,
      test: { kind: 'kubelet-flag', flag: '--hostname-override', expect: { set: false } },
      remediation: `Remove --hostname-override from the kubelet's command line (${P.kubeletService}, /var/lib/kubelet/kubeadm-flags.env or /etc/default/kubelet), then run \`systemctl daemon-reload && systemctl restart kubelet\`. Some cloud providers need it; keep it there only if so.` },
    { id: '4.2.8', text: 'Ensure that the eventRecordQPS argument is set to a level which ensures appropriate event capture', automated: false, scored: false,
      test: kubelet({ field: 'eventRecordQPS', flag: '--event-qps', expect: { gte: 0 } }),
      remediation: kubeletField('eventRecordQPS', '<events per second that suits the node; 0 means no limit, the default is 50>', '--event-qps') },
    { id: '4.2.9', text: 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate', automated: false, scored: false,
      test: kubelet({ field: 'tlsCertFile', flag: '--tls-cert-file', expect: { set: true } }, { field: 'tlsPrivateKeyFile', flag: '--tls-private-key-file', expect: { set: true } }),
      remediation: `${kubeletField('tlsCertFile', '<serving certificate>', '--tls-cert-file')} Set tlsPrivateKeyFile to its key the same way; or use serverTLSBootstrap: true so that the kubelet requests a serving certificate from the cluster CA.` },
    { id: '4.2.10', text: 'Ensure that the --rotate-certificates argument is not set to false', automated: true, scored: true,
      test: kubelet({ field: 'rotateCertificates', flag: '--rotate-certificates', expect: { noteq: 'false' } }),
      remediation: kubeletField('rotateCertificates', 'true (the KubeletConfiguration default is false; kubeadm writes true)', '--rotate-certificates') },
    { id: '4.2.11', text: 'Verify that the RotateKubeletServerCertificate argument is set to true', automated: false, scored: false,
      test: kubelet({ field: 'featureGates.RotateKubeletServerCertificate', flag: '--feature-gates', expect: { noteq: 'false' } }),
      remediation: kubeletField('featureGates.RotateKubeletServerCertificate', 'true (or remove it: the gate defaults to true)', '--feature-gates') },
    { id: '4.2.12', text: 'Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers', automated: false, scored: false,
      test: kubelet({ field: 'tlsCipherSuites', flag: '--tls-cipher-suites', expect: { validElements: KUBELET_STRONG_CIPHERS } }),
      remediation: kubeletField('tlsCipherSuites', `[${KUBELET_STRONG_CIPHERS.join(', ')}] (or a subset)`, '--tls-cipher-suites') },
    { id: '4.2.13', text: 'Ensure that a limit is set on pod PIDs', automated: false, scored: false,
      test: kubelet({ field: 'podPidsLimit', flag: '--pod-max-pids', expect: { gte: 1 } }),
      remediation: kubeletField('podPidsLimit', '<a positive limit, e.g. 4096; the default -1 means unlimited>', '--pod-max-pids') },
    { id: '4.2.14', text: 'Ensure that the --seccomp-default parameter is set to true', automated: false, scored: false,
      test: kubelet({ field: 'seccompDefault', flag: '--seccomp-default', expect: { eq: 'true' } }),
      remediation: kubeletField('seccompDefault', 'true (the default is false)', '--seccomp-default') },
  ],
};

/** 4.3 kube-proxy. Its default --metrics-bind-address is 127.0.0.1:10249. */
export const KUBE_PROXY: GroupDef = {
  id: '4.3',
  text: 'kube-proxy',
  checks: [
    { id: '4.3.1', text: 'Ensure that the kube-proxy metrics service is bound to localhost', automated: true, scored: true,
      test: { kind: 'kube-proxy', field: 'metricsBindAddress', flag: '--metrics-bind-address', default: '127.0.0.1:10249', expect: { regex: '^(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?$' } },
      remediation: 'Set metricsBindAddress: 127.0.0.1:10249 in the kube-proxy configuration (kubeadm: ConfigMap kube-system/kube-proxy, key config.conf) or --metrics-bind-address=127.0.0.1:10249, or remove it to get that default; then restart the kube-proxy pods.' },
  ],
};
