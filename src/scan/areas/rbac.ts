import { rbacFindings } from '../../rbac/findings.js';
import { buildRbacModel } from '../../rbac/load.js';
import { RBAC_RULES } from '../../rbac/rules.js';
import type { Area, AreaResult, ScanInput } from '../model.js';
import { unreadableOf } from './needs.js';

const NEEDED = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

/** RBAC: who can do what, evaluated as the API server's authorizer (src/rbac). */
export const rbacArea: Area = {
  id: 'rbac',
  title: 'RBAC',
  run(input: ScanInput): AreaResult {
    const missing = unreadableOf(input, NEEDED);
    // Without every role and binding, "nobody can" is a guess: the area is not evaluated.
    if (missing.length > 0) return { findings: [], notEvaluated: [`RBAC: needs ${missing.join(', ')}, which could not be read`], rules: [...RBAC_RULES] };
    const model = buildRbacModel(input.objects);
    if (model.roles.length === 0 && model.bindings.length === 0) return { findings: [], notEvaluated: ['RBAC: no Role, ClusterRole, RoleBinding or ClusterRoleBinding in the input'], rules: [...RBAC_RULES] };
    return { findings: rbacFindings(model), notEvaluated: [], rules: [...RBAC_RULES] };
  },
};
