import type { Area } from './model.js';
import { accessArea } from './areas/access.js';
import { binariesArea } from './areas/binaries.js';
import { cisArea } from './areas/cis.js';
import { netpolArea } from './areas/netpol.js';
import { ingressArea } from './areas/ingress.js';
import { rbacArea } from './areas/rbac.js';
import { guiArea } from './areas/gui.js';
import { portsArea } from './areas/ports.js';

/**
 * Every area `kubefort scan` runs, in report order. An area added on another branch (ingress, gui, rbac, ports)
 * plugs in with one line here: `{ id, title, run(input) → { findings, notEvaluated, rules } }`.
 */
export const AREAS: readonly Area[] = [
  accessArea,
  cisArea,
  netpolArea,
  ingressArea,
  rbacArea,
  guiArea,
  portsArea,
  binariesArea,
];

export const AREA_IDS: readonly string[] = AREAS.map((a) => a.id);
