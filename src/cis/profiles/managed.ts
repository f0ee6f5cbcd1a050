import type { CheckDef, CheckTest, GroupDef } from '../model.js';
import { CIS_1_12_CONTROLS } from '../benchmarks/cis-1.12/index.js';
import { change, type CheckStep } from '../benchmarks/delta.js';

/**
 * What the managed-cluster benchmarks (EKS, GKE, AKS) share: their node and policy recommendations are the CIS
 * Kubernetes benchmark's under other numbers and titles, so they reuse cis-1.12's checks; the rest is a
 * person's look in the cloud account.
 */
const library = new Map(CIS_1_12_CONTROLS.flatMap((c) => c.groups.flatMap((g) => g.checks)).map((c) => [c.id, c]));

export type From = (cisId: string, id: string, text: string, automated: boolean, scored: boolean, patch?: Partial<CheckDef>) => CheckDef;

/** A check of the shared library under the profile's id, title and classification. */
export const libraryCheck = (profile: string): From => (cisId, id, text, automated, scored, patch = {}) => {
  const base = library.get(cisId);
  if (base === undefined) throw new Error(`${profile}: no cis-1.12 check ${cisId}`);
  return { ...base, id, text, automated, scored, ...patch };
};

/** A recommendation kubefort cannot judge from the node or the objects: what a person looks at, and what to change. */
export const look = (id: string, text: string, automated: boolean, what: string, remediation: string): CheckDef =>
  ({ id, text, automated, scored: false, test: { kind: 'manual', look: what } as CheckTest, remediation });

/** A cloud setting: [id, title, automated, what to look at, what to change]. */
export type Cloud = [string, string, boolean, string, string];
/** A group of cloud settings, each a person's look (`look`). */
export const lookGroup = (id: string, text: string, rows: Cloud[]): GroupDef => ({ id, text, checks: rows.map(([cid, title, automated, what, how]) => look(cid, title, automated, what, how)) });

/** A policy check of the shared library, unscored (kube-bench's eks-1.7.0 and gke-1.6.0 score none of section 4). */
export const unscoredPolicy = (from: From) => (cisId: string, id: string, text: string, automated: boolean): CheckDef => from(cisId, id, text, automated, false);

/** Section 3.2 of the managed benchmarks and the CIS Kubernetes checks (4.2.x) each id stands for. */
const KUBELET_IDS = [['4.2.1', '3.2.1'], ['4.2.2', '3.2.2'], ['4.2.3', '3.2.3'], ['4.2.4', '3.2.4'], ['4.2.5', '3.2.5'],
  ['4.2.6', '3.2.6'], ['4.2.8', '3.2.7'], ['4.2.10', '3.2.8'], ['4.2.11', '3.2.9']] as const;
type KubeletId = (typeof KUBELET_IDS)[number][1];

/**
 * The managed benchmarks' 3.2 Kubelet group, Automated and scored, given each check's title and remediation.
 * 3.2.9 asks the RotateKubeletServerCertificate feature gate to be set to true, where cis-1.12's 4.2.11
 * accepts it unset (the gate defaults to true).
 */
export function managedKubelet(from: From, checks: Record<KubeletId, [text: string, remediation: string]>): GroupDef {
  return {
    id: '3.2', text: 'Kubelet', checks: KUBELET_IDS.map(([cisId, id]) => {
      const [text, remediation] = checks[id];
      return id === '3.2.9'
        ? from(cisId, id, text, true, true, { test: { kind: 'kubelet', all: [{ field: 'featureGates.RotateKubeletServerCertificate', flag: '--feature-gates', expect: { eq: 'true' } }] }, remediation })
        : from(cisId, id, text, true, true, { remediation });
    }),
  };
}

/** The delta steps a managed benchmark's new version takes when kube-bench reclassifies checks: each id gets `fields`. */
const reclassify = (fields: Pick<Partial<CheckDef>, 'automated' | 'scored'>) => (...ids: string[]): CheckStep[] => ids.map((id) => change(id, fields));
/** The ids kube-bench now scores (a breach FAILs, it WARNed before). */
export const scoredNow = reclassify({ scored: true });
/** The ids kube-bench no longer scores. */
export const unscoredNow = reclassify({ scored: false });
/** The ids the benchmark now titles Manual. */
export const manualNow = reclassify({ automated: false });
/** The ids the benchmark now titles Automated. */
export const automatedNow = reclassify({ automated: true });
