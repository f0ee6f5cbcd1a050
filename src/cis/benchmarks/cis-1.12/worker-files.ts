import type { GroupDef } from '../../model.js';
import { chmod, chown, P } from './paths.js';

/** 4.1 Worker Node Configuration Files. Each file is the one the running kubelet/kube-proxy actually uses. */
export const WORKER_FILES: GroupDef = {
  id: '4.1',
  text: 'Worker Node Configuration Files',
  checks: [
    { id: '4.1.1', text: 'Ensure that the kubelet service file permissions are set to 600 or more restrictive', automated: true, scored: true,
      test: { kind: 'file-mode', roles: ['kubelet-service'], mask: 0o600 }, remediation: `On each node run: ${chmod('600', P.kubeletService)} (the kubelet unit drop-in in use)` },
    { id: '4.1.2', text: 'Ensure that the kubelet service file ownership is set to root:root', automated: true, scored: true,
      test: { kind: 'file-owner', roles: ['kubelet-service'], user: 'root', group: 'root' }, remediation: `On each node run: ${chown('root:root', P.kubeletService)}` },
    { id: '4.1.3', text: 'If proxy kubeconfig file exists ensure permissions are set to 600 or more restrictive', automated: false, scored: false,
      test: { kind: 'file-mode', roles: ['proxy-kubeconfig'], mask: 0o600 }, remediation: 'On each node run: chmod 600 <kube-proxy --kubeconfig file>. Where kube-proxy runs as a DaemonSet (kubeadm), the file comes from its ConfigMap volume: set defaultMode: 0600 on that volume in DaemonSet kube-system/kube-proxy.' },
    { id: '4.1.4', text: 'If proxy kubeconfig file exists ensure ownership is set to root:root', automated: false, scored: false,
      test: { kind: 'file-owner', roles: ['proxy-kubeconfig'], user: 'root', group: 'root' }, remediation: 'On each node run: chown root:root <kube-proxy --kubeconfig file> (ConfigMap volumes of a DaemonSet are already root-owned).' },
    { id: '4.1.5', text: 'Ensure that the --kubeconfig kubelet.conf file permissions are set to 600 or more restrictive', automated: true, scored: true,
      test: { kind: 'file-mode', roles: ['kubelet-kubeconfig'], mask: 0o600 }, remediation: `On each node run: ${chmod('600', P.kubeletKubeconfig)} (the kubelet's --kubeconfig)` },
    { id: '4.1.6', text: 'Ensure that the --kubeconfig kubelet.conf file ownership is set to root:root', automated: true, scored: true,
      test: { kind: 'file-owner', roles: ['kubelet-kubeconfig'], user: 'root', group: 'root' }, remediation: `On each node run: ${chown('root:root', P.kubeletKubeconfig)}` },
    { id: '4.1.7', text: 'Ensure that the certificate authorities file permissions are set to 644 or more restrictive', automated: false, scored: false,
      test: { kind: 'file-mode', roles: ['kubelet-client-ca'], mask: 0o644 }, remediation: 'On each node run: chmod 644 <authentication.x509.clientCAFile> (kubeadm: /etc/kubernetes/pki/ca.crt)' },
    { id: '4.1.8', text: 'Ensure that the client certificate authorities file ownership is set to root:root', automated: false, scored: false,
      test: { kind: 'file-owner', roles: ['kubelet-client-ca'], user: 'root', group: 'root' }, remediation: 'On each node run: chown root:root <authentication.x509.clientCAFile> (kubeadm: /etc/kubernetes/pki/ca.crt)' },
    { id: '4.1.9', text: 'If the kubelet config.yaml configuration file is being used validate permissions set to 600 or more restrictive', automated: true, scored: true,
      test: { kind: 'file-mode', roles: ['kubelet-config'], mask: 0o600 }, remediation: `On each node run: ${chmod('600', P.kubeletConfig)} (the file named by the kubelet's --config)` },
    { id: '4.1.10', text: 'If the kubelet config.yaml configuration file is being used validate file ownership is set to root:root', automated: true, scored: true,
      test: { kind: 'file-owner', roles: ['kubelet-config'], user: 'root', group: 'root' }, remediation: `On each node run: ${chown('root:root', P.kubeletConfig)}` },
  ],
};
