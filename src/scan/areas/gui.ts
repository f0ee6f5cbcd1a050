import { guiFindings } from '../../gui/index.js';
import { GUI_RULES } from '../../gui/rules.js';
import type { Area, AreaResult, ScanInput } from '../model.js';
import { unreadableOf } from './needs.js';

/** Kinds the GUI checks read: the workloads, how they are exposed, and what their ServiceAccounts may do. */
const NEEDED = ['Pod', 'Deployment', 'Service', 'Ingress', 'NetworkPolicy', 'ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

/** Cluster GUIs (Dashboard, Headlamp, Portainer): arguments, exposure, privilege (src/gui). */
export const guiArea: Area = {
  id: 'gui',
  title: 'Cluster GUIs',
  run(input: ScanInput): AreaResult {
    if (input.objects.length === 0) return { findings: [], notEvaluated: ['GUI: needs cluster objects (PATHs or --live)'], rules: [...GUI_RULES] };
    const missing = unreadableOf(input, NEEDED);
    if (missing.length > 0) return { findings: [], notEvaluated: [`GUI: needs ${missing.join(', ')}, which could not be read`], rules: [...GUI_RULES] };
    return { findings: guiFindings({ objects: [...input.objects], errors: [], files: [] }).findings, notEvaluated: [], rules: [...GUI_RULES] };
  },
};
