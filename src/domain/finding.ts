import type { Evidence, SourceLocation } from './evidence.js';
import type { Severity } from './status.js';

/**
 * A problem found outside the CIS benchmark (netpol lint, ingress TLS, dashboard, binaries).
 * Every area reports these so that `kubefort scan` and the SARIF/JUnit reporters can merge them.
 */
export interface Finding {
  /** Stable rule id, e.g. `NP001`, namespaced per area. */
  ruleId: string;
  severity: Severity;
  /** One sentence, with the object named: "namespace a12 has no default-deny egress policy". */
  message: string;
  /** The object concerned, `<namespace>/<name>[<Kind>]` or a file path. */
  subject?: string;
  location?: SourceLocation;
  evidence?: Evidence[];
  /** What to do; may hold a YAML manifest that fixes it. */
  remediation?: string;
}
