/** Builds Findings of the ingress rules; severity and generic remediation come from the catalogue. */
import type { SourceLocation } from '../domain/evidence.js';
import type { Evidence } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import type { Severity } from '../domain/status.js';
import { ingressRule } from './rules.js';

export interface FindingExtras {
  subject?: string;
  location?: SourceLocation | undefined;
  remediation?: string;
  severity?: Severity;
  evidence?: Evidence[];
}

export function finding(ruleId: string, message: string, extras: FindingExtras = {}): Finding {
  const rule = ingressRule(ruleId);
  return {
    ruleId,
    severity: extras.severity ?? rule.severity,
    message,
    ...(extras.subject !== undefined ? { subject: extras.subject } : {}),
    ...(extras.location !== undefined ? { location: extras.location } : {}),
    ...(extras.evidence !== undefined ? { evidence: extras.evidence } : {}),
    remediation: extras.remediation ?? rule.remediation,
  };
}
