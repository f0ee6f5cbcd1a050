import type { Finding } from '../domain/finding.js';
import { compareText } from '../domain/order.js';
import { sortFindings } from '../report/findings.js';
import { Severity } from '../domain/status.js';
import { adminSelects, egressConns } from './connectivity.js';
import { peerClass } from './peer-class.js';
import { isWholeFamily, parseIp } from './ip.js';
import { actsAsNode, peersOf, type EqClass, type Model } from './model.js';
import type { IpBlockPeer } from './policy.js';
import { contains, isEmpty, type ConnSet } from './ports.js';
import { lintPolicies } from './lint-policies.js';
import { lintAdmin } from './lint-admin.js';
import { adminRef } from './admin-policy.js';
import { allowDnsYaml, defaultDenyYaml, denyMetadataYaml, denyOtherMetadataYaml } from './lint-fixes.js';
import { workloadId, type Workload } from './workloads.js';
import { pushTo } from './multimap.js';
import { isEmptySelector } from './selector.js';

function byNamespace(model: Model): Map<string, Workload[]> {
  const out = new Map<string, Workload[]>();
  for (const w of model.workloads) if (!actsAsNode(model.options, w)) pushTo(out, w.namespace, w);
  return out;
}

function classOf(model: Model, w: Workload): EqClass {
  return model.classOf.get(workloadId(w)) as EqClass;
}

/** "Default deny": a policy whose empty podSelector selects every pod of the namespace for that direction. */
function hasDefaultDeny(model: Model, ns: string, dir: 'ingress' | 'egress'): boolean {
  return model.policies.some((p) => p.namespace === ns && p[dir] !== undefined && isEmptySelector(p.podSelector));
}

function names(ws: readonly Workload[]): string {
  const shown = ws.slice(0, 5).map((w) => workloadId(w).slice(w.namespace.length + 1)).join(', ');
  return ws.length > 5 ? `${shown} and ${ws.length - 5} more` : shown;
}

const KUBE_DNS: Workload = {
  namespace: 'kube-system',
  name: 'kube-dns',
  kind: 'Deployment',
  labels: { 'k8s-app': 'kube-dns' },
  namedPorts: [{ name: 'dns', protocol: 'UDP', port: 53 }, { name: 'dns-tcp', protocol: 'TCP', port: 53 }],
  hostNetwork: false,
  ips: [],
  pods: [],
  nodes: [],
  nodesKnown: false,
  hostIPs: [],
  location: { file: '<kube-dns>' },
};

/**
 * Egress of a class towards the cluster's kube-dns, through every tier (ANP, NetworkPolicy, BANP): its class when it
 * is in the input, else the KUBE_DNS stand-in as a peer class — the pod peers and ANP/BANP peers that match it, and
 * the ipBlocks that may hold it (ipBlockMayMatch).
 */
function egressTo(model: Model, cls: EqClass, w: Workload): ConnSet {
  const known = model.classOf.get(workloadId(w));
  if (known) return egressConns(cls, { type: 'class', cls: known }, model.nodeRanges);
  const standIn = peerClass(model, w, model.namespaces.get(w.namespace) ?? { 'kubernetes.io/metadata.name': w.namespace });
  for (const p of model.policies) for (const peer of peersOf(p)) if (peer.type === 'ipBlock' && ipBlockMayMatch(model, peer)) standIn.matchedPeers.add(peer.id);
  return egressConns(cls, { type: 'class', cls: standIn }, model.nodeRanges);
}

/**
 * With --ipblock-matches-pods, an ipBlock admits a pod whose IP it contains. The kube-dns stand-in (the cluster's
 * kube-dns when it is not in the input) has no known IP: a block covering a whole address family (`0.0.0.0/0`,
 * `::/0`) counts as admitting it unless one of its excepts is a /8 (IPv4) or /32 (IPv6) or wider, which could hold
 * the pod network.
 */
function ipBlockMayMatch(model: Model, peer: IpBlockPeer): boolean {
  if (model.options.ipBlockMatchesPods !== true) return false;
  const wide = peer.cidr.family === 4 ? 1n << 24n : 1n << 96n;
  return isWholeFamily(peer.cidr) && peer.except.every((e) => e.last - e.first + 1n < wide);
}

function kubeDns(model: Model): Workload {
  return model.workloads.find((w) => w.namespace === 'kube-system' && w.labels['k8s-app'] === 'kube-dns') ?? KUBE_DNS;
}

/**
 * The AdminNetworkPolicies and the BaselineAdminNetworkPolicy selecting a class with a Deny rule, per direction:
 * those restrict it whatever the NetworkPolicies say ("denied before being checked against NetworkPolicy"), so a
 * workload no NetworkPolicy selects is not "allowed everything" when one exists. Allow-only policies restrict nothing.
 */
function adminRestrictions(cls: EqClass): string {
  const parts: string[] = [];
  for (const dir of ['ingress', 'egress'] as const) {
    const denying = adminDenying([cls], dir);
    if (denying.length > 0) parts.push(`${dir} by ${denying.join(', ')}`);
  }
  return parts.join('; ');
}

/**
 * The admin policies with Deny rules for `dir` that select one of the classes, once each, in the order they are
 * evaluated: AdminNetworkPolicies by priority, then the BaselineAdminNetworkPolicy.
 */
