import type { BenchmarkDef, GroupDef } from '../../model.js';
import { CIS_1_12_CONTROLS } from '../cis-1.12/index.js';
import { LOGGING } from '../cis-1.12/control-plane-config.js';

/**
 * CIS Kubernetes Benchmark v2.0.x (Kubernetes 1.34–1.35). The recommendations, IDs and classification
 * are those of v1.12 (kube-bench PR #2126 and its cfg/cis-2.0: "all the checks remain the same as
 * CIS-1.12"); the changes are in wording: 3.2.2's audit policy scope adds the CertificateSigningRequest
 * API and the ServiceAccount token sub-resource, and 1.2.29's remediation wording. So 2.0 shares the
 * 1.12 data and replaces only group 3.2.
 */
const LOGGING_2_0: GroupDef = {
  ...LOGGING,
  checks: LOGGING.checks.map((check) => (check.id !== '3.2.2' ? check : {
    ...check,
    test: {
      kind: 'manual',
      look: 'the audit policy named by --audit-policy-file: it should log Secrets, ConfigMaps and TokenReviews at Metadata level only, Pod and Deployment changes, pods/exec, pods/portforward, pods/proxy and services/proxy, the CertificateSigningRequest API and serviceaccounts/token (both create credentials), with exceptions for routine system operations such as kubelets renewing credentials.',
    },
    remediation: 'Extend the audit Policy with rules for the areas above at Metadata level, and exclude routine system requests (e.g. kubelet certificate renewals) to keep the log useful.',
  })),
};

export const CIS_2_0: BenchmarkDef = {
  name: 'cis-2.0',
  title: 'CIS Kubernetes Benchmark v2.0.1',
  kubernetes: ['1.34', '1.35'],
  controls: CIS_1_12_CONTROLS.map((controls) => (controls.target !== 'controlplane' ? controls : {
    ...controls,
    groups: controls.groups.map((group) => (group.id === '3.2' ? LOGGING_2_0 : group)),
  })),
};
