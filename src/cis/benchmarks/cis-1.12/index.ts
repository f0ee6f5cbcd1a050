import type { BenchmarkDef, ControlsDef } from '../../model.js';
import { APISERVER } from './apiserver.js';
import { AUTHENTICATION, LOGGING } from './control-plane-config.js';
import { CONTROL_PLANE_FILES } from './control-plane-files.js';
import { CONTROLLER_MANAGER, SCHEDULER } from './controller-manager-scheduler.js';
import { ETCD } from './etcd.js';
import { KUBE_PROXY, KUBELET } from './kubelet-proxy.js';
import { ADMISSION, GENERAL, NETWORK, POD_SECURITY, RBAC, SECRETS } from './policies.js';
import { WORKER_FILES } from './worker-files.js';

/** The five sections of the benchmark as kube-bench splits them into targets. */
export const CIS_1_12_CONTROLS: readonly ControlsDef[] = [
  { id: '1', text: 'Control Plane Security Configuration', target: 'master', groups: [CONTROL_PLANE_FILES, APISERVER, CONTROLLER_MANAGER, SCHEDULER] },
  { id: '2', text: 'Etcd Node Configuration', target: 'etcd', groups: [ETCD] },
  { id: '3', text: 'Control Plane Configuration', target: 'controlplane', groups: [AUTHENTICATION, LOGGING] },
  { id: '4', text: 'Worker Node Security Configuration', target: 'node', groups: [WORKER_FILES, KUBELET, KUBE_PROXY] },
  { id: '5', text: 'Kubernetes Policies', target: 'policies', groups: [RBAC, POD_SECURITY, NETWORK, SECRETS, ADMISSION, GENERAL] },
];

export const CIS_1_12: BenchmarkDef = {
  name: 'cis-1.12',
  title: 'CIS Kubernetes Benchmark v1.12.0',
  kubernetes: ['1.32', '1.33'],
  controls: CIS_1_12_CONTROLS,
};
