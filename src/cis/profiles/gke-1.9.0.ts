import type { BenchmarkDef, GroupDef } from '../model.js';
import { derive, editGroup } from '../benchmarks/delta.js';
import { GKE_1_8_0 } from './gke-1.8.0.js';
import { automatedNow, scoredNow } from './managed.js';

/**
 * kube-bench's gke-1.9.0 (CIS Google Kubernetes Engine (GKE) Benchmark v1.9.0) as a delta on gke-1.8.0.
 * The ids are the same; what changed is the classification:
 * - kube-bench scores the Automated policies (4.1.1–4.1.6, 4.1.8–4.1.10, 4.3.2, 4.4.1, 4.6.4), so a breach
 *   kubefort finds in the objects FAILs; 4.1.8–4.1.10 stay a person's look here (kubefort has no rule for
 *   bindings to system:anonymous / unauthenticated / authenticated).
 * - 5.6.4 and 5.6.5 (private endpoint, private nodes), 5.10.3 (GKE Sandbox) and 5.10.4 (Security Posture)
 *   became Automated; they are still Google Cloud settings, read with gcloud, not on the node.
 */
export const GKE_1_9_0: BenchmarkDef = derive(GKE_1_8_0, {
  name: 'gke-1.9.0',
  title: 'CIS Google Kubernetes Engine (GKE) Benchmark v1.9.0',
  kubernetes: ['', ''],
}, {
  '4.1': (g: GroupDef) => editGroup(g, scoredNow('4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.1.5', '4.1.6', '4.1.8', '4.1.9', '4.1.10')),
  '4.3': (g: GroupDef) => editGroup(g, scoredNow('4.3.2')),
  '4.4': (g: GroupDef) => editGroup(g, scoredNow('4.4.1')),
  '4.6': (g: GroupDef) => editGroup(g, scoredNow('4.6.4')),
  '5.6': (g: GroupDef) => editGroup(g, automatedNow('5.6.4', '5.6.5')),
  '5.10': (g: GroupDef) => editGroup(g, automatedNow('5.10.3', '5.10.4')),
});
