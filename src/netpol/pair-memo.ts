import type { AdminPolicy, AdminRule } from './admin-policy.js';
import { ConnTable, type ConnEntry } from './conn-table.js';
import { adminPeerMatchesRange, adminRulePorts } from './admin-eval.js';
import { classesByPeer, egressCandidates, egressConns, ingressConns, ingressIndex, rulePorts, type IngressIndex } from './connectivity.js';
import type { IpRange } from './ip.js';
import type { EqClass, Model } from './model.js';
import { ipBlockAdmits, type Policy, type Rule } from './policy.js';
import type { ConnSet } from './ports.js';
import type { NamedPort } from './workloads.js';

/** One rule as the memo sees it: the peers it names (ids, or 'all') and what it does with the traffic. */
interface RuleShape {
  ids: readonly number[] | 'all';
  /** Matches an external range (ipBlock, ANP networks/nodes peers). */
  matchesRange: (range: IpRange) => boolean;
  /** Tier, action and ports: `n` NetworkPolicy, `a` ANP, `b` BANP; `ports` as named ports resolve (sig: their id). */
  shape: (ports: readonly NamedPort[] | undefined, sig: number, table: ConnTable) => string;
}

export interface ExternalRun {
  range: IpRange;
  entry: ConnEntry;
}

/**
 * The rules of one direction that apply to a class, in a fixed order (AdminNetworkPolicies, the
 * BaselineAdminNetworkPolicy, NetworkPolicies). Towards another class or a range the answer depends only on which
 * of these rules name a peer it matches, and on what the rules do — tier, action, ports (named ports resolved
 * against the destination) — not on which policies they come from: classes of different namespaces whose
 * policies say the same share one answer per combination of matching rules.
 */
interface DirConfig {
  rules: RuleShape[];
  /** Some rule names a port by name and the answer depends on the destination's ports (egress). */
  named: boolean;
  /** Answers by rule match (and destination ports when `named`), shared by every config of the same shape. */
  answers: Map<number | string, ConnEntry>;
  runs?: ExternalRun[];
  candidates?: readonly EqClass[];
}

const npNamed = (rule: Rule): boolean => rule.ports !== 'all' && rule.ports.some((p) => typeof p.port === 'string');
const adminNamed = (rule: AdminRule): boolean => rule.ports !== 'all' && rule.ports.some((p) => 'namedPort' in p);

/** A rule's shape once per rule (per table: the text holds its ids), or per destination ports when it names one. */
const shapeCache = new WeakMap<ConnTable, WeakMap<object, Map<number, string>>>();
function cachedShape(rule: object, named: boolean, make: (ports: readonly NamedPort[] | undefined, table: ConnTable) => string): RuleShape['shape'] {
  return (ports, sig, table) => {
    let rules = shapeCache.get(table);
    if (!rules) shapeCache.set(table, (rules = new WeakMap()));
    let byPorts = rules.get(rule);
    if (!byPorts) rules.set(rule, (byPorts = new Map()));
    const key = named ? sig : -1;
    let text = byPorts.get(key);
    if (text === undefined) byPorts.set(key, (text = make(ports, table)));
    return text;
  };
}

function rulesOf(policies: readonly Policy[], anps: readonly AdminPolicy[], banp: AdminPolicy | undefined, dir: 'ingress' | 'egress', nodeRanges: Model['nodeRanges']): { rules: RuleShape[]; named: boolean } {
  const rules: RuleShape[] = [];
  let named = false;
  for (const ap of [...anps, ...(banp ? [banp] : [])]) {
    const tier = ap === banp ? 'b' : 'a';
    for (const rule of ap[dir]) {
      rules.push({
        ids: rule.peers.map((p) => p.id),
        matchesRange: (range) => rule.peers.some((p) => adminPeerMatchesRange(p, range, nodeRanges)),
        shape: cachedShape(rule, adminNamed(rule), (ports, table) => `${tier}${rule.action}${table.intern(adminRulePorts(rule, ports)).id}`),
      });
      named ||= adminNamed(rule);
    }
  }
  for (const p of policies) {
    for (const rule of p[dir] ?? []) {
      const peers = rule.peers;
      rules.push({
        ids: peers === 'all' ? 'all' : peers.map((x) => x.id),
        matchesRange: (range) => peers === 'all' || peers.some((x) => x.type === 'ipBlock' && ipBlockAdmits(x, range)),
        shape: cachedShape(rule, npNamed(rule), (ports, table) => `n${table.intern(rulePorts(rule, ports)).id}`),
      });
      named ||= npNamed(rule);
    }
  }
  return { rules, named };
}

