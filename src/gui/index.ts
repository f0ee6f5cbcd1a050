import type { ObjectSet } from '../collect/objects.js';
import type { Finding } from '../domain/finding.js';
import { isRecord } from '../domain/guards.js';
import { buildRbacModel } from '../rbac/load.js';
import { sortFindings } from '../report/findings.js';
import { argumentFindings } from './arg-findings.js';
import { findGuis, GuiKind, type GuiWorkload } from './detect.js';
import { exposureFindings, networkPolicyFinding } from './exposure.js';
import { namespaceAdminFindings, privilegeFindings } from './privilege.js';

/** The port the GUI serves on: its first containerPort, else the project's default. */
function guiPort(w: GuiWorkload): number {
  const spec = w.item.object as Record<string, unknown>;
  let c: unknown = spec;
  for (const p of w.container.path) c = isRecord(c) || Array.isArray(c) ? (c as Record<string | number, unknown>)[p] : undefined;
  const ports = isRecord(c) && Array.isArray(c.ports) ? c.ports : [];
  const first = ports.find((p) => isRecord(p) && typeof p.containerPort === 'number');
  if (isRecord(first)) return first.containerPort as number;
  return w.kind === GuiKind.headlamp ? 4466 : w.kind === GuiKind.portainerAgent ? 9001 : 8443;
}

export interface GuiReport {
  guis: GuiWorkload[];
  findings: Finding[];
}

/** Every GUI finding of the input: arguments, exposure, reachability, privilege, maintenance. */
export function guiFindings(set: ObjectSet): GuiReport {
  const guis = findGuis(set.objects);
  const rbac = buildRbacModel(set.objects);
  const all: Finding[] = [];
  for (const w of guis) {
    all.push(...argumentFindings(w));
    all.push(...exposureFindings(w, set.objects).findings);
    const np = networkPolicyFinding(w, set, guiPort(w));
    if (np) all.push(np);
    all.push(...privilegeFindings(w, rbac));
    all.push(...namespaceAdminFindings(w, rbac, set.objects));
  }
  // Several GUI containers of one namespace (the v7 chart's api, auth, web and Kong) see the same admin accounts.
  const seen = new Set<string>();
  const findings = all.filter((f) => {
    const key = `${f.ruleId}|${f.subject}|${f.location?.file}:${f.location?.line}|${f.ruleId === 'GUI016' || f.ruleId === 'GUI017' ? '' : f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { guis, findings: sortFindings(findings) };
}
