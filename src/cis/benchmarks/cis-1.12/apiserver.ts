import type { CheckDef, FlagCondition, GroupDef } from '../../model.js';
import { P, removeFlag, setFlag } from './paths.js';

const api = (...all: FlagCondition[]) => ({ kind: 'flag', component: 'kube-apiserver', all } as const);
const set = (flag: string): FlagCondition => ({ flag, expect: { set: true } });
const edit = (flag: string) => setFlag(P.apiserver, 'kube-apiserver', flag);

/** Cipher suites the benchmark accepts for the API server (TLS 1.3 suites plus ECDHE with AEAD). */
export const APISERVER_STRONG_CIPHERS = [
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
] as const;

/** kube-apiserver's built-in defaults that matter when a flag is absent (Kubernetes 1.32–1.35). */
const DEFAULT = { anonymousAuth: 'true', profiling: 'true', authorizationMode: 'AlwaysAllow', serviceAccountLookup: 'true', extendTokenExpiration: 'true' } as const;

export const APISERVER_CHECKS: readonly CheckDef[] = [
  { id: '1.2.1', text: 'Ensure that the --anonymous-auth argument is set to false', automated: false, scored: false,
    test: api({ flag: '--anonymous-auth', default: DEFAULT.anonymousAuth, expect: { eq: 'false' } }), remediation: edit('--anonymous-auth=false') },
  { id: '1.2.2', text: 'Ensure that the --token-auth-file parameter is not set', automated: true, scored: true,
    test: api({ flag: '--token-auth-file', expect: { set: false } }),
    remediation: `Move the users of static tokens to another authenticator (client certificates, OIDC, webhook), then ${removeFlag(P.apiserver, 'kube-apiserver', '--token-auth-file=<file>').replace(/^Edit/, 'edit')}` },
  { id: '1.2.3', text: 'Ensure that the --DenyServiceExternalIPs is set', automated: false, scored: false,
    test: api({ flag: '--enable-admission-plugins', expect: { has: 'DenyServiceExternalIPs' } }), remediation: edit('--enable-admission-plugins=...,DenyServiceExternalIPs (keep the plugins already listed)') },
  { id: '1.2.4', text: 'Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate', automated: true, scored: true,
    test: api(set('--kubelet-client-certificate'), set('--kubelet-client-key')),
    remediation: edit('--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt and --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key (kubeadm paths)') },
  { id: '1.2.5', text: 'Ensure that the --kubelet-certificate-authority argument is set as appropriate', automated: true, scored: true,
    test: api(set('--kubelet-certificate-authority')),
    remediation: edit('--kubelet-certificate-authority=<CA that signed the kubelets\' serving certificates> (e.g. /etc/kubernetes/pki/ca.crt once kubelet serving certificates are signed by the cluster CA: serverTLSBootstrap: true)') },
  { id: '1.2.6', text: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow', automated: true, scored: true,
    test: api({ flag: '--authorization-mode', default: DEFAULT.authorizationMode, expect: { nothave: 'AlwaysAllow' } }), remediation: edit('--authorization-mode=Node,RBAC') },
  { id: '1.2.7', text: 'Ensure that the --authorization-mode argument includes Node', automated: true, scored: true,
    test: api({ flag: '--authorization-mode', default: DEFAULT.authorizationMode, expect: { has: 'Node' } }), remediation: edit('--authorization-mode=Node,RBAC') },
  { id: '1.2.8', text: 'Ensure that the --authorization-mode argument includes RBAC', automated: true, scored: true,
    test: api({ flag: '--authorization-mode', default: DEFAULT.authorizationMode, expect: { has: 'RBAC' } }), remediation: edit('--authorization-mode=Node,RBAC') },
  { id: '1.2.9', text: 'Ensure that the admission control plugin EventRateLimit is set', automated: false, scored: false,
    test: api({ flag: '--enable-admission-plugins', expect: { has: 'EventRateLimit' } }),
    remediation: 'Write an EventRateLimit configuration in an AdmissionConfiguration file, then ' + edit('--enable-admission-plugins=...,EventRateLimit and --admission-control-config-file=<that file>').replace(/^Edit/, 'edit') },
  { id: '1.2.10', text: 'Ensure that the admission control plugin AlwaysAdmit is not set', automated: true, scored: true,
    test: api({ flag: '--enable-admission-plugins', expect: { nothave: 'AlwaysAdmit' } }),
    remediation: `Edit ${P.apiserver} on the control-plane node and remove AlwaysAdmit from --enable-admission-plugins.` },
  { id: '1.2.11', text: 'Ensure that the admission control plugin AlwaysPullImages is set', automated: false, scored: false,
    test: api({ flag: '--enable-admission-plugins', expect: { has: 'AlwaysPullImages' } }), remediation: edit('--enable-admission-plugins=...,AlwaysPullImages (keep the plugins already listed)') },
  { id: '1.2.12', text: 'Ensure that the admission control plugin ServiceAccount is set', automated: true, scored: true,
    test: api({ flag: '--disable-admission-plugins', expect: { nothave: 'ServiceAccount' } }),
    remediation: `Edit ${P.apiserver} on the control-plane node and remove ServiceAccount from --disable-admission-plugins (it is enabled by default).` },
  { id: '1.2.13', text: 'Ensure that the admission control plugin NamespaceLifecycle is set', automated: true, scored: true,
    test: api({ flag: '--disable-admission-plugins', expect: { nothave: 'NamespaceLifecycle' } }),
    remediation: `Edit ${P.apiserver} on the control-plane node and remove NamespaceLifecycle from --disable-admission-plugins (it is enabled by default).` },
  { id: '1.2.14', text: 'Ensure that the admission control plugin NodeRestriction is set', automated: true, scored: true,
    test: api({ flag: '--enable-admission-plugins', expect: { has: 'NodeRestriction' } }), remediation: edit('--enable-admission-plugins=NodeRestriction (plus the plugins already listed); kubelets must use the Node authorizer credentials (system:node:<name>)') },
  { id: '1.2.15', text: 'Ensure that the --profiling argument is set to false', automated: true, scored: true,
    test: api({ flag: '--profiling', default: DEFAULT.profiling, expect: { eq: 'false' } }), remediation: edit('--profiling=false') },
  { id: '1.2.16', text: 'Ensure that the --audit-log-path argument is set', automated: true, scored: true,
    test: api(set('--audit-log-path')), remediation: edit('--audit-log-path=/var/log/kubernetes/audit/audit.log (and mount that directory into the pod as a hostPath volume)') },
  { id: '1.2.17', text: 'Ensure that the --audit-log-maxage argument is set to 30 or as appropriate', automated: true, scored: true,
    test: api({ flag: '--audit-log-maxage', expect: { gte: 30 } }), remediation: edit('--audit-log-maxage=30') },
  { id: '1.2.18', text: 'Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate', automated: true, scored: true,
    test: api({ flag: '--audit-log-maxbackup', expect: { gte: 10 } }), remediation: edit('--audit-log-maxbackup=10') },
  { id: '1.2.19', text: 'Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate', automated: true, scored: true,
    test: api({ flag: '--audit-log-maxsize', expect: { gte: 100 } }), remediation: edit('--audit-log-maxsize=100 (megabytes)') },
  { id: '1.2.20', text: 'Ensure that the --request-timeout argument is set as appropriate', automated: false, scored: false,
    test: { kind: 'manual', look: 'the API server\'s --request-timeout (default 1m0s); raise it only if long requests time out, e.g. --request-timeout=300s.' },
    remediation: `Only if requests time out with the default of 1m0s: edit ${P.apiserver} on the control-plane node and set --request-timeout=300s (or the duration needed) in the kube-apiserver container's command.` },
  { id: '1.2.21', text: 'Ensure that the --service-account-lookup argument is set to true', automated: true, scored: true,
    test: api({ flag: '--service-account-lookup', default: DEFAULT.serviceAccountLookup, expect: { eq: 'true' } }), remediation: `${edit('--service-account-lookup=true')} Removing the flag also works: the default is true.` },
  { id: '1.2.22', text: 'Ensure that the --service-account-key-file argument is set as appropriate', automated: true, scored: true,
    test: api(set('--service-account-key-file')), remediation: edit('--service-account-key-file=/etc/kubernetes/pki/sa.pub (the public half of the controller manager\'s --service-account-private-key-file)') },
  { id: '1.2.23', text: 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate', automated: true, scored: true,
    test: api(set('--etcd-certfile'), set('--etcd-keyfile')), remediation: edit('--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt and --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key') },
  { id: '1.2.24', text: 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate', automated: true, scored: true,
    test: api(set('--tls-cert-file'), set('--tls-private-key-file')), remediation: edit('--tls-cert-file=/etc/kubernetes/pki/apiserver.crt and --tls-private-key-file=/etc/kubernetes/pki/apiserver.key') },
  { id: '1.2.25', text: 'Ensure that the --client-ca-file argument is set as appropriate', automated: true, scored: true,
    test: api(set('--client-ca-file')), remediation: edit('--client-ca-file=/etc/kubernetes/pki/ca.crt') },
  { id: '1.2.26', text: 'Ensure that the --etcd-cafile argument is set as appropriate', automated: true, scored: true,
    test: api(set('--etcd-cafile')), remediation: edit('--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt') },
  { id: '1.2.27', text: 'Ensure that the --encryption-provider-config argument is set as appropriate', automated: false, scored: false,
    test: api(set('--encryption-provider-config')), remediation: 'Write an EncryptionConfiguration (e.g. /etc/kubernetes/enc/encryption.yaml, mounted into the pod), then ' + edit('--encryption-provider-config=/etc/kubernetes/enc/encryption.yaml').replace(/^Edit/, 'edit') },
  { id: '1.2.28', text: 'Ensure that encryption providers are appropriately configured', automated: false, scored: false,
    test: { kind: 'manual', look: 'the file named by --encryption-provider-config: the first provider for secrets must be aescbc, secretbox or kms (v2), not identity.' },
    remediation: 'In the EncryptionConfiguration named by --encryption-provider-config list kms (v2), aescbc or secretbox first under resources[].providers for secrets, then rewrite existing Secrets: kubectl get secrets -A -o json | kubectl replace -f -' },
  { id: '1.2.29', text: 'Ensure that the API Server only makes use of Strong Cryptographic Ciphers', automated: false, scored: false,
    test: api({ flag: '--tls-cipher-suites', expect: { validElements: APISERVER_STRONG_CIPHERS } }), remediation: edit(`--tls-cipher-suites=${APISERVER_STRONG_CIPHERS.join(',')} (or a subset)`) },
  { id: '1.2.30', text: 'Ensure that the --service-account-extend-token-expiration parameter is set to false', automated: true, scored: true,
    test: api({ flag: '--service-account-extend-token-expiration', default: DEFAULT.extendTokenExpiration, expect: { eq: 'false' } }),
    remediation: `${edit('--service-account-extend-token-expiration=false')} The default is true.` },
];

/** 1.2 API Server. */
export const APISERVER: GroupDef = { id: '1.2', text: 'API Server', checks: APISERVER_CHECKS };
