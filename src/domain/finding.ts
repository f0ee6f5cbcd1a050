import type { Evidence, SourceLocation } from './evidence.js';
import type { Severity } from './status.js';

/**
 * A problem found outside the CIS benchmark (netpol lint, ingress TLS, GUIs, RBAC, ports, binaries).
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

/**
 * The catalogue entry of a rule: every area exports its rules as data so that reporters
 * (SARIF `tool.driver.rules`, HTML, docs) describe a rule once, whatever object it fired on.
 */
export interface RuleDefinition {
  /** Same id as `Finding.ruleId`, e.g. `NP001`, `ING003`. */
  id: string;
  /** Short name, e.g. "namespace without default-deny ingress". */
  title: string;
  /** Default severity; a finding may carry another one when the object makes it worse or milder. */
  severity: Severity;
  /** What the rule checks and why it matters, in one paragraph. */
  description: string;
  /** Generic remediation; a finding's own `remediation` is more specific. */
  remediation: string;
}
