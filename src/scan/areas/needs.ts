import type { ScanInput } from '../model.js';

/** Which of these kinds could not be listed from the cluster (403 or an error): checks needing them are not evaluated. */
export function unreadableOf(input: ScanInput, kinds: readonly string[]): string[] {
  return kinds.filter((k) => input.live?.unreadable.some((u) => u.kind === k) === true);
}
