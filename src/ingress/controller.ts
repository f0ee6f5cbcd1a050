/**
 * Which controller serves an Ingress. An IngressClass is matched by spec.ingressClassName; the legacy
 * kubernetes.io/ingress.class annotation is matched by the controller against its own class name, usually also
 * the IngressClass name. Without either, the IngressClass annotated ingressclass.kubernetes.io/is-default-class:
 * "true" applies. status.loadBalancer.ingress is the evidence that some controller took the Ingress.
 */
import type { LoadedObject } from '../collect/objects.js';
import type { Finding } from '../domain/finding.js';
import { finding } from './finding.js';
import type { Inventory } from './inventory.js';
import { ingressId, type Ingress } from './model.js';

const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';

function isDefault(c: LoadedObject): boolean {
  return c.object.metadata.annotations?.[DEFAULT_CLASS] === 'true';
}

function className(c: LoadedObject): string {
  return c.object.metadata.name ?? '';
}

/** The IngressClass that applies, or undefined. */
export function classOf(ing: Ingress, inv: Inventory): string | undefined {
  const wanted = ing.ingressClassName ?? ing.classAnnotation;
  if (wanted !== undefined) return inv.ingressClasses.some((c) => className(c) === wanted) ? wanted : undefined;
  const defaults = inv.ingressClasses.filter(isDefault);
  return defaults.length === 1 ? className(defaults[0] as LoadedObject) : undefined;
}

export function checkController(ing: Ingress, inv: Inventory): Finding[] {
  const id = ingressId(ing);
  const at = { subject: `${id}[Ingress]`, location: ing.source.locate(['spec', 'ingressClassName']) ?? ing.source.locate(['metadata', 'annotations', 'kubernetes.io/ingress.class']) ?? ing.source.location };
  const wanted = ing.ingressClassName ?? ing.classAnnotation;
  const how = ing.ingressClassName !== undefined ? 'spec.ingressClassName' : 'the kubernetes.io/ingress.class annotation';
  const address = ing.addresses.length > 0 ? `status.loadBalancer shows ${ing.addresses.join(', ')}` : 'it has no address in status.loadBalancer';
  if (wanted !== undefined) {
    if (inv.ingressClasses.some((c) => className(c) === wanted)) return [];
    if (inv.ingressClasses.length > 0) {
      const known = inv.ingressClasses.map(className).sort().join(', ');
      return [finding('ING040', `Ingress ${id} asks for class ${wanted} (${how}) but the IngressClasses are ${known}; ${address}`, at)];
    }
    if (ing.addresses.length > 0) return [];
    return [finding('ING040', `Ingress ${id} asks for class ${wanted} (${how}), no IngressClass is in the input and ${address}: no controller has taken it`, at)];
  }
  const defaults = inv.ingressClasses.filter(isDefault);
  if (defaults.length > 0) return [];
  if (ing.addresses.length > 0) return [];
  const known = inv.ingressClasses.length > 0 ? `none of the IngressClasses (${inv.ingressClasses.map(className).sort().join(', ')}) is the default` : 'no IngressClass is in the input';
  return [finding('ING040', `Ingress ${id} names no class (no spec.ingressClassName), ${known} and ${address}: no controller serves it`, at)];
}

/** Cluster-wide: more than one default IngressClass. */
export function checkDefaultClasses(inv: Inventory): Finding[] {
  const defaults = inv.ingressClasses.filter(isDefault);
  if (defaults.length < 2) return [];
  const names = defaults.map(className).sort();
  const first = defaults[0] as LoadedObject;
  return [finding('ING041', `${names.length} IngressClasses are marked default (${names.join(', ')}): new Ingresses without a class are refused`, {
    subject: `${names[0]}[IngressClass]`,
    location: first.locate(['metadata', 'annotations', DEFAULT_CLASS]) ?? first.location,
  })];
}
