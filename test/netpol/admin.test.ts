import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel, type HostNetworkReading } from '../../src/netpol/model.js';
import { evaluate } from '../../src/netpol/explain.js';
import { run } from '../../src/cli/program.js';
import { captureContext } from '../helpers/cli.js';
import { assertGolden } from './golden.js';
import { lint } from '../../src/netpol/lint.js';
import { listConnections } from '../../src/netpol/list.js';
import { diffConnections, diffText } from '../../src/netpol/diff.js';
import { workloadId } from '../../src/netpol/workloads.js';

const FILE = 'test/fixtures/netpol/admin/tenants.yaml';

// Each row: the documented order ANP (by priority, rules in order) -> NetworkPolicy -> BANP -> allow.
const rows: { rule: string; from: string; to: string; port: string; allowed: boolean; decided: RegExp; hostNetwork?: HostNetworkReading }[] = [
  { rule: 'an ANP Allow (priority 10) wins over the BANP Deny', from: 'monitoring/prometheus', to: 'tenant-b/api', port: '9090', allowed: true, decided: /ingress: AdminNetworkPolicy allow-monitoring \(priority 10\) ingress\[0\] allow-from-monitoring: Allow/ },
  { rule: 'a lower priority number is evaluated first: Allow (10) before Deny (20)', from: 'monitoring/prometheus', to: 'sensitive/vault', port: '8200', allowed: true, decided: /allow-monitoring \(priority 10\)/ },
  { rule: 'an ANP Deny (20) applies to everyone else', from: 'tenant-a/web', to: 'sensitive/vault', port: '8200', allowed: false, decided: /ingress: AdminNetworkPolicy sensitive-lockdown \(priority 20\) ingress\[0\] deny-all: Deny/ },
  { rule: 'an ANP Deny matches its port range only', from: 'tenant-b/api', to: 'tenant-a/web', port: '8080', allowed: false, decided: /tenant-a-ingress \(priority 30\) ingress\[1\] deny-tenant-b-apps: Deny/ },
  { rule: 'outside the range the NetworkPolicies decide', from: 'tenant-b/api', to: 'tenant-a/web', port: '80', allowed: false, decided: /ingress: NetworkPolicy: isolated for ingress/ },
  { rule: 'Pass hands the traffic to the NetworkPolicies, which admit it', from: 'tenant-a/db', to: 'tenant-a/web', port: '8080', allowed: true, decided: /passed by AdminNetworkPolicy tenant-a-ingress \(priority 30\) ingress\[0\] pass-same-tenant/ },
  { rule: 'Pass to NetworkPolicies that isolate and do not admit: denied (the BANP is not consulted)', from: 'tenant-a/db', to: 'tenant-a/web', port: '5432', allowed: false, decided: /passed by AdminNetworkPolicy tenant-a-ingress/ },
  { rule: 'no ANP rule, no NetworkPolicy: the BANP Deny decides', from: 'tenant-a/db', to: 'tenant-b/api', port: '5432', allowed: false, decided: /ingress: BaselineAdminNetworkPolicy default ingress\[0\] deny-all-ingress: Deny/ },
  { rule: 'an ANP networks Deny matches the metadata address', from: 'tenant-a/web', to: '169.254.169.254', port: '80', allowed: false, decided: /egress: AdminNetworkPolicy web-egress \(priority 40\) egress\[1\] deny-metadata: Deny/ },
  { rule: 'an ANP nodes Allow reaches the kubelet on a worker node (hostNetwork read as the node)', from: 'tenant-a/web', to: 'monitoring/node-exporter', port: '10250', allowed: true, decided: /egress: AdminNetworkPolicy web-egress \(priority 40\) egress\[0\] allow-kubelet: Allow/ },
  { rule: 'the BANP Deny to nodes applies to other node ports', from: 'tenant-a/web', to: 'monitoring/node-exporter', port: '9100', allowed: false, decided: /egress: BaselineAdminNetworkPolicy default egress\[0\] deny-nodes: Deny/ },
  { rule: 'the nodes peer matches the node IP as an address', from: 'tenant-a/web', to: '192.168.60.11', port: '10250', allowed: true, decided: /allow-kubelet: Allow/ },
  { rule: 'read as a pod, a hostNetwork pod is no node: the BANP nodes Deny does not match it', from: 'tenant-a/web', to: 'monitoring/node-exporter', port: '9100', allowed: true, decided: /egress: no NetworkPolicy|egress: default/, hostNetwork: 'pod' },
];

for (const row of rows) {
  test(`ANP/BANP: ${row.rule} [${row.from} -> ${row.to} TCP ${row.port}${row.hostNetwork ? ` --host-network ${row.hostNetwork}` : ''}]`, () => {
    const model = buildModel(loadObjects([FILE]), { hostNetwork: row.hostNetwork ?? 'node' });
    assert.deepEqual(model.errors.map((e) => e.message), []);
    const v = evaluate(model, row.from, row.to, 'TCP', row.port);
    const text = `egress: ${v.egress.reason}\ningress: ${v.ingress.reason}`;
    assert.equal(v.allowed, row.allowed, text);
    assert.match(text, row.decided);
  });
}

