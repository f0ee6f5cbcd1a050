import type { BenchmarkDef, GroupDef } from '../model.js';
import { derive, editGroup, insertAfter } from '../benchmarks/delta.js';
import { EKS_1_7_0, from } from './eks-1.7.0.js';
import { manualNow, scoredNow } from './managed.js';

/**
 * kube-bench's eks-1.8.0 (CIS Amazon EKS Benchmark v1.8.0) as a delta on eks-1.7.0:
 * - 2.1.1 (control plane logging) and the AWS settings 5.1.1, 5.2.1, 5.4.1–5.4.4 became Manual.
 * - 4.1 gained four Manual RBAC reviews: 4.1.9 create PersistentVolumes, 4.1.10 nodes/proxy, 4.1.11
 *   webhook configurations, 4.1.12 serviceaccounts/token — judged by the same object rules as the CIS
 *   Kubernetes benchmark's 5.1.9, 5.1.10, 5.1.12 and 5.1.13, unscored (a breach WARNs).
 * - The Automated policies are scored (kube-bench's eks-1.8.0 audits them with kubectl), so a breach FAILs.
 * Section 3 (the worker node) is unchanged.
 */
export const EKS_1_8_0: BenchmarkDef = derive(EKS_1_7_0, {
  name: 'eks-1.8.0',
  title: 'CIS Amazon Elastic Kubernetes Service (EKS) Benchmark v1.8.0',
  kubernetes: ['', ''],
}, {
  '2.1': (g: GroupDef) => editGroup(g, manualNow('2.1.1')),
  '4.1': (g: GroupDef) => editGroup(g, [
    ...scoredNow('4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.1.5', '4.1.6'),
    insertAfter('4.1.8', from('5.1.9', '4.1.9', 'Minimize access to create PersistentVolume objects', false, false)),
    insertAfter('4.1.9', from('5.1.10', '4.1.10', 'Minimize access to the proxy sub-resource of Node objects', false, false)),
    insertAfter('4.1.10', from('5.1.12', '4.1.11', 'Minimize access to webhook configuration objects', false, false)),
    insertAfter('4.1.11', from('5.1.13', '4.1.12', 'Minimize access to the service account token creation', false, false)),
  ]),
  '4.2': (g: GroupDef) => editGroup(g, scoredNow('4.2.1', '4.2.2', '4.2.3', '4.2.4', '4.2.5')),
  '4.3': (g: GroupDef) => editGroup(g, scoredNow('4.3.2')),
  '4.4': (g: GroupDef) => editGroup(g, scoredNow('4.4.1')),
  '4.5': (g: GroupDef) => editGroup(g, scoredNow('4.5.2')),
  '5.1': (g: GroupDef) => editGroup(g, manualNow('5.1.1')),
  '5.2': (g: GroupDef) => editGroup(g, manualNow('5.2.1')),
  '5.4': (g: GroupDef) => editGroup(g, manualNow('5.4.1', '5.4.2', '5.4.3', '5.4.4')),
});