/** Which rules name a peer the other end matches: a bit mask (up to 30 rules) or a string of 0/1. */
function matchKey(rules: readonly RuleShape[], hit: (r: RuleShape) => boolean): number | string {
  if (rules.length <= 30) {
    let mask = 0;
    for (let i = 0; i < rules.length; i++) if (hit(rules[i] as RuleShape)) mask |= 1 << i;
    return mask;
  }
  return rules.map((r) => (hit(r) ? '1' : '0')).join('');
}

function peersHit(peers: ReadonlySet<number>): (r: RuleShape) => boolean {
  return (r) => {
    if (r.ids === 'all') return true;
    for (const id of r.ids) if (peers.has(id)) return true;
    return false;
  };
}

/** Class-pair answers of the engine (connectivity.ts), each distinct one computed once. */
export class PairMemo {
  readonly table = new ConnTable();
  private readonly egressCfg: DirConfig[] = [];
  private readonly ingressCfg: DirConfig[] = [];
  private readonly egressCfgId: number[] = [];
  /** An id per distinct list of named container ports (what a named port resolves against). */
  private readonly portSig: number[] = [];
  private readonly index: Map<number, EqClass[]>;
  private readonly ingress: IngressIndex;

  constructor(private readonly model: Model) {
    this.index = classesByPeer(model);
    this.ingress = ingressIndex(model);
    const adminIndex = new Map(model.adminPolicies.map((p, i) => [p, i]));
    const ports = new Map<string, number>();
    const configs = new Map<string, { cfg: DirConfig; id: number }>();
    const shapes = new Map<string, Map<number | string, ConnEntry>>();
    // `ports`: what named ports resolve against in the shape (the class's own, for ingress); undefined for egress.
    const config = (key: string, made: { rules: RuleShape[]; named: boolean }, isolated: boolean, dir: string, ports: readonly NamedPort[] | undefined, sig: number): { cfg: DirConfig; id: number } => {
      let c = configs.get(key);
      if (!c) {
        // Egress with named ports resolves them per destination: answers of this config only, keyed by its ports too.
        const shape = made.named && ports === undefined ? `${key}` : `${dir}|${isolated ? 1 : 0}|${made.rules.map((r) => r.shape(ports, sig, this.table)).join(',')}`;
        let answers = shapes.get(shape);
        if (!answers) shapes.set(shape, (answers = new Map()));
        configs.set(key, (c = { cfg: { ...made, answers }, id: configs.size }));
      }
      return c;
    };
    const ids = (ps: readonly { id: number }[]): string => ps.map((p) => p.id).join(',');
    const admin = (ps: readonly AdminPolicy[], banp: AdminPolicy | undefined): string => `${ps.map((p) => adminIndex.get(p)).join(',')}|${banp ? adminIndex.get(banp) : ''}`;
    for (const cls of model.classes) {
      const portText = JSON.stringify(cls.rep.namedPorts);
      let sig = ports.get(portText);
      if (sig === undefined) ports.set(portText, (sig = ports.size));
      this.portSig[cls.index] = sig;
      const eKey = `e|${ids(cls.egressPolicies)}|${admin(cls.anpEgress, cls.banpEgress)}`;
      const e = configs.get(eKey) ?? config(eKey, rulesOf(cls.egressPolicies, cls.anpEgress, cls.banpEgress, 'egress', model.nodeRanges), cls.egressPolicies.length > 0, 'e', undefined, -1);
      this.egressCfg[cls.index] = e.cfg;
      this.egressCfgId[cls.index] = e.id;
      // Ingress towards a class resolves named ports against its own container ports: part of its configuration.
      const iKey = `i|${ids(cls.ingressPolicies)}|${admin(cls.anpIngress, cls.banpIngress)}`;
      let i = configs.get(iKey) ?? configs.get(`${iKey}|${sig}`);
      if (!i) {
        const made = rulesOf(cls.ingressPolicies, cls.anpIngress, cls.banpIngress, 'ingress', model.nodeRanges);
        i = config(made.named ? `${iKey}|${sig}` : iKey, made, cls.ingressPolicies.length > 0, 'i', cls.rep.namedPorts, sig);
      }
      this.ingressCfg[cls.index] = i.cfg;
    }
  }

