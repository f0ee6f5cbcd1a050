import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel } from '../../src/netpol/model.js';
import { evaluate } from '../../src/netpol/explain.js';
import type { Protocol } from '../../src/netpol/ports.js';

const RULES = 'test/fixtures/netpol/rules';

interface Row {
  rule: string;
  fixture: string;
  from: string;
  to: string;
  port: string;
  protocol?: Protocol;
  allowed: boolean;
  ipBlockMatchesPods?: boolean;
}

// Each row quotes (in its rule or in the comment above it) the networking.k8s.io/v1 API reference.
const rows: Row[] = [
  // "all policies (whether or not they contain an ingress section) are assumed to affect ingress"
  { rule: 'policyTypes omitted: the policy isolates ingress', fixture: 'policytypes-default-ingress', from: 'shop/client', to: 'shop/server', port: '80', allowed: false },
  { rule: 'policyTypes omitted, no egress section: egress is not affected', fixture: 'policytypes-default-ingress', from: 'shop/server', to: 'lab/client', port: '80', allowed: true },
  // "policies that contain an egress section are assumed to affect egress"
  { rule: 'policyTypes omitted with egress rules: egress is isolated (other destinations denied)', fixture: 'policytypes-default-egress-with-egress-rules', from: 'shop/client', to: 'lab/client', port: '80', allowed: false },
  { rule: 'policyTypes omitted with egress rules: the egress rule admits its destination', fixture: 'policytypes-default-egress-with-egress-rules', from: 'shop/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'policyTypes omitted with egress rules: ingress is isolated too', fixture: 'policytypes-default-egress-with-egress-rules', from: 'shop/server', to: 'shop/client', port: '80', allowed: false },
  // policyTypes "List of rule types that the NetworkPolicy relates to": ingress rules of an Egress-only policy do nothing
  { rule: 'policyTypes [Egress]: ingress rules are ignored, ingress stays open', fixture: 'policytypes-listed-egress-only', from: 'shop/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'policyTypes [Egress] with no egress rules: egress denied', fixture: 'policytypes-listed-egress-only', from: 'shop/server', to: 'shop/client', port: '80', allowed: false },
  // "the ingress rules for each are combined additively"
  { rule: 'union of policies: the first policy admits shop clients on 80', fixture: 'union-of-policies', from: 'shop/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'union of policies: the second policy admits lab on 9090', fixture: 'union-of-policies', from: 'lab/client', to: 'shop/server', port: '9090', allowed: true },
  { rule: 'union of policies: neither admits lab on 80', fixture: 'union-of-policies', from: 'lab/client', to: 'shop/server', port: '80', allowed: false },
  // a connection needs the source's egress AND the destination's ingress
  { rule: 'egress admits 80 but ingress does not: denied', fixture: 'egress-and-ingress-both-needed', from: 'shop/client', to: 'shop/server', port: '80', allowed: false },
  { rule: 'egress and ingress both admit 443: allowed', fixture: 'egress-and-ingress-both-needed', from: 'shop/client', to: 'shop/server', port: '443', allowed: true },
  { rule: 'ingress admits lab but lab has no egress policy: allowed', fixture: 'egress-and-ingress-both-needed', from: 'lab/client', to: 'shop/server', port: '443', allowed: true },
  // from: "If this field is empty or missing, this rule matches all sources"
  { rule: 'from missing: a source in another namespace is admitted', fixture: 'from-missing-matches-all-sources', from: 'lab/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'from missing: only the listed port', fixture: 'from-missing-matches-all-sources', from: 'lab/client', to: 'shop/server', port: '81', allowed: false },
  { rule: 'from missing: an external address is admitted', fixture: 'from-missing-matches-all-sources', from: '203.0.113.9', to: 'shop/server', port: '80', allowed: true },
  { rule: 'from: [] matches all sources', fixture: 'from-empty-list-matches-all-sources', from: 'lab/client', to: 'shop/server', port: '80', allowed: true },
  // ports: "If this field is empty or missing, this rule matches all ports"
  { rule: 'ports missing: any TCP port', fixture: 'ports-missing-matches-all-ports', from: 'shop/client', to: 'shop/server', port: '31337', allowed: true },
  { rule: 'ports missing: any protocol', fixture: 'ports-missing-matches-all-ports', from: 'shop/client', to: 'shop/server', port: '53', protocol: 'SCTP', allowed: true },
  // ingress: "If this field is empty then this NetworkPolicy does not allow any traffic"
  { rule: 'ingress: [] admits nothing', fixture: 'empty-ingress-denies-all', from: 'shop/client', to: 'shop/server', port: '80', allowed: false },
  // podSelector peer: "selects particular Pods in the same namespace as the NetworkPolicy"
  { rule: 'podSelector alone: same-labelled pod in the policy namespace admitted', fixture: 'podselector-alone-means-policy-namespace', from: 'shop/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'podSelector alone: same-labelled pod in another namespace denied', fixture: 'podselector-alone-means-policy-namespace', from: 'lab/client', to: 'shop/server', port: '80', allowed: false },
  // namespaceSelector "If present but empty, it selects all namespaces."
  { rule: 'namespaceSelector {}: pods of every namespace', fixture: 'empty-namespaceselector-all-namespaces', from: 'lab/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'namespaceSelector {}: but no external address', fixture: 'empty-namespaceselector-all-namespaces', from: '198.51.100.1', to: 'shop/server', port: '80', allowed: false },
  // "If both are set ... selects the Pods matching PodSelector in the Namespaces selected by NamespaceSelector"
  { rule: 'one peer with both selectors: labelled pod in matching namespace admitted', fixture: 'namespace-and-pod-selector-in-one-peer-is-and', from: 'lab/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'one peer with both selectors: other pod in matching namespace denied', fixture: 'namespace-and-pod-selector-in-one-peer-is-and', from: 'lab/worker', to: 'shop/server', port: '80', allowed: false },
  { rule: 'one peer with both selectors: labelled pod in other namespace denied', fixture: 'namespace-and-pod-selector-in-one-peer-is-and', from: 'shop/client', to: 'shop/server', port: '80', allowed: false },
  // "this rule allows traffic only if the traffic matches at least one item in the from list"
  { rule: 'separate peers are OR: any pod of lab', fixture: 'separate-peers-are-or', from: 'lab/worker', to: 'shop/server', port: '80', allowed: true },
  { rule: 'separate peers are OR: a client of the policy namespace', fixture: 'separate-peers-are-or', from: 'shop/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'separate peers are OR: neither peer matches', fixture: 'separate-peers-are-or', from: 'shop/batch', to: 'shop/server', port: '80', allowed: false },
  // matchExpressions operators: In, NotIn, Exists, DoesNotExist
  { rule: 'operator In: value listed', fixture: 'match-expressions-in', from: 'lab/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'operator NotIn: value listed is denied', fixture: 'match-expressions-notin', from: 'lab/client', to: 'shop/server', port: '80', allowed: false },
  { rule: 'operator NotIn: a pod without the key matches', fixture: 'match-expressions-notin', from: 'lab/unlabelled', to: 'shop/server', port: '80', allowed: true },
  { rule: 'operator Exists: key present', fixture: 'match-expressions-exists', from: 'lab/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'operator Exists: key absent', fixture: 'match-expressions-exists', from: 'lab/unlabelled', to: 'shop/server', port: '80', allowed: false },
  { rule: 'operator DoesNotExist: key absent', fixture: 'match-expressions-doesnotexist', from: 'lab/unlabelled', to: 'shop/server', port: '80', allowed: true },
  { rule: 'operator DoesNotExist: key present', fixture: 'match-expressions-doesnotexist', from: 'lab/client', to: 'shop/server', port: '80', allowed: false },
  // "The requirements are ANDed."
  { rule: 'matchLabels AND matchExpressions: both hold', fixture: 'match-labels-and-expressions-are-anded', from: 'lab/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'matchLabels AND matchExpressions: expression fails', fixture: 'match-labels-and-expressions-are-anded', from: 'shop/client', to: 'shop/server', port: '80', allowed: false },
  // kubernetes.io/metadata.name is set on every namespace by the API server
  { rule: 'an undefined namespace still has kubernetes.io/metadata.name', fixture: 'undefined-namespace-gets-metadata-name-label', from: 'payments/api', to: 'shop/server', port: '80', allowed: true },
  { rule: 'kubernetes.io/metadata.name selects only that namespace', fixture: 'undefined-namespace-gets-metadata-name-label', from: 'lab/client', to: 'shop/server', port: '80', allowed: false },
  // named port: resolved against the destination's container ports, name and protocol
  { rule: 'named port metrics (TCP) resolves to 9090', fixture: 'named-port-resolves-by-name-and-protocol', from: 'shop/client', to: 'shop/server', port: '9090', allowed: true },
  { rule: 'named port syslog/TCP does not match container port syslog/UDP', fixture: 'named-port-resolves-by-name-and-protocol', from: 'shop/client', to: 'shop/server', port: '514', protocol: 'UDP', allowed: false },
  { rule: 'named port in egress resolves at the destination: http is 80 on server', fixture: 'named-port-egress-resolves-at-destination', from: 'shop/client', to: 'shop/server', port: '80', allowed: true },
  { rule: 'named port in egress: a destination without the port name is denied', fixture: 'named-port-egress-resolves-at-destination', from: 'shop/client', to: 'lab/client', port: '80', allowed: false },
  { rule: 'named port in egress: external addresses have no named ports', fixture: 'named-port-egress-resolves-at-destination', from: 'shop/client', to: '192.0.2.1', port: '80', allowed: false },
  // endPort: "the range of ports from port to endPort, inclusive"
  { rule: 'endPort inclusive: first port', fixture: 'endport-is-inclusive', from: 'shop/client', to: 'shop/server', port: '8080', allowed: true },
  { rule: 'endPort inclusive: last port', fixture: 'endport-is-inclusive', from: 'shop/client', to: 'shop/server', port: '8090', allowed: true },
  { rule: 'endPort inclusive: one past the end', fixture: 'endport-is-inclusive', from: 'shop/client', to: 'shop/server', port: '8091', allowed: false },
  { rule: 'endPort inclusive: one before the start', fixture: 'endport-is-inclusive', from: 'shop/client', to: 'shop/server', port: '8079', allowed: false },
  // protocol: "If not specified, this field defaults to TCP."
  { rule: 'protocol defaults to TCP: TCP 53 allowed', fixture: 'protocol-defaults-to-tcp', from: 'shop/client', to: 'shop/server', port: '53', allowed: true },
  { rule: 'protocol defaults to TCP: UDP 53 denied', fixture: 'protocol-defaults-to-tcp', from: 'shop/client', to: 'shop/server', port: '53', protocol: 'UDP', allowed: false },
  { rule: 'UDP port', fixture: 'protocol-defaults-to-tcp', from: 'shop/client', to: 'shop/server', port: '5353', protocol: 'UDP', allowed: true },
  { rule: 'SCTP port', fixture: 'protocol-defaults-to-tcp', from: 'shop/client', to: 'shop/server', port: '3868', protocol: 'SCTP', allowed: true },
  { rule: 'SCTP port is not TCP', fixture: 'protocol-defaults-to-tcp', from: 'shop/client', to: 'shop/server', port: '3868', allowed: false },
  { rule: 'UDP range with endPort', fixture: 'protocol-defaults-to-tcp', from: 'shop/client', to: 'shop/server', port: '1010', protocol: 'UDP', allowed: true },
  // ipBlock: "cidr ... except ... should not be included within this rule"
  { rule: 'ipBlock IPv4 except: the metadata address is denied', fixture: 'ipblock-except-ipv4', from: 'shop/client', to: '169.254.169.254', port: '80', allowed: false },
  { rule: 'ipBlock IPv4 except: its neighbour is allowed', fixture: 'ipblock-except-ipv4', from: 'shop/client', to: '169.254.169.253', port: '80', allowed: true },
  { rule: 'ipBlock IPv4: pods are not external addresses', fixture: 'ipblock-except-ipv4', from: 'shop/client', to: 'shop/server', port: '80', allowed: false },
  { rule: 'ipBlock IPv6 cidr admits an address inside', fixture: 'ipblock-except-ipv6', from: 'shop/client', to: '2001:db8:1::5', port: '443', allowed: true },
  { rule: 'ipBlock IPv6 except denies an address inside the except', fixture: 'ipblock-except-ipv6', from: 'shop/client', to: '2001:db8:bad::5', port: '443', allowed: false },
  { rule: 'ipBlock IPv6 does not admit IPv4', fixture: 'ipblock-except-ipv6', from: 'shop/client', to: '192.0.2.1', port: '443', allowed: false },
  { rule: 'ipBlock does not match pod IPs by default', fixture: 'ipblock-does-not-match-pods', from: 'lab/tester', to: 'shop/server', port: '80', allowed: false },
  { rule: 'ipBlock matches pod IPs with --ipblock-matches-pods', fixture: 'ipblock-does-not-match-pods', from: 'lab/tester', to: 'shop/server', port: '80', allowed: true, ipBlockMatchesPods: true },
  // a pod can always reach itself
  { rule: 'a pod can always reach itself, even under default deny', fixture: 'pod-reaches-itself', from: 'shop/server', to: 'shop/server', port: '80', allowed: true },
  { rule: 'default deny both ways: other pod denied', fixture: 'pod-reaches-itself', from: 'shop/client', to: 'shop/server', port: '80', allowed: false },
  // hostNetwork pods are not selected by policies and not matched by pod selectors
  { rule: 'hostNetwork source is not matched by podSelector {}', fixture: 'hostnetwork-not-matched-by-selectors', from: 'shop/node-agent', to: 'shop/server', port: '80', allowed: false },
  { rule: 'hostNetwork destination is not isolated by podSelector {}', fixture: 'hostnetwork-not-matched-by-selectors', from: 'lab/client', to: 'shop/node-agent', port: '80', allowed: true },
  { rule: 'pods of the namespace are matched by podSelector {}', fixture: 'hostnetwork-not-matched-by-selectors', from: 'shop/client', to: 'shop/server', port: '80', allowed: true },
];

for (const row of rows) {
  test(`${row.rule} [${row.fixture}: ${row.from} -> ${row.to} ${row.protocol ?? 'TCP'} ${row.port}]`, () => {
    const set = loadObjects([`${RULES}/${row.fixture}.yaml`]);
    const model = buildModel(set, { ipBlockMatchesPods: row.ipBlockMatchesPods === true });
    assert.deepEqual(model.errors.map((e) => e.message), []);
    const verdict = evaluate(model, row.from, row.to, row.protocol ?? 'TCP', row.port);
    assert.equal(verdict.allowed, row.allowed, JSON.stringify({ egress: verdict.egress.reason, ingress: verdict.ingress.reason }));
  });
}
