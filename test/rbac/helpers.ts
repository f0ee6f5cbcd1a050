import { addText, type ObjectSet } from '../../src/collect/objects.js';
import { buildRbacModel } from '../../src/rbac/load.js';
import type { RbacModel } from '../../src/rbac/types.js';

export function modelFrom(yaml: string, file = 'rbac.yaml'): RbacModel {
  const set: ObjectSet = { objects: [], errors: [], files: [] };
  addText(set, yaml, file);
  return buildRbacModel(set.objects);
}

/** A ClusterRole `r` with the given rules (YAML list items, two-space indented) bound to User alice. */
export function clusterRole(rules: string, binding: 'ClusterRoleBinding' | 'RoleBinding' = 'ClusterRoleBinding', bindingNs = 'app'): string {
  const meta = binding === 'RoleBinding' ? `\n  namespace: ${bindingNs}` : '';
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: r
rules:
${rules}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${binding}
metadata:
  name: b${meta}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
subjects:
- {kind: User, name: alice}
`;
}
