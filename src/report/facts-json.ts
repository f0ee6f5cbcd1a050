import type { NodeFacts } from '../domain/node-facts.js';
import { printableJson } from '../domain/printable.js';

/**
 * NodeFacts as pretty JSON with every object's keys sorted (arrays keep their order: argument order and
 * drop-in merge order matter), so two collections of the same node differ only where the node differs.
 */
export function formatFactsJson(facts: NodeFacts): string {
  return `${printableJson(JSON.stringify(sortKeysDeep(facts), null, 2))}\n`;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeysDeep(v)]));
}
