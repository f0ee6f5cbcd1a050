import { formatConns, intersect, isEmpty, type ConnSet } from './ports.js';

/** One distinct set of allowed connections, shared by every pair that has it (with its printed form). */
export interface ConnEntry {
  readonly id: number;
  readonly conns: ConnSet;
  /** formatConns(conns): `TCP 80,UDP 53`, `All Connections`. */
  readonly text: string;
  readonly empty: boolean;
}

/**
 * Interned connection sets: a cluster has few distinct answers (default deny, DNS, a handful of app ports) for
 * millions of pairs, so each is computed, formatted and stored once. Two sets are the same when they print the
 * same (the ranges are sorted, disjoint and merged, so the text is canonical).
 */
export class ConnTable {
  readonly entries: ConnEntry[] = [];
  private readonly byText = new Map<string, ConnEntry>();
  private readonly intersections = new Map<number, ConnEntry>();

  intern(conns: ConnSet): ConnEntry {
    const text = formatConns(conns);
    let entry = this.byText.get(text);
    if (!entry) {
      entry = { id: this.entries.length, conns, text, empty: isEmpty(conns) };
      this.entries.push(entry);
      this.byText.set(text, entry);
    }
    return entry;
  }

  /** The connections both admit (a connection needs the source's egress AND the destination's ingress). */
  intersect(a: ConnEntry, b: ConnEntry): ConnEntry {
    // One id per distinct answer: far below 2^26 in practice, so the pair fits one exact number key.
    if (a.id >= 2 ** 26 || b.id >= 2 ** 26) return this.intern(intersect(a.conns, b.conns));
    const key = a.id * 2 ** 26 + b.id;
    let entry = this.intersections.get(key);
    if (!entry) {
      entry = this.intern(intersect(a.conns, b.conns));
      this.intersections.set(key, entry);
    }
    return entry;
  }
}
