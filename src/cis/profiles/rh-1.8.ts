import type { BenchmarkDef } from '../model.js';
import { RH18_MASTER } from '../openshift/rh-1.8-master.js';
import { RH18_POLICIES } from '../openshift/rh-1.8-policies.js';
import { RH18_CONTROLPLANE, RH18_ETCD, RH18_NODE } from '../openshift/rh-1.8-rest.js';

/**
 * kube-bench's rh-1.8: CIS Red Hat OpenShift Container Platform Benchmark v1.8.0 (kube-bench maps OpenShift
 * 4.15 to it). OpenShift keeps the control plane's flags in the operators' `config` ConfigMaps and its cluster
 * settings in config.openshift.io / operator.openshift.io objects, so most of sections 1 and 5 are judged from
 * objects (`oc get … -o yaml` given with --manifests, or --live), sections 1.1, 2 and 4 from an RHCOS node (--root).
 * kube-bench marks almost every check of sections 1, 2, 3 and 5 Manual and unscored: where its audit has a
 * test, kubefort judges the same setting (a failure WARNs, as kube-bench's unscored checks do); its `type:
 * manual` checks are looks saying what to inspect.
 */
export const RH_1_8: BenchmarkDef = {
  name: 'rh-1.8',
  title: 'CIS Red Hat OpenShift Container Platform Benchmark v1.8.0',
  kubernetes: ['1.28', '1.28'],
  controls: [RH18_MASTER, RH18_ETCD, RH18_CONTROLPLANE, RH18_NODE, RH18_POLICIES],
};
