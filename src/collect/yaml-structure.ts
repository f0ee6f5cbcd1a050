import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

/** A problem found in a document's node tree, at a character offset of its text. */
export interface StructureProblem {
  offset: number | undefined;
  message: string;
}

export interface DuplicateKey {
  key: string;
  first: number | undefined;
  again: number | undefined;
}

export interface StructureReport {
  /** The first problem that makes the document unusable (an alias bomb, a dangling alias, too deep). */
  fatal?: StructureProblem;
  duplicates: DuplicateKey[];
}

interface Measure {
  nodes: number;
  /** Characters of the scalars, aliases expanded. */
  chars: number;
  depth: number;
}

const IN_PROGRESS: Measure = { nodes: -1, chars: -1, depth: -1 };
const LEAF: Measure = { nodes: 1, chars: 0, depth: 0 };

function scalarChars(value: unknown): number {
  return typeof value === 'string' ? value.length : 8;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  return undefined;
}

/**
 * Checks a parsed document before it is turned into plain values: every alias must name an anchor set before it
 * and must not contain itself; the tree, with every alias expanded, must stay within `maxDepth` levels and within
 * `ownNodes + maxExpansion` nodes (a "billion laughs" document is a few lines that expand to billions). Each node
 * is measured once, so the check is linear in the document's size whatever the aliases do. Duplicate keys in a
 * mapping are collected on the way (merge keys `<<` excepted).
 */
export function checkStructure(doc: Document.Parsed, limits: { maxDepth: number; maxAliasExpansion: number; maxAliasExpansionChars: number }): StructureReport {
  const measured = new Map<Node, Measure>();
  const duplicates: DuplicateKey[] = [];
  let fatal: StructureProblem | undefined;
  let ownNodes = 0;
  let ownChars = 0;
  const fail = (node: Node, message: string): Measure => {
    fatal ??= { offset: node.range?.[0], message };
    return { nodes: 0, chars: 0, depth: 0 };
  };

  const measure = (node: unknown, level: number): Measure => {
    if (fatal !== undefined || node === null || typeof node !== 'object') return LEAF;
    const n = node as Node;
    if (level > limits.maxDepth) return fail(n, `nested deeper than ${limits.maxDepth} levels`);
    // Only anchored nodes can be reached twice (through an alias): they are the ones remembered.
    const anchored = typeof (n as { anchor?: unknown }).anchor === 'string';
    const known = anchored ? measured.get(n) : undefined;
    if (known === IN_PROGRESS) return fail(n, 'a node contains itself through an alias (a recursive alias)');
    if (known !== undefined) {
      if (level + known.depth > limits.maxDepth) return fail(n, `nested deeper than ${limits.maxDepth} levels (through aliases)`);
      return known;
    }
    if (anchored) measured.set(n, IN_PROGRESS);
    let result: Measure;
    if (isAlias(n)) {
      const target = n.resolve(doc);
      if (target === undefined) return fail(n, `alias *${n.source} has no anchor &${n.source} before it`);
      if (measured.get(target) === IN_PROGRESS) return fail(n, `alias *${n.source} is inside the node it refers to (a recursive alias)`);
      result = measure(target, level);
    } else if (isMap(n)) {
      ownNodes += 1;
      const seen = new Map<string, number | undefined>();
      let nodes = 1;
      let chars = 0;
      let depth = 0;
      for (const pair of n.items) {
        const key = keyText(pair.key);
        if (key !== undefined && key !== '<<') {
          const offset = (pair.key as Node | null)?.range?.[0];
          if (seen.has(key)) duplicates.push({ key, first: seen.get(key), again: offset });
          else seen.set(key, offset);
        } else if (key === undefined && (isMap(pair.key) || isSeq(pair.key))) {
          return fail(pair.key, 'a mapping or list used as a key (kubectl cannot read it)');
        }
        const k = measure(pair.key, level + 1);
        const v = measure(pair.value, level + 1);
        nodes += k.nodes + v.nodes;
        chars += k.chars + v.chars;
        depth = Math.max(depth, v.depth + 1);
      }
      result = { nodes, chars, depth };
    } else if (isSeq(n)) {
      ownNodes += 1;
      let nodes = 1;
      let chars = 0;
      let depth = 0;
      for (const item of n.items) {
        const m = measure(item, level + 1);
        nodes += m.nodes;
        chars += m.chars;
        depth = Math.max(depth, m.depth + 1);
      }
      result = { nodes, chars, depth };
    } else {
      const chars = isScalar(n) ? scalarChars(n.value) : 0;
      ownNodes += 1;
      ownChars += chars;
      result = { nodes: 1, chars, depth: 0 };
    }
    if (anchored) measured.set(n, result);
    if (fatal === undefined && result.nodes > ownNodes + limits.maxAliasExpansion) {
      return fail(n, `aliases expand this document to more than ${limits.maxAliasExpansion} nodes beyond its own (an alias bomb?)`);
    }
    if (fatal === undefined && result.chars > ownChars + limits.maxAliasExpansionChars) {
      return fail(n, `aliases expand this document to more than ${limits.maxAliasExpansionChars} characters beyond its own (an alias bomb?)`);
    }
    return result;
  };
  measure(doc.contents, 1);
  return fatal === undefined ? { duplicates } : { fatal, duplicates };
}
