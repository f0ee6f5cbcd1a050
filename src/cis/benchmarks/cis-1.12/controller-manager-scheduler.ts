import type { FlagCondition, GroupDef } from '../../model.js';
import { P, setFlag } from './paths.js';

const cm = (...all: FlagCondition[]) => ({ kind: 'flag', component: 'kube-controller-manager', all } as const);
const sched = (...all: FlagCondition[]) => ({ kind: 'flag', component: 'kube-scheduler', all } as const);
const editCm = (flag: string) => setFlag(P.controllerManager, 'kube-controller-manager', flag);
const editSched = (flag: string) => setFlag(P.scheduler, 'kube-scheduler', flag);

/**
 * Defaults when the flag is absent: --profiling true, --use-service-account-credentials false,
 * --bind-address 0.0.0.0 (all interfaces). kube-bench passes an absent --bind-address; kubefort judges
 * the default, which listens everywhere.
 */
const LOCALHOST = '^(127\\.0\\.0\\.1|::1|localhost)$';

/** 1.3 Controller Manager. */
export const CONTROLLER_MANAGER: GroupDef = {
  id: '1.3',
  text: 'Controller Manager',
  checks: [
    { id: '1.3.1', text: 'Ensure that the --terminated-pod-gc-threshold argument is set as appropriate', automated: false, scored: false,
      test: cm({ flag: '--terminated-pod-gc-threshold', expect: { set: true } }), remediation: editCm('--terminated-pod-gc-threshold=10 (or a threshold that suits the cluster; the default is 12500)') },
    { id: '1.3.2', text: 'Ensure that the --profiling argument is set to false', automated: true, scored: true,
      test: cm({ flag: '--profiling', default: 'true', expect: { eq: 'false' } }), remediation: editCm('--profiling=false') },
    { id: '1.3.3', text: 'Ensure that the --use-service-account-credentials argument is set to true', automated: true, scored: true,
      test: cm({ flag: '--use-service-account-credentials', default: 'false', expect: { eq: 'true' } }), remediation: editCm('--use-service-account-credentials=true') },
    { id: '1.3.4', text: 'Ensure that the --service-account-private-key-file argument is set as appropriate', automated: true, scored: true,
      test: cm({ flag: '--service-account-private-key-file', expect: { set: true } }), remediation: editCm('--service-account-private-key-file=/etc/kubernetes/pki/sa.key') },
    { id: '1.3.5', text: 'Ensure that the --root-ca-file argument is set as appropriate', automated: true, scored: true,
      test: cm({ flag: '--root-ca-file', expect: { set: true } }), remediation: editCm('--root-ca-file=/etc/kubernetes/pki/ca.crt') },
    { id: '1.3.6', text: 'Ensure that the RotateKubeletServerCertificate argument is set to true', automated: true, scored: true,
      test: cm({ flag: '--feature-gates', expect: { gate: 'RotateKubeletServerCertificate', enabled: true, default: true } }),
      remediation: `Edit ${P.controllerManager} on the control-plane node and remove RotateKubeletServerCertificate=false from --feature-gates (the gate defaults to true), or set --feature-gates=RotateKubeletServerCertificate=true.` },
    { id: '1.3.7', text: 'Ensure that the --bind-address argument is set to 127.0.0.1', automated: true, scored: true,
      test: cm({ flag: '--bind-address', default: '0.0.0.0', expect: { regex: LOCALHOST } }), remediation: editCm('--bind-address=127.0.0.1') },
  ],
};

/** 1.4 Scheduler. */
export const SCHEDULER: GroupDef = {
  id: '1.4',
  text: 'Scheduler',
  checks: [
    { id: '1.4.1', text: 'Ensure that the --profiling argument is set to false', automated: true, scored: true,
      test: sched({ flag: '--profiling', default: 'true', expect: { eq: 'false' } }), remediation: editSched('--profiling=false') },
    { id: '1.4.2', text: 'Ensure that the --bind-address argument is set to 127.0.0.1', automated: true, scored: true,
      test: sched({ flag: '--bind-address', default: '0.0.0.0', expect: { regex: LOCALHOST } }), remediation: editSched('--bind-address=127.0.0.1') },
  ],
};
