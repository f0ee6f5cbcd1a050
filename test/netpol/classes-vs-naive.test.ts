import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel, ipsMatch, podsPeerMatches, type HostNetworkReading, type Model } from '../../src/netpol/model.js';
import { listConnections } from '../../src/netpol/list.js';
import { contains, NO_CONNS, PROTOCOLS, type ConnSet, type Protocol } from '../../src/netpol/ports.js';
import { matchesSelector } from '../../src/netpol/selector.js';
import type { Policy, Rule } from '../../src/netpol/policy.js';
import type { AdminPeer, AdminRule } from '../../src/netpol/admin-policy.js';
import { parseIp, type IpRange } from '../../src/netpol/ip.js';
import { adminPeerMatchesWorkload } from '../../src/netpol/admin-eval.js';
import { workloadId, type Workload } from '../../src/netpol/workloads.js';
import { ANALYSED_FIXTURES } from './fixture-files.js';

// A deliberately naive evaluator, pod pair by pod pair and rule by rule, straight from the API text,
// with no equivalence classes and no pruning: `netpol list` must agree with it on every pair and port.
// Under the `node` hostNetwork reading a hostNetwork pod is its node: never selected, never a pod peer, matched by
// ipBlocks through its node's IP, and "traffic to a pod from its node is always allowed".
function isNode(model: Model, w: Workload): boolean {
  return w.hostNetwork && model.hostNetwork === 'node';
}

function selects(model: Model, p: Policy, w: Workload): boolean {
  return !isNode(model, w) && p.namespace === w.namespace && matchesSelector(p.podSelector, w.labels);
}

function ruleAdmits(model: Model, p: Policy, rule: Rule, peer: Workload, dst: Workload, protocol: Protocol, port: number): boolean {
  const peerOk = rule.peers === 'all' || rule.peers.some((x) => (x.type === 'pods'
    ? podsPeerMatches(x, p.namespace, peer, model.namespaces.get(peer.namespace) ?? {}, model.options)
    : ipsMatch(x, peer, model.options, model.nodeAddresses)));
  if (!peerOk) return false;
  if (rule.ports === 'all') return true;
  return rule.ports.some((s) => {
    if (s.protocol !== protocol) return false;
    if (s.port === undefined) return true;
    if (typeof s.port === 'number') return s.port <= port && port <= (s.endPort ?? s.port);
    return dst.namedPorts.some((np) => np.name === s.port && np.protocol === protocol && np.port === port);
  });
}

function npAllows(model: Model, subject: Workload, peer: Workload, dst: Workload, dir: 'ingress' | 'egress', protocol: Protocol, port: number): boolean | undefined {
  const selecting = model.policies.filter((p) => p[dir] !== undefined && selects(model, p, subject));
  if (selecting.length === 0) return undefined;
  return selecting.some((p) => (p[dir] ?? []).some((r) => ruleAdmits(model, p, r, peer, dst, protocol, port)));
}

function adminPortMatches(rule: AdminRule, dst: Workload, protocol: Protocol, port: number): boolean {
  if (rule.ports === 'all') return true;
  return rule.ports.some((p) => ('namedPort' in p
    ? dst.namedPorts.some((np) => np.name === p.namedPort && np.protocol === protocol && np.port === port)
    : p.protocol === protocol && p.start <= port && port <= p.end));
}

