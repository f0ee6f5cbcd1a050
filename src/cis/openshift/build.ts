import type { CheckDef, CheckTest, FlagCondition, KubeletCondition } from '../model.js';
import type { OpenShiftComponent } from './config.js';
import type { ArgCondition, ArgExpect, OpenShiftRule } from './rule-ids.js';

/** Builders for the rh-* profiles: a check's data reads as what the benchmark asks, where OpenShift keeps it. */
export const os = (rule: OpenShiftRule): CheckTest => ({ kind: 'openshift', rule });

export const arg = (component: OpenShiftComponent, name: string, expect: ArgExpect, defaultValue?: string): ArgCondition =>
  ({ component, arg: name, expect, ...(defaultValue === undefined ? {} : { default: defaultValue }) });

/** Arguments of the API server's config (ConfigMap openshift-kube-apiserver/config). */
export const api = (...all: ArgCondition[]): CheckTest => os({ rule: 'args', all });
export const apiArg = (name: string, expect: ArgExpect, defaultValue?: string): ArgCondition => arg('kube-apiserver', name, expect, defaultValue);
export const kcmArg = (name: string, expect: ArgExpect, defaultValue?: string): ArgCondition => arg('kube-controller-manager', name, expect, defaultValue);

export const kubelet = (...all: KubeletCondition[]): CheckTest => ({ kind: 'kubelet', all });
export const etcd = (...all: FlagCondition[]): CheckTest => ({ kind: 'flag', component: 'etcd', all });

export const manual = (look: string): CheckTest => ({ kind: 'manual', look });

export interface Spec {
  automated?: boolean;
  scored?: boolean;
}

/** A check; kube-bench's rh profiles mark nearly every master and policy check Manual and unscored. */
export function check(id: string, text: string, test: CheckTest, remediation: string, spec: Spec = {}): CheckDef {
  return { id, text, automated: spec.automated ?? false, scored: spec.scored ?? false, test, remediation };
}

/** The operator owns these files and settings: a change by hand is reverted or degrades the cluster. */
export const OPERATOR_MANAGED = 'None: an OpenShift operator manages this and reverts or degrades on manual edits; if it fails, find what changed it (oc get clusteroperators; the operator\'s logs).';

/** Files of the newest static pod revision (`kube-apiserver-pod-12/...`) and the kubelet's copy in /etc/kubernetes/manifests. */
export const revision = (pod: string, rest: string) => `^/etc/kubernetes/static-pod-resources/${pod}-pod-\\d+/${rest}$`;
export const exact = (path: string) => `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

export const nodeFile = (shown: string, paths: readonly string[], want: { mask: number } | { owners: readonly string[] }, ifExists = false): CheckTest =>
  os({ rule: 'node-file', shown, paths, ...want, ...(ifExists ? { ifExists } : {}) });
export const ROOT = { owners: ['root:root'] } as const;
