/**
 * A check as kube-bench's cfg files write it (`cfg/<benchmark>/<target>.yaml`), after parsing: the audit
 * command is kept as text and only ever matched against known idioms (audit.ts), never run.
 */
export const COMPARE_OPS = ['eq', 'noteq', 'gt', 'gte', 'lt', 'lte', 'has', 'nothave', 'regex', 'valid_elements', 'bitmask'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export interface TestItem {
  /** A flag of the audited process (`--anonymous-auth`), or the key of `key=value` / `key` audit output (`permissions`, `root:root`). */
  readonly flag?: string;
  /** JSONPath-like path into the audit_config file (`{.authentication.anonymous.enabled}`). */
  readonly path?: string;
  /** An environment variable standing for the flag (etcd's ETCD_*). */
  readonly env?: string;
  /** true: must be present; false: must be absent; undefined: present unless a compare says otherwise. */
  readonly set?: boolean;
  readonly compare?: { readonly op: CompareOp; readonly value: string };
}

export interface CustomCheckSpec {
  readonly audit?: string;
  readonly auditConfig?: string;
  /** kube-bench's `type: skip`: reported as INFO. (`type: manual` becomes a Manual check when loading.) */
  readonly skip?: boolean;
  readonly binOp: 'and' | 'or';
  readonly items: readonly TestItem[];
  /** Every output line must pass (kube-bench's use_multiple_values, for audits that list several files). */
  readonly multipleValues: boolean;
}
