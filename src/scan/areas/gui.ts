import { guiFindings } from '../../gui/index.js';
import { GUI_RULES } from '../../gui/rules.js';
import type { Area, AreaResult, ScanInput } from '../model.js';
import { objectsNotEvaluated } from './needs.js';

/** Kinds the GUI checks read: the workloads, how they are exposed, and what their ServiceAccounts may do. */
export const GUI_NEEDS = ['Pod', 'Deployment', 'Service', 'Ingress', 'NetworkPolicy', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

/** Cluster GUIs (Dashboard, Headlamp, Portainer): arguments, exposure, privilege (src/gui). */
export const guiArea: Area = {
  id: 'gui',
  title: 'Cluster GUIs',
  run(input: ScanInput): AreaResult {
    const reason = objectsNotEvaluated(input, 'GUI', GUI_NEEDS);
    if (reason !== undefined) return { findings: [], notEvaluated: [reason], rules: [...GUI_RULES] };
    return { findings: guiFindings({ objects: [...input.objects], errors: [], files: [] }).findings, notEvaluated: [], rules: [...GUI_RULES] };
  },
};