test('netpol list with ANP and BANP matches its golden output; eval names the deciding rule with file:line', async () => {
  const ctx = captureContext();
  assert.equal(await run(['netpol', 'list', FILE], ctx), 0);
  assertGolden('list-admin-tenants.txt', ctx.out.join(''));
  const ev = captureContext();
  assert.equal(await run(['netpol', 'eval', FILE, '--from', 'tenant-a/db', '--to', 'tenant-b/api', '--port', '5432'], ev), 1);
  assert.match(ev.out.join(''), /decided by BaselineAdminNetworkPolicy default ingress\[0\] deny-all-ingress \(Deny\) at test\/fixtures\/netpol\/admin\/tenants\.yaml:\d+:\d+/);
});

test('invalid admin policies are reported at their lines and skipped', () => {
  const model = buildModel(loadObjects(['test/fixtures/netpol/admin/invalid.yaml']));
  assert.deepEqual(model.errors.map((e) => e.message.replace(/^[^:]+:/, '')), [
    '7:13: AdminNetworkPolicy priority-too-high: priority must be an integer in 0-1000, got 1001',
    '18:9: BaselineAdminNetworkPolicy not-default: a BaselineAdminNetworkPolicy must be named "default", got "not-default"',
    '23:13: BaselineAdminNetworkPolicy not-default: invalid action "Pass" (valid: Allow, Deny)',
    '34:5: AdminNetworkPolicy two-subjects: spec.subject must set exactly one of namespaces, pods (has namespaces, pods)',
    '44:5: AdminNetworkPolicy two-subjects: networks/nodes peer cannot be set with namedPorts since there are no namedPorts for networks/nodes',
  ]);
  assert.deepEqual(model.adminPolicies.map((p) => p.name), ['same-priority-a', 'same-priority-b']);
  const findings = lint(model).filter((f) => f.ruleId === 'NP011' || f.ruleId === 'NP012').map((f) => `${f.ruleId} ${f.subject ?? ''}`);
  assert.deepEqual(findings, ['NP012 same-priority-b[AdminNetworkPolicy]', 'NP011 same-priority-b[AdminNetworkPolicy]']);
});

test('diff sees a change in the admin tier: removing the BANP opens tenant-b', () => {
  const withBanp = buildModel(loadObjects([FILE]));
  const objects = loadObjects([FILE]);
  objects.objects = objects.objects.filter((o) => o.object.kind !== 'BaselineAdminNetworkPolicy');
  const without = buildModel(objects);
  const d = diffConnections(listConnections(withBanp), listConnections(without), withBanp.workloads.map(workloadId), without.workloads.map(workloadId));
  const text = diffText(d);
  assert.match(text, /^\+ tenant-a\/db\[Pod\] => tenant-b\/api\[Pod\] : All Connections$/m);
  assert.match(text, /^\+ tenant-a\/db\[Pod\] => monitoring\/node-exporter\[Pod\] : All Connections$/m);
});

test('lint NP003 does not claim "all ingress and egress is allowed" for a workload the admin tier restricts', () => {
  const findings = lint(buildModel(loadObjects([FILE]))).filter((f) => f.ruleId === 'NP003');
  const byId = new Map(findings.map((f) => [f.subject, f.message]));
  // sensitive-lockdown (ANP) denies vault's ingress from every namespace but monitoring.
  assert.equal(byId.get('sensitive/vault[Pod]'), 'sensitive/vault[Pod] is selected by no NetworkPolicy; only the admin tier restricts it (Deny rules): ingress by AdminNetworkPolicy sensitive-lockdown (priority 20)');
  // allow-monitoring selects vault and prometheus too, but only allows; prometheus is restricted by nothing.
  assert.equal(byId.get('monitoring/prometheus[Pod]'), 'monitoring/prometheus[Pod] is selected by no NetworkPolicy: all ingress and egress is allowed');
});

test('lint NP001/NP002 do not claim "anywhere" where admin Deny rules select the namespace\'s pods (they name them)', () => {
  const byKey = new Map(lint(buildModel(loadObjects([FILE]))).filter((f) => f.ruleId === 'NP001' || f.ruleId === 'NP002').map((f) => [`${f.ruleId} ${f.subject}`, f.message]));
  assert.equal(byKey.get('NP001 sensitive[Namespace]'), 'namespace sensitive has no default-deny ingress policy: pods not selected by another policy accept connections from anywhere the admin tier does not deny (Deny rules of AdminNetworkPolicy sensitive-lockdown (priority 20))');
  // In evaluation order: AdminNetworkPolicies by priority, then the baseline.
  assert.equal(byKey.get('NP002 tenant-a[Namespace]'), 'namespace tenant-a has no default-deny egress policy: pods not selected by another policy accept connections to anywhere the admin tier does not deny (Deny rules of AdminNetworkPolicy web-egress (priority 40), BaselineAdminNetworkPolicy default)');
  // No Deny rule selects monitoring's pods: anywhere it is.
  assert.equal(byKey.get('NP001 monitoring[Namespace]'), 'namespace monitoring has no default-deny ingress policy: pods not selected by another policy accept connections from anywhere');
});

test('lint NP006 judges DNS through the tiers: an ANP Allow to kube-dns answers it, a BANP Deny blocks it', () => {
  const findings = lint(buildModel(loadObjects(['test/fixtures/netpol/admin/dns-tiers.yaml'])));
  assert.deepEqual(findings.filter((f) => f.ruleId === 'NP006').map((f) => f.subject), ['batch[Namespace]']);
});
