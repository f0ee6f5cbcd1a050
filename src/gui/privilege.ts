import type { LoadedObject } from '../collect/objects.js';
import type { Finding } from '../domain/finding.js';
import { isRecord } from '../domain/guards.js';
import { authorize, grantPath, subjectLabel } from '../rbac/authorize.js';
import { formatLocation } from '../domain/evidence.js';
import type { RbacModel } from '../rbac/types.js';
import { secretsReadPath } from '../rbac/explain.js';
import { serviceAccountGroups, serviceAccountUsername } from '../rbac/user.js';
import { finding, guiLabel } from './arg-findings.js';
import type { GuiWorkload } from './detect.js';
import { GUI_RULE_IDS as ID } from './rules.js';

const ALL = { verb: '*', apiGroup: '*', resource: '*', subresource: '', name: '', path: '', resourceRequest: true, namespace: '' } as const;
const saUser = (ns: string, name: string) => ({ name: serviceAccountUsername(ns, name), groups: [...serviceAccountGroups(ns), 'system:authenticated'] });

/** Does the ServiceAccount hold every verb on every resource cluster-wide (cluster-admin or an equivalent wildcard role)? */
function fullControl(model: RbacModel, ns: string, name: string) {
  return authorize(model, saUser(ns, name), ALL).grants[0];
}

export function privilegeFindings(w: GuiWorkload, model: RbacModel): Finding[] {
  const out: Finding[] = [];
  const own = fullControl(model, w.namespace, w.serviceAccount);
  if (own) {
    out.push(finding(ID.ownPrivilege, w, `${guiLabel(w)} runs as ServiceAccount ${w.namespace}/${w.serviceAccount}, which can do anything in the cluster through ${grantPath(own)} (${formatLocation(own.rule.location)})`, own.binding.roleRefLocation));
  } else {
    const wildcard = model.bindings.find((b) => b.subjects.some((s) => s.kind === 'ServiceAccount' && s.name === w.serviceAccount && (s.namespace ?? b.namespace) === w.namespace)
      && model.roles.some((r) => r.name === b.roleRef.name && r.kind === b.roleRef.kind && r.rules.some((x) => x.rule.verbs.includes('*') || x.rule.resources.includes('*'))));
    if (wildcard) out.push(finding(ID.ownPrivilege, w, `${guiLabel(w)} runs as ServiceAccount ${w.namespace}/${w.serviceAccount}, bound by ${wildcard.kind} ${wildcard.name} to ${wildcard.roleRef.kind} ${wildcard.roleRef.name} with wildcard rules`, wildcard.roleRefLocation, 'high'));
  }
  return out;
}

/** ServiceAccounts of the GUI's namespace with full control (the seeds' admin-user), and their long-lived token Secrets. */
export function namespaceAdminFindings(w: GuiWorkload, model: RbacModel, objects: readonly LoadedObject[]): Finding[] {
  const out: Finding[] = [];
  const accounts = new Set<string>();
  for (const b of model.bindings) for (const s of b.subjects) if (s.kind === 'ServiceAccount' && (s.namespace ?? b.namespace) === w.namespace) accounts.add(s.name);
  for (const sa of [...accounts].sort()) {
    if (sa === w.serviceAccount) continue;
    const grant = fullControl(model, w.namespace, sa);
    if (!grant) {
      // The seeds' restricted developer-user: read-only, yet every Secret of the cluster is one click away in the GUI.
      const secrets = secretsReadPath(model, saUser(w.namespace, sa));
      const list = authorize(model, saUser(w.namespace, sa), { ...ALL, verb: 'list', apiGroup: '', resource: 'secrets' }).grants[0]
        ?? authorize(model, saUser(w.namespace, sa), { ...ALL, verb: 'get', apiGroup: '', resource: 'secrets' }).grants[0];
      if (secrets && list) out.push({ ...finding(ID.namespaceAdmin, w, `ServiceAccount ${w.namespace}/${sa} in the GUI namespace ${w.namespace} can read every Secret in the cluster (${secrets}): whoever logs into the GUI with its token can too`, list.binding.roleRefLocation, 'medium'), subject: `${w.namespace}/${sa}[ServiceAccount]` });
      continue;
    }
    out.push({ ...finding(ID.namespaceAdmin, w, `ServiceAccount ${w.namespace}/${sa} in the namespace of ${guiLabel(w)} can do anything in the cluster (${grantPath(grant)}, subject ${subjectLabel(grant.subject, grant.binding.namespace)}): its token logs into the GUI as cluster-admin`, grant.binding.roleRefLocation), subject: `${w.namespace}/${sa}[ServiceAccount]` });
    for (const secret of objects) {
      if (secret.object.kind !== 'Secret' || secret.object.type !== 'kubernetes.io/service-account-token' || (secret.object.metadata.namespace ?? 'default') !== w.namespace) continue;
      const annotations = isRecord(secret.object.metadata.annotations) ? secret.object.metadata.annotations : {};
      if (annotations['kubernetes.io/service-account.name'] !== sa) continue;
      out.push({ ...finding(ID.longLivedToken, w, `Secret ${w.namespace}/${secret.object.metadata.name ?? ''} holds a token that never expires for ServiceAccount ${w.namespace}/${sa}, which can do anything in the cluster`, secret.locate(['type']) ?? secret.location), subject: `${w.namespace}/${secret.object.metadata.name ?? ''}[Secret]` });
    }
  }
  return out;
}
