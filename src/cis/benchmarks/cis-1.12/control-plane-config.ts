import type { GroupDef } from '../../model.js';
import { P, setFlag } from './paths.js';

/** 3.1 Authentication and Authorization. */
export const AUTHENTICATION: GroupDef = {
  id: '3.1',
  text: 'Authentication and Authorization',
  checks: [
    { id: '3.1.1', text: 'Client certificate authentication should not be used for users', automated: false, scored: false,
      test: { kind: 'manual', look: 'who holds client certificates signed by the cluster CA (kubeadm kubeconfig files, `kubectl get csr`); client certificates cannot be revoked.' },
      remediation: 'Give people OIDC (--oidc-* flags or an AuthenticationConfiguration) or webhook authentication instead of client certificates; keep certificates for components.' },
    { id: '3.1.2', text: 'Service account token authentication should not be used for users', automated: false, scored: false,
      test: { kind: 'manual', look: 'kubeconfig files handed to people that carry ServiceAccount tokens.' },
      remediation: 'Give people OIDC or webhook authentication; keep ServiceAccount tokens for workloads.' },
    { id: '3.1.3', text: 'Bootstrap token authentication should not be used for users', automated: false, scored: false,
      test: { kind: 'manual', look: 'bootstrap tokens (Secrets of type bootstrap.kubernetes.io/token in kube-system) used by people rather than joining nodes.' },
      remediation: 'Use bootstrap tokens only to join nodes, with a short TTL (kubeadm token create --ttl 1h); give people OIDC or webhook authentication.' },
  ],
};

/** 3.2 Logging. */
export const LOGGING: GroupDef = {
  id: '3.2',
  text: 'Logging',
  checks: [
    { id: '3.2.1', text: 'Ensure that a minimal audit policy is created', automated: false, scored: false,
      test: { kind: 'flag', component: 'kube-apiserver', all: [{ flag: '--audit-policy-file', expect: { set: true } }] },
      remediation: `Write an audit Policy (e.g. /etc/kubernetes/audit-policy.yaml, mounted into the pod), then ${setFlag(P.apiserver, 'kube-apiserver', '--audit-policy-file=/etc/kubernetes/audit-policy.yaml').replace(/^Edit/, 'edit')}` },
    { id: '3.2.2', text: 'Ensure that the audit policy covers key security concerns', automated: false, scored: false,
      test: { kind: 'manual', look: 'the audit policy named by --audit-policy-file: it should log Secrets, ConfigMaps and TokenReviews at Metadata level only, Pod and Deployment changes, and pods/exec, pods/portforward, pods/proxy and services/proxy.' },
      remediation: 'Extend the audit Policy with rules for the areas above, at Metadata level (RequestResponse only where the data is not sensitive).' },
  ],
};
