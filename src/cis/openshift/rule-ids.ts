import type { OpenShiftComponent } from './config.js';

/**
 * What an OpenShift check reads, as data (src/cis/openshift/judge.ts judges it). OpenShift keeps the flags of its
 * control plane in the components' `config` ConfigMaps, its cluster settings in config.openshift.io and
 * operator.openshift.io objects, and the node files where RHCOS lays them down; no check runs `oc`.
 */
export type ArgExpect =
  | { readonly set: true }
  | { readonly set: false } // absent or empty
  | { readonly has: string } // the argument's values contain this one
  | { readonly lacks: string } // absent counts as lacking
  | { readonly eq: string }
  | { readonly gte: number };

/** One argument of a component's config.yaml: `apiServerArguments` (API servers) or `extendedArguments` (controller manager). */
export interface ArgCondition {
  readonly component: OpenShiftComponent;
  readonly arg: string;
  readonly expect: ArgExpect;
  /** The component's built-in default, used when the argument is absent; evidence then says `default`. */
  readonly default?: string;
}

export type OpenShiftRule =
  | { readonly rule: 'args'; readonly all: readonly ArgCondition[] }
  /** A top-level list of config.yaml that must not be empty (serviceAccountPublicKeyFiles). */
  | { readonly rule: 'list-set'; readonly component: OpenShiftComponent; readonly field: string }
  /** servingInfo.bindAddress of the API server: its port must not be 0 (the secure port is served). */
  | { readonly rule: 'secure-port' }
  /** APIServer `cluster` (config.openshift.io): spec.encryption.type aescbc or aesgcm, and no failed encryption. */
  | { readonly rule: 'encryption' }
  /** KubeAPIServer `cluster` (operator.openshift.io): spec.unsupportedConfigOverrides null or empty. */
  | { readonly rule: 'unsupported-overrides' }
  /** ClusterRoleBindings granting system:unauthenticated: only OpenShift's defaults. */
  | { readonly rule: 'anonymous-bindings' }
  /**
   * SecurityContextConstraints: at least one SCC refuses what the check is about, so workloads can be given
   * it (kube-bench's test: some SCC shows `false`); every SCC that allows it is named in the evidence.
   */
  | { readonly rule: 'scc'; readonly refuses: SccRefusal }
  /**
   * Node files by exact path (patterns over the node's paths, e.g. the newest static pod revision): every one
   * found must satisfy the mode mask or be owned by one of `owners`. None found: WARN "not evaluated", unless
   * the benchmark says "if the file exists".
   */
  | { readonly rule: 'node-file'; readonly paths: readonly string[]; readonly shown: string; readonly mask?: number; readonly owners?: readonly string[]; readonly ifExists?: boolean };

/**
 * What an SCC refuses: a host namespace, privileged or escalating containers; root (`runAsNonRoot`: MustRunAsNonRoot
 * or a uid range above 0; `mustRunAsNonRoot`: MustRunAsNonRoot only, as rh-1.4 asks); NET_RAW (`dropNetRaw`: ALL or
 * NET_RAW dropped), every capability (`dropAll`: ALL dropped), added capabilities (`noAddedCaps`: allowedCapabilities
 * and defaultAddCapabilities unset or empty).
 */
export type SccRefusal = 'allowPrivilegedContainer' | 'allowHostPID' | 'allowHostIPC' | 'allowHostNetwork' | 'allowPrivilegeEscalation'
  | 'runAsNonRoot' | 'mustRunAsNonRoot' | 'dropNetRaw' | 'dropAll' | 'noAddedCaps';