  /** Classes that answer the same towards every destination: same egress rules, same matched peers. */
  profileKey(src: EqClass): string {
    return `${this.egressCfgId[src.index]}|${[...src.matchedPeers].join(',')}`;
  }

  /** Candidate destinations of a class (connectivity.ts egressCandidates); shared by its egress rules when isolated. */
  candidates(src: EqClass): Iterable<EqClass> {
    if (src.egressPolicies.length === 0) return egressCandidates(src, this.model, this.index, this.ingress);
    const cfg = this.egressCfg[src.index] as DirConfig;
    cfg.candidates ??= [...egressCandidates(src, this.model, this.index, this.ingress)];
    return cfg.candidates;
  }

  /** What the source's egress (ANP, NetworkPolicies, BANP) admits towards the destination class. */
  private egress(src: EqClass, dst: EqClass): ConnEntry {
    const cfg = this.egressCfg[src.index] as DirConfig;
    const mask = matchKey(cfg.rules, peersHit(dst.matchedPeers));
    const sig = this.portSig[dst.index] as number;
    const key = !cfg.named ? mask : typeof mask === 'number' ? mask + sig * 2 ** 30 : `${mask}|${sig}`;
    let entry = cfg.answers.get(key);
    if (!entry) {
      entry = this.table.intern(egressConns(src, { type: 'class', cls: dst }, this.model.nodeRanges));
      cfg.answers.set(key, entry);
    }
    return entry;
  }

  /** What the destination's ingress admits from the source class. */
  private ingressFrom(dst: EqClass, src: EqClass): ConnEntry {
    const cfg = this.ingressCfg[dst.index] as DirConfig;
    const key = matchKey(cfg.rules, peersHit(src.matchedPeers));
    let entry = cfg.answers.get(key);
    if (!entry) {
      entry = this.table.intern(ingressConns(dst, { type: 'class', cls: src }, this.model.nodeRanges));
      cfg.answers.set(key, entry);
    }
    return entry;
  }

  /** A connection needs the source's egress AND the destination's ingress; undefined when nothing is allowed. */
  pair(src: EqClass, dst: EqClass): ConnEntry | undefined {
    const e = this.egress(src, dst);
    if (e.empty) return undefined;
    const c = this.table.intersect(e, this.ingressFrom(dst, src));
    return c.empty ? undefined : c;
  }

  /** External destinations have no NetworkPolicy of their own: only the source's egress decides. */
  egressRuns(src: EqClass): readonly ExternalRun[] {
    const cfg = this.egressCfg[src.index] as DirConfig;
    cfg.runs ??= this.runs(cfg, (range) => egressConns(src, { type: 'ip', range }, this.model.nodeRanges));
    return cfg.runs;
  }

  ingressRuns(dst: EqClass): readonly ExternalRun[] {
    const cfg = this.ingressCfg[dst.index] as DirConfig;
    cfg.runs ??= this.runs(cfg, (range) => ingressConns(dst, { type: 'ip', range }, this.model.nodeRanges));
    return cfg.runs;
  }

  /**
   * The external ranges with their connections, adjacent ranges with the same connections merged (as
   * connectivity.ts externalRuns does); a range's answer is shared by every config of the same shape whose rules
   * match it the same way (ports resolve as in the shape: against the class's own for ingress, to none for egress).
   */
  private runs(cfg: DirConfig, connsOf: (range: IpRange) => ConnSet): ExternalRun[] {
    const runs: ExternalRun[] = [];
    for (const range of this.model.externals) {
      const mask = matchKey(cfg.rules, (r) => r.matchesRange(range));
      const key = `r${mask}`;
      let entry = cfg.answers.get(key);
      if (!entry) cfg.answers.set(key, (entry = this.table.intern(connsOf(range))));
      if (entry.empty) continue;
      const last = runs[runs.length - 1];
      if (last && last.range.family === range.family && last.range.last + 1n === range.first && last.entry === entry) last.range = { ...last.range, last: range.last };
      else runs.push({ range, entry });
    }
    return runs;
  }
}
