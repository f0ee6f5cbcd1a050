/** Result of judging one check, in kube-bench's vocabulary. */
export const Status = {
  PASS: 'PASS',
  FAIL: 'FAIL',
  WARN: 'WARN',
  INFO: 'INFO',
} as const;
export type Status = (typeof Status)[keyof typeof Status];

export const STATUS_ORDER: readonly Status[] = [Status.PASS, Status.FAIL, Status.WARN, Status.INFO];

/** Severity of a finding outside the CIS benchmark (netpol lint, ingress, gui, ...). */
export const Severity = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'info',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export const SEVERITY_ORDER: readonly Severity[] = [Severity.critical, Severity.high, Severity.medium, Severity.low, Severity.info];