function adminDenying(classes: readonly EqClass[], dir: 'ingress' | 'egress'): string[] {
  const anps = new Map<string, number>();
  const banps = new Set<string>();
  for (const cls of classes) {
    for (const p of dir === 'ingress' ? cls.anpIngress : cls.anpEgress) if (p[dir].some((r) => r.action === 'Deny')) anps.set(adminRef(p), p.priority);
    const banp = dir === 'ingress' ? cls.banpIngress : cls.banpEgress;
    if (banp && banp[dir].some((r) => r.action === 'Deny')) banps.add(adminRef(banp));
  }
  return [...[...anps].sort((a, b) => a[1] - b[1] || compareText(a[0], b[0])).map(([ref]) => ref), ...banps];
}

/** Every lint finding, in the order of every findings report (compareFindings). */
export function lint(model: Model): Finding[] {
  const findings: Finding[] = [];
  for (const error of model.errors) {
    findings.push({ ruleId: 'NP000', severity: Severity.high, message: error.message, ...(error.location ? { location: error.location, subject: error.location.file } : {}) });
  }
  const dns = kubeDns(model);
  for (const [ns, workloads] of [...byNamespace(model)].sort(([a], [b]) => compareText(a, b))) {
    const location = model.namespaceLocations.get(ns) ?? workloads[0]?.location;
    const subject = `${ns}[Namespace]`;
    for (const [rule, dir] of [['NP001', 'ingress'], ['NP002', 'egress']] as const) {
      if (hasDefaultDeny(model, ns, dir)) continue;
      // Admin Deny rules are "denied before being checked against NetworkPolicy": not quite anywhere, then.
      const denying = adminDenying(workloads.map((w) => classOf(model, w)), dir);
      const except = denying.length > 0 ? ` the admin tier does not deny (Deny rules of ${denying.join(', ')})` : '';
      findings.push({
        ruleId: rule, severity: Severity.medium, subject, ...(location ? { location } : {}),
        message: `namespace ${ns} has no default-deny ${dir} policy: pods not selected by another policy accept ${dir === 'ingress' ? 'connections from' : 'connections to'} anywhere${except}`,
        remediation: defaultDenyYaml(ns, dir === 'ingress' ? 'Ingress' : 'Egress'),
      });
    }
    const unselected = workloads.filter((w) => classOf(model, w).ingressPolicies.length === 0 && classOf(model, w).egressPolicies.length === 0);
    for (const w of unselected) {
      const admin = adminRestrictions(classOf(model, w));
      const message = admin === '' ? 'all ingress and egress is allowed' : `only the admin tier restricts it (Deny rules): ${admin}`;
      findings.push({ ruleId: 'NP003', severity: Severity.medium, subject: workloadId(w), location: w.location, message: `${workloadId(w)} is selected by no NetworkPolicy${admin === '' ? ': ' : '; '}${message}`, remediation: defaultDenyYaml(ns, 'Ingress') });
    }
    const reach = (ip: string): Workload[] => {
      const range = parseIp(ip);
      return range ? workloads.filter((w) => !isEmpty(egressConns(classOf(model, w), { type: 'ip', range }))) : [];
    };
    const aws = reach('169.254.169.254');
    if (aws.length > 0) {
      findings.push({
        ruleId: 'NP004', severity: Severity.high, subject, ...(location ? { location } : {}),
        message: `namespace ${ns}: ${aws.length} workload(s) can reach the cloud metadata endpoint 169.254.169.254 (${names(aws)})`,
        evidence: aws.map((w) => ({ subject: workloadId(w), source: 'object', location: w.location, value: 'egress to 169.254.169.254 allowed' })),
        remediation: denyMetadataYaml(ns),
      });
    }
    // The IPv6 metadata address matters only where IPv6 is in play (an IPv6 CIDR or pod address).
    const v6 = model.externals.some((r) => r.family === 6);
    for (const ip of v6 ? ['100.100.100.200', 'fd00:ec2::254'] : ['100.100.100.200']) {
      const hit = reach(ip);
      if (hit.length === 0) continue;
      findings.push({
        ruleId: 'NP005', severity: Severity.low, subject, ...(location ? { location } : {}),
        message: `namespace ${ns}: ${hit.length} workload(s) can reach the metadata endpoint ${ip} (${names(hit)})`,
        remediation: denyOtherMetadataYaml(ns),
      });
    }
    const noDns = workloads.filter((w) => {
      const cls = classOf(model, w);
      if (cls.egressPolicies.length === 0 && !adminSelects(cls, 'egress')) return false;
      const conns = egressTo(model, cls, dns);
      return !contains(conns, 'UDP', 53) && !contains(conns, 'TCP', 53);
    });
    if (noDns.length > 0) {
      findings.push({
        ruleId: 'NP006', severity: Severity.high, subject, ...(location ? { location } : {}),
        message: `namespace ${ns}: egress policies block DNS (port 53) to kube-system/kube-dns for ${noDns.length} workload(s) (${names(noDns)})${model.options.ipBlockMatchesPods ? '' : '; ipBlocks are taken as cluster-external (see --ipblock-matches-pods)'}`,
        remediation: allowDnsYaml(ns),
      });
    }
  }
  findings.push(...lintPolicies(model));
  findings.push(...lintAdmin(model));
  return sortFindings(findings);
}
