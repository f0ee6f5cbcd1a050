import type { ComponentName, FileRole } from '../domain/node-facts.js';

/**
 * The CIS Kubernetes benchmark as data. Definitions are immutable (`as const` in the benchmark files):
 * evaluating them never changes them. IDs, titles and Automated/Manual classification follow the
 * benchmark as kube-bench numbers it; the wording and the checks over facts are kubefort's own.
 */

/** kube-bench's targets: each benchmark section belongs to one. */
/** `managedservices`: the cloud services around a managed cluster (kube-bench's EKS/GKE/AKS profiles). */
export const TARGETS = ['master', 'etcd', 'controlplane', 'node', 'policies', 'managedservices'] as const;
export type Target = (typeof TARGETS)[number];

/**
 * What the value must satisfy. Values are compared as the component's flag parser sees them:
 * a bare boolean flag (`--profiling`) is `true`; comma lists (`--authorization-mode=Node,RBAC`) are split.
 */
export type Expect =
  | { readonly set: true } // present with a non-empty value
  | { readonly set: false } // absent
  | { readonly eq: string }
  | { readonly noteq: string }
  | { readonly has: string } // comma list contains the item
  | { readonly nothave: string } // comma list lacks the item (absent counts as lacking)
  | { readonly gte: number }
  | { readonly validElements: readonly string[] } // every item of the comma list is one of these
  | { readonly regex: string }
  /**
   * A feature gate in a `--feature-gates=A=true,B=false` list must be `enabled`; absent, it takes `default`
   * (the gate's own default). Values are read as Go's strconv.ParseBool; any other value is invalid and the
   * component would refuse to start, so it never passes.
   */
  | { readonly gate: string; readonly enabled: boolean; readonly default: boolean };

/** A test on one command-line flag of a component (last occurrence wins, as in Go's flag package). */
export interface FlagCondition {
  readonly flag: string;
  /** The component's built-in default used when the flag is absent; evidence then says `default`. */
  readonly default?: string;
  readonly expect: Expect;
}

/** Flag tests of one component; all conditions must hold. */
export interface FlagTest {
  readonly kind: 'flag';
  readonly component: ComponentName;
  readonly all: readonly FlagCondition[];
  /**
   * The first condition's value must name a different file than this flag of another component
   * (2.7: etcd's --trusted-ca-file must not be the API server's --client-ca-file, the cluster CA).
   */
  readonly differsFrom?: { readonly component: ComponentName; readonly flag: string };
}

/**
 * A kube-proxy setting: the flag wins over its --config file (KubeProxyConfiguration field), and an
 * absent or empty field takes kube-proxy's default.
 */
export interface KubeProxyTest {
  readonly kind: 'kube-proxy';
  readonly field: string;
  readonly flag: string;
  readonly default: string;
  readonly expect: Expect;
}

/** Permission bits: no bit outside `mask` may be set ("600 or more restrictive"). */
export interface FileModeTest {
  readonly kind: 'file-mode';
  /** Every file of these roles is checked (1.1.13 covers admin.conf and super-admin.conf). */
  readonly roles: readonly FileRole[];
  readonly mask: number;
}

/** Ownership. `root` is compared numerically (uid/gid 0); other names through the resolved names. */
export interface FileOwnerTest {
  readonly kind: 'file-owner';
  readonly roles: readonly FileRole[];
  readonly user: string;
  readonly group: string;
}

/** A field of the kubelet's effective configuration (file, drop-ins, flags and defaults merged). */
export interface KubeletCondition {
  /** Dotted KubeletConfiguration path, e.g. `authentication.anonymous.enabled`. */
  readonly field: string;
  /** The equivalent command-line flag, shown in reasons. */
  readonly flag?: string;
  readonly expect: Expect;
}

/** Kubelet configuration tests; all conditions must hold. */
export interface KubeletTest {
  readonly kind: 'kubelet';
  readonly all: readonly KubeletCondition[];
}

