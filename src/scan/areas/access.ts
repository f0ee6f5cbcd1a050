import type { RuleDefinition } from '../../domain/finding.js';
import { Severity } from '../../domain/status.js';
import type { Area, AreaResult, ScanInput } from '../model.js';

export const ACCESS_RULES: RuleDefinition[] = [
  { id: 'LIVE001', title: 'kubeconfig skips TLS verification', severity: Severity.high,
    description: 'The context sets insecure-skip-tls-verify: the API server\'s certificate is not checked, so anyone on the path can impersonate the cluster and read the credentials sent to it.',
    remediation: 'Remove insecure-skip-tls-verify and set certificate-authority(-data) to the cluster CA.' },
  { id: 'LIVE002', title: 'objects could not be read', severity: Severity.info,
    description: 'The user of the context may not list some kinds; checks that need them are reported as not evaluated.',
    remediation: 'Run with a user that may list these kinds (e.g. bound to a read-only ClusterRole that includes them).' },
];

/** How the cluster was reached: findings about the connection itself. Nothing for file input. */
export const accessArea: Area = {
  id: 'access',
  title: 'Cluster access',
  run(input: ScanInput): AreaResult {
    const out: AreaResult = { findings: [], notEvaluated: [], rules: ACCESS_RULES };
    const live = input.live;
    if (live === undefined) return out;
    if (live.insecureSkipTlsVerify) {
      out.findings.push({ ruleId: 'LIVE001', severity: Severity.high, subject: `context ${live.context}`, location: { file: `live:${live.context}` },
        message: `context ${live.context} connects to ${live.server} with insecure-skip-tls-verify: the server's identity is not checked`,
        remediation: ACCESS_RULES[0]?.remediation ?? '' });
    }
    for (const u of live.unreadable) {
      out.findings.push({ ruleId: 'LIVE002', severity: Severity.info, subject: u.resource, location: { file: `live:${live.context}` }, message: u.message });
    }
    return out;
  },
};