// ANPs by priority ("lower priority values have higher precedence"), rules in written order, first match decides;
// Pass or no match: the NetworkPolicies if any isolates the subject; else the BANP's first matching rule; else allow.
function direction(model: Model, subject: Workload, peer: Workload, dst: Workload, dir: 'ingress' | 'egress', protocol: Protocol, port: number): boolean {
  const ctx = model.adminContext;
  const anps = model.adminPolicies.filter((p) => p.kind === 'AdminNetworkPolicy' && adminPeerMatchesWorkload(p.subject, subject, ctx))
    .sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : 1));
  anp: for (const p of anps) {
    for (const rule of p[dir]) {
      if (!rule.peers.some((x) => adminPeerMatchesWorkload(x, peer, ctx)) || !adminPortMatches(rule, dst, protocol, port)) continue;
      if (rule.action === 'Pass') break anp;
      return rule.action === 'Allow';
    }
  }
  const np = npAllows(model, subject, peer, dst, dir, protocol, port);
  if (np !== undefined) return np;
  const banp = model.adminPolicies.find((p) => p.kind === 'BaselineAdminNetworkPolicy' && adminPeerMatchesWorkload(p.subject, subject, ctx));
  for (const rule of banp?.[dir] ?? []) {
    if (rule.peers.some((x) => adminPeerMatchesWorkload(x, peer, ctx)) && adminPortMatches(rule, dst, protocol, port)) return rule.action === 'Allow';
  }
  return true;
}

// Towards or from an external address: NetworkPolicy ipBlocks ("cidr ... except"), ANP/BANP egress `networks` (the
// CIDRs) and `nodes` ("the IPs present in the node.Status.Addresses field" of matching Nodes); namespace and pod peers
// never match an address. Named ports resolve at the destination: none at an external one.
type Address = { family: 4 | 6; value: bigint };
const inCidr = (a: Address, c: IpRange): boolean => a.family === c.family && c.first <= a.value && a.value <= c.last;

function adminPeerMatchesAddress(model: Model, peer: AdminPeer, a: Address): boolean {
  if (peer.type === 'networks') return peer.cidrs.some((c) => inCidr(a, c));
  if (peer.type !== 'nodes') return false;
  return [...model.nodeLabels].some(([node, labels]) => matchesSelector(peer.selector, labels)
    && (model.nodeAddresses.get(node) ?? []).some((ip) => { const r = parseIp(ip); return r !== undefined && inCidr(a, r); }));
}

function ruleAdmitsAddress(rule: Rule, a: Address, dst: Workload | undefined, protocol: Protocol, port: number): boolean {
  const peerOk = rule.peers === 'all' || rule.peers.some((x) => x.type === 'ipBlock' && inCidr(a, x.cidr) && !x.except.some((e) => inCidr(a, e)));
  if (!peerOk || rule.ports === 'all') return peerOk;
  return rule.ports.some((s) => s.protocol === protocol && (s.port === undefined
    || (typeof s.port === 'number' ? s.port <= port && port <= (s.endPort ?? s.port) : (dst?.namedPorts ?? []).some((np) => np.name === s.port && np.protocol === protocol && np.port === port))));
}

// Node addresses straight from the objects: Node status.addresses (InternalIP, ExternalIP) and each pod's
// status.hostIP(s), "the IP address of the host to which the pod is assigned" (its spec.nodeName).
const nodeAddressCache = new WeakMap<Model, Map<string, Address[]>>();
function nodeAddresses(model: Model): Map<string, Address[]> {
  let out = nodeAddressCache.get(model);
  if (out) return out;
  out = new Map();
  const add = (node: string, ip: unknown): void => {
    const r = typeof ip === 'string' ? parseIp(ip) : undefined;
    if (r) out?.set(node, [...(out.get(node) ?? []), { family: r.family, value: r.first }]);
  };
  for (const o of model.objects) {
    const status = (o.object.status ?? {}) as { addresses?: { type?: string; address?: string }[]; hostIP?: string; hostIPs?: { ip?: string }[] };
    if (o.object.kind === 'Node' && o.object.metadata.name) {
      for (const x of status.addresses ?? []) if (x.type === 'InternalIP' || x.type === 'ExternalIP') add(o.object.metadata.name, x.address);
    }
    const node = (o.object.spec as { nodeName?: unknown } | undefined)?.nodeName;
    if (o.object.kind === 'Pod' && typeof node === 'string' && node !== '') for (const ip of [status.hostIP, ...(status.hostIPs ?? []).map((h) => h.ip)]) add(node, ip);
  }
  nodeAddressCache.set(model, out);
  return out;
}