/** A kubelet flag that has no KubeletConfiguration field (`--hostname-override`). */
export interface KubeletFlagTest {
  readonly kind: 'kubelet-flag';
  readonly flag: string;
  readonly expect: Expect;
}

/** Judged against cluster objects from `--manifests DIR`. */
export interface ObjectsTest {
  readonly kind: 'objects';
  readonly rule: ObjectRuleId;
}

/** Nothing a tool can decide: WARN with what a person must look at. */
export interface ManualTest {
  readonly kind: 'manual';
  readonly look: string;
}

/** A check from a kube-bench-format config directory (`bench --config-dir`), judged by src/cis/custom. */
export interface CustomTest {
  readonly kind: 'custom';
  readonly spec: import('./custom/spec.js').CustomCheckSpec;
}

/**
 * A test of a k3s profile (src/cis/checks/k3s.ts): `test` judged on the facts k3s-collected (the k3s log or
 * k3s's defaults and config), with files restricted to k3s's own paths. `etcdOnly`: the check is about k3s's
 * embedded etcd; with the SQLite or an external datastore it does not apply (INFO, never PASS). `mustExist`:
 * files k3s always creates, whose absence means they were not seen (WARN), not that there is nothing to protect.
 */
export interface K3sTest {
  readonly kind: 'k3s';
  readonly test: CheckTest;
  readonly etcdOnly?: boolean;
  readonly mustExist?: boolean;
}

/** An OpenShift setting (config ConfigMaps, config.openshift.io / operator.openshift.io objects, RHCOS node files), judged by src/cis/openshift. */
export interface OpenShiftTest {
  readonly kind: 'openshift';
  readonly rule: import('./openshift/rule-ids.js').OpenShiftRule;
}

export type CheckTest = FlagTest | KubeProxyTest | FileModeTest | FileOwnerTest | KubeletTest | KubeletFlagTest | ObjectsTest | ManualTest | CustomTest | K3sTest | OpenShiftTest;

export const OBJECT_RULES = [
  'cluster-admin-bindings',
  'secrets-access',
  'rbac-wildcards',
  'create-pods',
  'default-service-account',
  'sa-token-mount',
  'bind-escalate-impersonate',
  'create-persistent-volumes',
  'node-proxy',
  'csr-approval',
  'webhook-configs',
  'sa-token-create',
  'pod-security-labels',
  'privileged',
  'host-pid',
  'host-ipc',
  'host-network',
  'allow-privilege-escalation',
  'root-containers',
  'net-raw',
  'added-capabilities',
  'host-process',
  'host-path',
  'host-ports',
  'namespaces-without-netpol',
  'secrets-in-env',
  'seccomp',
  'security-context',
  'default-namespace',
] as const;
export type ObjectRuleId = (typeof OBJECT_RULES)[number];

export interface CheckDef {
  readonly id: string;
  /** The benchmark's recommendation, without the (Automated)/(Manual) suffix, which is derived. */
  readonly text: string;
  readonly automated: boolean;
  readonly scored: boolean;
  readonly test: CheckTest;
  /** What to change: file, flag or field, value. */
  readonly remediation: string;
}

export interface GroupDef {
  readonly id: string;
  readonly text: string;
  readonly checks: readonly CheckDef[];
}

export interface ControlsDef {
  readonly id: string;
  readonly text: string;
  readonly target: Target;
  readonly groups: readonly GroupDef[];
}

export interface BenchmarkDef {
  readonly name: string;
  readonly title: string;
  /** Kubernetes minor versions the benchmark covers, inclusive, e.g. ['1.32', '1.34']. */
  readonly kubernetes: readonly [string, string];
  readonly controls: readonly ControlsDef[];
}

export function checkTitle(check: Pick<CheckDef, 'text' | 'automated'>): string {
  return `${check.text} (${check.automated ? 'Automated' : 'Manual'})`;
}
