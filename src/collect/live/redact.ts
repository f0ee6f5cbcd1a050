import type { KubeObject } from '../objects.js';
import { isRecord } from '../../domain/guards.js';

/** Public halves of a TLS Secret: certificates, which checks read (expiry, SANs); every other key is a credential. */
const PUBLIC_KEYS = new Set(['tls.crt', 'ca.crt']);

export const REDACTED_ANNOTATION = 'kubefort.io/redacted-keys';

/**
 * Removes Secret values before anything else sees the object: `data`/`stringData` values other than
 * certificates become "", and `last-applied-configuration` (which holds the applied data in clear) is dropped.
 * The redacted keys are listed in an annotation so that a check can tell "redacted" from "empty".
 */
export function redactSecret(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret') return object;
  const redacted: string[] = [];
  const out: KubeObject = { ...object, metadata: { ...object.metadata } };
  for (const field of ['data', 'stringData'] as const) {
    const values = object[field];
    if (!isRecord(values)) continue;
    const kept: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (PUBLIC_KEYS.has(key) && typeof value === 'string') kept[key] = value;
      else {
        kept[key] = '';
        redacted.push(key);
      }
    }
    out[field] = kept;
  }
  const annotations = { ...(object.metadata.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (redacted.length > 0) annotations[REDACTED_ANNOTATION] = [...new Set(redacted)].sort().join(',');
  if (Object.keys(annotations).length > 0) out.metadata.annotations = annotations;
  else delete out.metadata.annotations;
  return out;
}
