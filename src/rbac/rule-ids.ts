/** Stable ids of the RBAC findings (the catalogue with titles and remediations is in rules.ts). */
export const RBAC_RULE_IDS = {
  clusterAdmin: 'RBAC001',
  wildcard: 'RBAC002',
  escalation: 'RBAC003',
  secretsClusterWide: 'RBAC004',
  podExec: 'RBAC005',
  kubeSystemWorkloads: 'RBAC006',
  anonymous: 'RBAC007',
  defaultServiceAccount: 'RBAC008',
  missingRole: 'RBAC009',
  malformed: 'RBAC010',
  unknownVerb: 'RBAC011',
  builtInModified: 'RBAC012',
} as const;
