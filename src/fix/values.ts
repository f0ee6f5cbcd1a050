/**
 * Values kubefort may fill in without asking, and those it never guesses. A kubeadm default path is used only
 * when that file exists on the node: pointing a flag at a missing file stops the component (MV004).
 */
export const KUBEADM_FILES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'kube-apiserver': {
    '--client-ca-file': '/etc/kubernetes/pki/ca.crt',
    '--etcd-cafile': '/etc/kubernetes/pki/etcd/ca.crt',
    '--etcd-certfile': '/etc/kubernetes/pki/apiserver-etcd-client.crt',
    '--etcd-keyfile': '/etc/kubernetes/pki/apiserver-etcd-client.key',
    '--kubelet-client-certificate': '/etc/kubernetes/pki/apiserver-kubelet-client.crt',
    '--kubelet-client-key': '/etc/kubernetes/pki/apiserver-kubelet-client.key',
    '--service-account-key-file': '/etc/kubernetes/pki/sa.pub',
    '--tls-cert-file': '/etc/kubernetes/pki/apiserver.crt',
    '--tls-private-key-file': '/etc/kubernetes/pki/apiserver.key',
  },
  'kube-controller-manager': {
    '--root-ca-file': '/etc/kubernetes/pki/ca.crt',
    '--service-account-private-key-file': '/etc/kubernetes/pki/sa.key',
  },
  etcd: {
    '--cert-file': '/etc/kubernetes/pki/etcd/server.crt',
    '--key-file': '/etc/kubernetes/pki/etcd/server.key',
    '--peer-cert-file': '/etc/kubernetes/pki/etcd/peer.crt',
    '--peer-key-file': '/etc/kubernetes/pki/etcd/peer.key',
    '--trusted-ca-file': '/etc/kubernetes/pki/etcd/ca.crt',
  },
  kubelet: {
    'authentication.x509.clientCAFile': '/etc/kubernetes/pki/ca.crt',
  },
};

/** Settings whose value is a site decision or would break the cluster if guessed. */
export const NEVER_GUESS: Readonly<Record<string, string>> = {
  '--kubelet-certificate-authority': 'it must be the CA that signed the kubelets\' serving certificates; kubeadm kubelets serve self-signed certificates unless serverTLSBootstrap is on, so pointing it at the cluster CA breaks kubectl logs and exec',
  '--audit-log-path': 'where the audit log goes (a disk with room for it, rotation) is a site decision',
  '--audit-policy-file': 'the audit policy says what to record; kubefort does not write one',
  '--encryption-provider-config': 'the EncryptionConfiguration holds the keys for Secrets at rest; kubefort does not create keys',
  '--token-auth-file': 'removing static tokens locks out whoever uses them; move them to another authenticator first',
};

/** Values for checks whose expectation is a pattern rather than a value. */
export const PATTERN_VALUES: Readonly<Record<string, string>> = {
  '--bind-address': '127.0.0.1',
};

/** The KubeletConfiguration value for a check's expectation on a field (types as the file holds them). */
export const KUBELET_FIELD_VALUES: Readonly<Record<string, unknown>> = {
  'authorization.mode': 'Webhook',
};
