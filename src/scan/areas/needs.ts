import type { ScanInput } from '../model.js';

/** Which of these kinds could not be listed from the cluster (403 or an error): checks needing them are not evaluated. */
export function unreadableOf(input: ScanInput, kinds: readonly string[]): string[] {
  return kinds.filter((k) => input.live?.unreadable.some((u) => u.kind === k) === true);
}

/**
 * Why an area over cluster objects cannot be judged, or undefined when it can: no objects at all, or a kind it
 * needs could not be listed (without every object of that kind, "nothing selects X" would be a guess).
 */
export function objectsNotEvaluated(input: ScanInput, label: string, kinds: readonly string[]): string | undefined {
  if (input.objects.length === 0) return `${label}: needs cluster objects (PATHs or --live)`;
  const missing = unreadableOf(input, kinds);
  return missing.length > 0 ? `${label}: needs ${missing.join(', ')}, which could not be read` : undefined;
}
