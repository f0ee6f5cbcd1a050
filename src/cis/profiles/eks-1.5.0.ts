import type { BenchmarkDef, CheckDef, GroupDef } from '../model.js';
import { derive, editGroup, insertAfter, remove, renumber } from '../benchmarks/delta.js';
import { EKS_1_7_0, from } from './eks-1.7.0.js';

const SECURITY_CONTEXT: CheckDef = from('5.6.3', '4.5.2', 'Apply Security Context to Your Pods and Containers', false, false);

/**
 * kube-bench's eks-1.5.0 (CIS Amazon EKS Benchmark v1.5.0) as a delta on eks-1.7.0:
 * - 2.1 has only 2.1.1 (audit logs); "audit logs are collected and managed" came with v1.7.0.
 * - 4.1.7 is "Avoid use of system:masters group" (v1.7.0 replaced it with the Cluster Access Manager API).
 * - 4.5 has three checks: 4.5.2 "Apply Security Context" (Manual), the default namespace is 4.5.3.
 * kube-bench runs every eks-1.5.0 policy as manual and scores none; kubefort judges the ones it can from
 * objects, unscored (a breach WARNs). Sections 3 and 5 are unchanged.
 */
export const EKS_1_5_0: BenchmarkDef = derive(EKS_1_7_0, {
  name: 'eks-1.5.0',
  title: 'CIS Amazon Elastic Kubernetes Service (EKS) Benchmark v1.5.0',
  kubernetes: ['', ''],
}, {
  '2.1': (g: GroupDef) => editGroup(g, [remove('2.1.2')]),
  '4.1': (g: GroupDef) => editGroup(g, [remove('4.1.7'), insertAfter('4.1.6', from('5.1.7', '4.1.7', 'Avoid use of system:masters group', true, false))]),
  '4.5': (g: GroupDef) => editGroup(g, [insertAfter('4.5.1', SECURITY_CONTEXT), renumber()]),
});