// "Traffic is allowed to a pod if ... the traffic source is the pod's local node": under the `node` reading an
// address of a node a pod of the workload runs on is that node. No ANP/BANP ingress rule can match it (v1alpha1
// ingress peers are `namespaces` and `pods` only), so it holds whatever the tiers say.
function fromOwnNode(model: Model, subject: Workload, a: Address): boolean {
  if (model.hostNetwork !== 'node' || subject.hostNetwork) return false;
  return subject.nodes.some((n) => (nodeAddresses(model).get(n) ?? []).some((x) => x.family === a.family && x.value === a.value));
}

function addressDirection(model: Model, subject: Workload, a: Address, dir: 'ingress' | 'egress', protocol: Protocol, port: number): boolean {
  if (isNode(model, subject)) return true;
  if (dir === 'ingress' && fromOwnNode(model, subject, a)) return true;
  const ctx = model.adminContext;
  const dst = dir === 'ingress' ? subject : undefined;
  const matches = (rule: AdminRule): boolean => rule.peers.some((x) => adminPeerMatchesAddress(model, x, a)) && (dst ? adminPortMatches(rule, dst, protocol, port) : rule.ports === 'all' || rule.ports.some((p) => !('namedPort' in p) && p.protocol === protocol && p.start <= port && port <= p.end));
  const anps = model.adminPolicies.filter((p) => p.kind === 'AdminNetworkPolicy' && adminPeerMatchesWorkload(p.subject, subject, ctx))
    .sort((x, y) => x.priority - y.priority || (x.name < y.name ? -1 : 1));
  anp: for (const p of anps) {
    for (const rule of p[dir]) {
      if (!matches(rule)) continue;
      if (rule.action === 'Pass') break anp;
      return rule.action === 'Allow';
    }
  }
  const selecting = model.policies.filter((p) => p[dir] !== undefined && selects(model, p, subject));
  if (selecting.length > 0) return selecting.some((p) => (p[dir] ?? []).some((r) => ruleAdmitsAddress(r, a, dst, protocol, port)));
  const banp = model.adminPolicies.find((p) => p.kind === 'BaselineAdminNetworkPolicy' && adminPeerMatchesWorkload(p.subject, subject, ctx));
  for (const rule of banp?.[dir] ?? []) if (matches(rule)) return rule.action === 'Allow';
  return true;
}

/** Sample addresses: every CIDR, except and node address boundary of the input, one either side, and the ends. */
function samples(model: Model): Address[] {
  const cidrs: IpRange[] = [];
  for (const p of model.policies) for (const rule of [...(p.ingress ?? []), ...(p.egress ?? [])]) {
    if (rule.peers !== 'all') for (const x of rule.peers) if (x.type === 'ipBlock') cidrs.push(x.cidr, ...x.except);
  }
  for (const p of model.adminPolicies) for (const rule of p.egress) for (const x of rule.peers) if (x.type === 'networks') cidrs.push(...x.cidrs);
  for (const ips of model.nodeAddresses.values()) for (const ip of ips) { const r = parseIp(ip); if (r) cidrs.push(r); }
  for (const list of nodeAddresses(model).values()) for (const x of list) cidrs.push({ family: x.family, first: x.value, last: x.value });
  const families = new Set(model.externals.map((r) => r.family));
  const max = (f: 4 | 6): bigint => (f === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n);
  const out = new Map<string, Address>();
  const add = (family: 4 | 6, value: bigint): void => { if (families.has(family) && value >= 0n && value <= max(family)) out.set(`${family}|${value}`, { family, value }); };
  for (const f of families) { add(f, 0n); add(f, max(f)); }
  for (const c of cidrs) for (const v of [c.first - 1n, c.first, c.last, c.last + 1n]) add(c.family, v);
  return [...out.values()];
}

