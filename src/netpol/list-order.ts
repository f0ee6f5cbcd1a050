import type { ConnEntry } from './conn-table.js';
import { compareRanges, type IpRange } from './ip.js';
import type { EqClass, Model } from './model.js';
import { PairMemo, type ExternalRun } from './pair-memo.js';
import { ALL_CONNS } from './ports.js';
import { ownNodePairs } from './reading.js';
import { ownNodeRanges, withOwnNodes, type Run } from './node-sources.js';
import type { Workload } from './workloads.js';

/** Called once per listed connection, in output order; ranks index model.workloads (sorted by workload id). */
export interface OrderedVisitor {
  /** An external range to a workload. */
  fromExternal(range: IpRange, dst: number, entry: ConnEntry): void;
  /** A workload to an external range. */
  toExternal(src: number, range: IpRange, entry: ConnEntry): void;
  workloads(src: number, dst: number, entry: ConnEntry): void;
}

/** Which pairs survive --focus: `src`/`dst` tell whether the end is a focused workload (externals never are). */
export type Keep = (src: boolean, dst: boolean) => boolean;

/** Destinations of every source with one profile, sorted by workload rank, with their connections. */
interface Profile {
  ranks: Uint32Array;
  entries: ConnEntry[];
  externals: readonly ExternalRun[];
  /** Sources still to be listed with this profile (the profile is dropped after the last). */
  remaining: number;
}

/**
 * Enumerates the allowed connections in the order `netpol list` prints them — sources, then destinations;
 * external ranges by address (IPv4 first) before workloads by id — without collecting and sorting them: workloads
 * are already sorted (model.workloads), class answers are computed once per distinct class configuration
 * (PairMemo), and a source's destinations are its destination classes' members merged by rank, computed once
 * per profile and shared by every source with that profile. "A pod can always reach itself": a workload's
 * connections to itself are not listed. Under the hostNetwork `node` reading an agent reaches every pod on its
 * own node (ownNodePairs), whatever the policies say.
 */
export class OrderedConnections {
  private readonly memo: PairMemo;
  private readonly classOfRank: Int32Array;
  private readonly memberRanks: Uint32Array[];
  /** Own-node destinations of hostNetwork agents, by agent rank, sorted. */
  private readonly ownNode = new Map<number, Uint32Array>();
  /**
   * Under the `node` reading, the external sources of each workload placed on a node of known address: its class's
   * runs with its nodes' addresses admitting everything ("the traffic source is the pod's local node"), by rank.
   */
  private readonly nodeSourced = new Map<number, readonly Run[]>();
  private readonly scratch: Int32Array;
  private readonly allEntry: ConnEntry;

  constructor(private readonly model: Model) {
    this.memo = new PairMemo(model);
    this.allEntry = this.memo.table.intern(ALL_CONNS);
    const rankOf = new Map(model.workloads.map((w, i) => [w, i]));
    this.classOfRank = new Int32Array(model.workloads.length).fill(-1);
    this.memberRanks = model.classes.map((cls) => {
      const ranks = Uint32Array.from(cls.members, (w) => rankOf.get(w) as number).sort();
      for (const r of ranks) this.classOfRank[r] = cls.index;
      return ranks;
    });
    this.scratch = new Int32Array(model.classes.length).fill(-1);
    for (const [agent, dsts] of ownNodePairs(model)) {
      this.ownNode.set(rankOf.get(agent) as number, Uint32Array.from(dsts, (w) => rankOf.get(w) as number).sort());
    }
    if (model.hostNetwork === 'node' && model.nodeSources.size > 0) this.placeNodeSources();
  }

  /** Workloads with the same class and the same nodes share their runs. */
  private placeNodeSources(): void {
    const shared = new Map<string, readonly Run[]>();
    this.model.workloads.forEach((w: Workload, rank) => {
      if (w.hostNetwork) return;
      const points = ownNodeRanges(this.model.nodeSources, w);
      if (points.length === 0) return;
      const ci = this.classOfRank[rank] as number;
      const key = `${ci}|${w.nodes.join(',')}`;
      let runs = shared.get(key);
      if (!runs) shared.set(key, (runs = withOwnNodes(this.memo.ingressRuns(this.model.classes[ci] as EqClass), points, this.allEntry)));
      this.nodeSourced.set(rank, runs);
    });
  }

  /** Every connection in output order; `focused[rank]` with `keep` implements --focus. */
  run(visit: OrderedVisitor, focused?: Uint8Array, keep?: Keep): void {
    const isFocused = (r: number): boolean => focused === undefined || focused[r] === 1;
    const kept = keep ?? (() => true);
    this.externalSources(visit, (dst) => kept(false, isFocused(dst)));
    const profiles = new Map<string, Profile>();
    const keys = this.model.classes.map((cls) => this.memo.profileKey(cls));
    const counts = new Map<string, number>();
    for (const cls of this.model.classes) counts.set(keys[cls.index] as string, (counts.get(keys[cls.index] as string) ?? 0) + cls.members.length);
    for (let src = 0; src < this.model.workloads.length; src++) {
      const ci = this.classOfRank[src] as number;
      const cls = this.model.classes[ci] as EqClass;
      const key = keys[ci] as string;
      let p = profiles.get(key);
      if (!p) profiles.set(key, (p = this.profile(cls, counts.get(key) ?? 0)));
      const srcFocused = isFocused(src);
      // Without a kept pair from this source there is nothing to do (e.g. --focus-direction egress, not focused).
      if (kept(srcFocused, false) || kept(srcFocused, true)) this.emitSource(visit, src, p, (dst) => kept(srcFocused, dst === undefined ? false : isFocused(dst)));
      if (--p.remaining <= 0) profiles.delete(key);
    }
  }

