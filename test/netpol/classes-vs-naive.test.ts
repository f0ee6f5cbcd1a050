import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel, ipsMatch, podsPeerMatches, type HostNetworkReading, type Model } from '../../src/netpol/model.js';
import { listConnections } from '../../src/netpol/list.js';
import { contains, NO_CONNS, PROTOCOLS, type Protocol } from '../../src/netpol/ports.js';
import { matchesSelector } from '../../src/netpol/selector.js';
import type { Policy, Rule } from '../../src/netpol/policy.js';
import type { AdminRule } from '../../src/netpol/admin-policy.js';
import { adminPeerMatchesWorkload } from '../../src/netpol/admin-eval.js';
import { workloadId, type Workload } from '../../src/netpol/workloads.js';

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

function naiveAllowed(model: Model, src: Workload, dst: Workload, protocol: Protocol, port: number): boolean {
  if (isNode(model, src) && !dst.hostNetwork && src.nodes.some((n) => dst.nodes.includes(n))) return true;
  return direction(model, src, dst, dst, 'egress', protocol, port) && direction(model, dst, src, dst, 'ingress', protocol, port);
}

const PORTS = [53, 80, 81, 443, 514, 1000, 1010, 1011, 3000, 3868, 5353, 5432, 7999, 8000, 8079, 8080, 8090, 8091, 9000, 9001, 9090, 9100, 10250, 31337];
const DIRS = ['test/fixtures/netpol/rules', 'test/fixtures/netpol/lint', 'test/fixtures/netpol/splits', 'test/fixtures/netpol/hostnetwork', 'test/fixtures/netpol/admin'];
const files = DIRS.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.yaml')).map((f) => `${d}/${f}`)).sort();
files.push('test/fixtures/netpol/seed-g04', 'test/fixtures/netpol/workloads/cluster.yaml');

for (const file of files) {
  for (const [ipBlockMatchesPods, hostNetwork] of [[false, 'node'], [true, 'node'], [false, 'pod'], [true, 'pod']] as [boolean, HostNetworkReading][]) {
    test(`class-based list agrees with the naive pairwise evaluator: ${file}${ipBlockMatchesPods ? ' --ipblock-matches-pods' : ''} --host-network ${hostNetwork}`, () => {
      const model = buildModel(loadObjects([file]), { ipBlockMatchesPods, hostNetwork });
      const listed = new Map(listConnections(model).map((c) => [`${c.src.id}|${c.dst.id}`, c.conns]));
      for (const src of model.workloads) {
        for (const dst of model.workloads) {
          if (src === dst) continue;
          const conns = listed.get(`${workloadId(src)}|${workloadId(dst)}`) ?? NO_CONNS;
          for (const protocol of PROTOCOLS) {
            for (const port of PORTS) {
              assert.equal(contains(conns, protocol, port), naiveAllowed(model, src, dst, protocol, port), `${workloadId(src)} -> ${workloadId(dst)} ${protocol} ${port}`);
            }
          }
        }
      }
    });
  }
}