/** Ports worth probing: the fixed list, and every port, range end and named port of the input, one either side. */
function portsOf(model: Model): number[] {
  const out = new Set(PORTS);
  const add = (n: number): void => { for (const v of [n - 1, n, n + 1]) if (v >= 1 && v <= 65535) out.add(v); };
  for (const p of model.policies) for (const rule of [...(p.ingress ?? []), ...(p.egress ?? [])]) {
    if (rule.ports !== 'all') for (const s of rule.ports) { if (typeof s.port === 'number') add(s.port); if (s.endPort !== undefined) add(s.endPort); }
  }
  for (const p of model.adminPolicies) for (const rule of [...p.ingress, ...p.egress]) {
    if (rule.ports !== 'all') for (const s of rule.ports) if (!('namedPort' in s)) { add(s.start); add(s.end); }
  }
  for (const w of model.workloads) for (const np of w.namedPorts) add(np.port);
  return [...out].sort((a, b) => a - b);
}

function naiveAllowed(model: Model, src: Workload, dst: Workload, protocol: Protocol, port: number): boolean {
  if (isNode(model, src) && !dst.hostNetwork && src.nodes.some((n) => dst.nodes.includes(n))) return true;
  return direction(model, src, dst, dst, 'egress', protocol, port) && direction(model, dst, src, dst, 'ingress', protocol, port);
}

const PORTS = [53, 80, 81, 443, 514, 1000, 1010, 1011, 3000, 3868, 5353, 5432, 7999, 8000, 8079, 8080, 8090, 8091, 9000, 9001, 9090, 9100, 10250, 31337];

for (const file of ANALYSED_FIXTURES) {
  for (const [ipBlockMatchesPods, hostNetwork] of [[false, 'node'], [true, 'node'], [false, 'pod'], [true, 'pod']] as [boolean, HostNetworkReading][]) {
    test(`class-based list agrees with the naive pairwise evaluator: ${file}${ipBlockMatchesPods ? ' --ipblock-matches-pods' : ''} --host-network ${hostNetwork}`, () => {
      const model = buildModel(loadObjects([file]), { ipBlockMatchesPods, hostNetwork });
      assert.ok(model.workloads.length > 0, 'a fixture with workloads to compare');
      const connections = listConnections(model);
      const listed = new Map(connections.map((c) => [`${c.src.id}|${c.dst.id}`, c.conns]));
      const ports = portsOf(model);
      for (const src of model.workloads) {
        for (const dst of model.workloads) {
          if (src === dst) continue;
          const conns = listed.get(`${workloadId(src)}|${workloadId(dst)}`) ?? NO_CONNS;
          for (const protocol of PROTOCOLS) {
            for (const port of ports) {
              assert.equal(contains(conns, protocol, port), naiveAllowed(model, src, dst, protocol, port), `${workloadId(src)} -> ${workloadId(dst)} ${protocol} ${port}`);
            }
          }
        }
      }
      // External addresses: the listed range holding the address (or none) against the naive answer.
      const points = samples(model);
      assert.ok(points.length >= 2, 'sample addresses');
      const at = (w: Workload, a: Address, dir: 'ingress' | 'egress'): ConnSet => {
        const c = connections.find((x) => (dir === 'egress'
          ? x.src.type === 'workload' && x.src.workload === w && x.dst.type === 'external' && inCidr(a, x.dst.range)
          : x.dst.type === 'workload' && x.dst.workload === w && x.src.type === 'external' && inCidr(a, x.src.range)));
        return c?.conns ?? NO_CONNS;
      };
      for (const w of model.workloads) {
        for (const a of points) {
          for (const dir of ['egress', 'ingress'] as const) {
            const conns = at(w, a, dir);
            for (const protocol of PROTOCOLS) {
              for (const port of ports) {
                assert.equal(contains(conns, protocol, port), addressDirection(model, w, a, dir, protocol, port), `${workloadId(w)} ${dir === 'egress' ? '->' : '<-'} ${a.family === 4 ? 'v4' : 'v6'}:${a.value} ${protocol} ${port}`);
              }
            }
          }
        }
      }
    });
  }
}
