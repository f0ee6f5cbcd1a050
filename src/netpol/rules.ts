import type { RuleDefinition } from '../domain/finding.js';
import { Severity } from '../domain/status.js';

const REMEDIATION = 'See the finding for a policy that fixes it; `kubefort netpol eval` explains any single connection.';

/** Rule, title and the severity it fires with most often; a finding may carry another (NP010 is medium on ingress). */
const CATALOGUE: readonly (readonly [id: string, title: string, severity: Severity])[] = [
  ['NP000', 'invalid input or policy (skipped)', Severity.high],
  ['NP001', 'namespace without a default-deny ingress policy', Severity.medium],
  ['NP002', 'namespace without a default-deny egress policy', Severity.medium],
  ['NP003', 'workload selected by no NetworkPolicy', Severity.medium],
  ['NP004', 'workloads can reach the cloud metadata endpoint 169.254.169.254', Severity.high],
  ['NP005', 'workloads can reach a provider-specific metadata endpoint (100.100.100.200, fd00:ec2::254)', Severity.low],
  ['NP006', 'default-deny egress blocks DNS to kube-dns', Severity.high],
  ['NP007', 'policy selects no pod', Severity.low],
  ['NP008', 'peer selects nothing', Severity.low],
  ['NP009', 'named port resolves nowhere', Severity.medium],
  ['NP010', 'rule allows all traffic', Severity.low],
  ['NP011', 'AdminNetworkPolicy or BaselineAdminNetworkPolicy selects no pod', Severity.low],
  ['NP012', 'AdminNetworkPolicies share a priority (order undefined)', Severity.medium],
];

/** The NetworkPolicy lint catalogue, defined once: `netpol lint` SARIF and `scan` both describe rules from it. */
export const NETPOL_RULES: readonly RuleDefinition[] = CATALOGUE.map(([id, title, severity]) => ({
  id, title, severity, description: `NetworkPolicy lint: ${title}.`, remediation: REMEDIATION,
}));
