import type { BenchmarkDef, GroupDef } from '../model.js';
import { derive, editGroup, insertAfter } from '../benchmarks/delta.js';
import { AKS_1_7, from } from './aks-1.7.js';
import { manualNow, unscoredNow } from './managed.js';

/**
 * kube-bench's aks-1.8 (CIS Azure Kubernetes Service (AKS) Benchmark v1.8.0) as a delta on aks-1.7:
 * - 4.1 gained the CIS Kubernetes benchmark's RBAC reviews as 4.1.7–4.1.12 (bind/escalate/impersonate,
 *   create PersistentVolumes, nodes/proxy, CSR approval, webhook configurations, serviceaccounts/token), all
 *   Manual and unscored: kubefort judges them from the objects and a breach WARNs.
 * - 4.1.1–4.1.6 became Manual (kube-bench still scores them); 4.2.1–4.2.5 became Manual and unscored.
 * - 5.1.1 and 5.4.1–5.4.4 became Manual.
 * Sections 2 and 3 are unchanged (kube-bench scores 4.4.2 and 4.5.1 but skips them; kubefort judges them).
 */
export const AKS_1_8: BenchmarkDef = derive(AKS_1_7, {
  name: 'aks-1.8',
  title: 'CIS Azure Kubernetes Service (AKS) Benchmark v1.8.0',
  kubernetes: ['', ''],
}, {
  '4.1': (g: GroupDef) => editGroup(g, [
    ...manualNow('4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.1.5', '4.1.6'),
    insertAfter('4.1.6', from('5.1.8', '4.1.7', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster', false, false)),
    insertAfter('4.1.7', from('5.1.9', '4.1.8', 'Minimize access to create Persistent Volumes', false, false)),
    insertAfter('4.1.8', from('5.1.10', '4.1.9', 'Minimize access to the proxy sub-resource of Nodes', false, false)),
    insertAfter('4.1.9', from('5.1.11', '4.1.10', 'Minimize access to the approval sub-resource of CertificateSigningRequests objects', false, false)),
    insertAfter('4.1.10', from('5.1.12', '4.1.11', 'Minimize access to webhook configuration objects', false, false)),
    insertAfter('4.1.11', from('5.1.13', '4.1.12', 'Minimize access to the service account token creation', false, false)),
  ]),
  '4.2': (g: GroupDef) => editGroup(g, [...manualNow('4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.2.5'), ...unscoredNow('4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.2.5')]),
  '5.1': (g: GroupDef) => editGroup(g, manualNow('5.1.1')),
  '5.4': (g: GroupDef) => editGroup(g, manualNow('5.4.1', '5.4.2', '5.4.3', '5.4.4')),
});