  private emitSource(visit: OrderedVisitor, src: number, p: Profile, kept: (dst?: number) => boolean): void {
    if (kept()) for (const run of p.externals) visit.toExternal(src, run.range, run.entry);
    const own = this.ownNode.get(src);
    if (own) return this.emitWithOwnNode(visit, src, p, own, kept);
    const { ranks, entries } = p;
    for (let i = 0; i < ranks.length; i++) {
      const dst = ranks[i] as number;
      if (dst !== src && kept(dst)) visit.workloads(src, dst, entries[i] as ConnEntry);
    }
  }

  /** An agent's destinations: its profile's and the pods on its own node (those with all connections). */
  private emitWithOwnNode(visit: OrderedVisitor, src: number, p: Profile, own: Uint32Array, kept: (dst?: number) => boolean): void {
    const { ranks, entries } = p;
    let i = 0;
    let j = 0;
    while (i < ranks.length || j < own.length) {
      const a = i < ranks.length ? (ranks[i] as number) : Infinity;
      const b = j < own.length ? (own[j] as number) : Infinity;
      const dst = Math.min(a, b);
      const entry = b <= a ? this.allEntry : (entries[i] as ConnEntry);
      if (a === dst) i++;
      if (b === dst) j++;
      if (dst !== src && kept(dst)) visit.workloads(src, dst, entry);
    }
  }

  /** The destinations of a class: members of the classes it reaches, in rank order. */
  private profile(src: EqClass, remaining: number): Profile {
    const dstClasses: number[] = [];
    const byClass: ConnEntry[] = [];
    let total = 0;
    for (const dst of this.memo.candidates(src)) {
      const entry = this.memo.pair(src, dst);
      if (!entry) continue;
      dstClasses.push(dst.index);
      byClass.push(entry);
      total += (this.memberRanks[dst.index] as Uint32Array).length;
    }
    const { ranks, entries } = this.merge(dstClasses, byClass, total);
    return { ranks, entries, externals: this.memo.egressRuns(src), remaining };
  }

  /** Members of the given classes in rank order, each with its class's connections. */
  private merge(classes: readonly number[], byClass: readonly ConnEntry[], total: number): { ranks: Uint32Array; entries: ConnEntry[] } {
    const ranks = new Uint32Array(total);
    let at = 0;
    classes.forEach((ci, k) => {
      const members = this.memberRanks[ci] as Uint32Array;
      ranks.set(members, at);
      at += members.length;
      this.scratch[ci] = k;
    });
    if (classes.length > 1) ranks.sort();
    const entries = new Array<ConnEntry>(total);
    for (let i = 0; i < total; i++) entries[i] = byClass[this.scratch[this.classOfRank[ranks[i] as number] as number] as number] as ConnEntry;
    for (const ci of classes) this.scratch[ci] = -1;
    return { ranks, entries };
  }

  /**
   * External ranges to workloads: only the destination's ingress decides (and, under the `node` reading, its own
   * nodes' addresses: nodeSourced); grouped by range, in address order.
   */
  private externalSources(visit: OrderedVisitor, kept: (dst: number) => boolean): void {
    type Group = { range: IpRange; classes: number[]; entries: ConnEntry[]; ranks?: number[]; own?: ConnEntry[] };
    const groups = new Map<string, Group>();
    const group = (range: IpRange): Group => {
      const key = `${range.family}|${range.first}|${range.last}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { range, classes: [], entries: [] }));
      return g;
    };
    for (const dst of this.model.classes) {
      for (const run of this.memo.ingressRuns(dst)) {
        const g = group(run.range);
        g.classes.push(dst.index);
        g.entries.push(run.entry);
      }
    }
    // In rank order, so each group's own ranks come sorted.
    for (const [rank, runs] of this.nodeSourced) {
      for (const run of runs) {
        const g = group(run.range);
        (g.ranks ??= []).push(rank);
        (g.own ??= []).push(run.entry);
      }
    }
    for (const g of [...groups.values()].sort((a, b) => compareRanges(a.range, b.range))) {
      const total = g.classes.reduce((n, ci) => n + (this.memberRanks[ci] as Uint32Array).length, 0);
      const { ranks, entries } = this.merge(g.classes, g.entries, total);
      if (this.nodeSourced.size === 0) {
        for (let i = 0; i < ranks.length; i++) if (kept(ranks[i] as number)) visit.fromExternal(g.range, ranks[i] as number, entries[i] as ConnEntry);
        continue;
      }
      // Class members with runs of their own are listed from those instead; both lists are in rank order.
      const own = g.ranks ?? [];
      let j = 0;
      for (let i = 0; i <= ranks.length; i++) {
        const r = i < ranks.length ? (ranks[i] as number) : Infinity;
        while (j < own.length && (own[j] as number) < r) {
          if (kept(own[j] as number)) visit.fromExternal(g.range, own[j] as number, (g.own as ConnEntry[])[j] as ConnEntry);
          j++;
        }
        if (r !== Infinity && !this.nodeSourced.has(r) && kept(r)) visit.fromExternal(g.range, r, entries[i] as ConnEntry);
      }
    }
  }
}
