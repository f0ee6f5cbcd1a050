import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DeferredJsonLists } from '../../src/collect/json-subset.js';
import { addBytes, addText, emptyObjectSet, loadObjects, type ObjectSet } from '../../src/collect/objects.js';
import { UsageError } from '../../src/domain/errors.js';
import { evaluate } from '../../src/netpol/explain.js';
import { verdictJson } from '../../src/netpol/explain-report.js';
import { chooseForEval, evalEndpoints, EVAL_FLAG_KEYS, evalModelOf, evalSubset, type EvalInput } from '../../src/netpol/eval-subset.js';
import { buildModel, type HostNetworkReading, type Model } from '../../src/netpol/model.js';
import { workloadId } from '../../src/netpol/workloads.js';

// netpol eval answers from the objects that can affect the pair (src/netpol/eval-subset.ts). Over every netpol
// fixture, both hostNetwork readings, with and without --ipblock-matches-pods, for many pairs and ports, the
// verdict (answer, reasons, deciding rule, file:line) must be the one the model of the whole input gives, both for
// YAML input (objects parsed, then chosen) and for the same objects as a `kubectl get -o json` List (indexed,
// only the chosen items parsed).

const ROOT = 'test/fixtures/netpol';
function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return fixtureFiles(path);
    return /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}
// Each fixture file alone, and each folder of fixtures as one input (several files, objects across them).
const INPUTS = [...fixtureFiles(ROOT).sort().map((f) => [f]), ...readdirSync(ROOT).sort().map((d) => [join(ROOT, d)])];
const READINGS: [boolean, HostNetworkReading][] = [[false, 'node'], [true, 'node'], [false, 'pod'], [true, 'pod']];
const PORTS = ['53', '80', '443', '3000', '8080', '9090', 'http', 'metrics'];

/** `kubectl get -o json` of the objects as they were loaded: one List, 4-space indent. */
function asKubectlJson(set: ObjectSet): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: set.objects.map((o) => o.object), metadata: { resourceVersion: '' } }, null, 4)}\n`;
}

function answer(model: Model, from: string, to: string, port: string): string {
  try {
    return verdictJson(evaluate(model, from, to, 'TCP', port));
  } catch (error) {
    if (error instanceof UsageError) return `usage: ${error.message} ${JSON.stringify(error.choices ?? [])}`;
    throw error;
  }
}

/** Endpoints: every workload by its id, by ns/name, by one of its pods, and an IP address. */
function endpoints(model: Model): string[] {
  const out = new Set<string>();
  for (const w of model.workloads) {
    out.add(workloadId(w));
    out.add(`${w.namespace}/${w.name}`);
    if (w.pods[0] !== undefined) out.add(`${w.namespace}/${w.pods[0]}`);
    if (w.ips[0] !== undefined) out.add(w.ips[0]);
  }
  out.add('kube-system/nothing-here');
  return [...out].sort();
}

/**
 * IP endpoints: the pods' IPs and host IPs, the Nodes' addresses, the first address of every ipBlock, and two
 * addresses no object names (the metadata endpoint, a documentation address).
 */
function ipEndpoints(set: ObjectSet): string[] {
  const text = JSON.stringify(set.objects.map((o) => o.object));
  const found = new Set(['169.254.169.254', '203.0.113.9']);
  for (const m of text.matchAll(/"(?:podIP|hostIP|ip|address)":"([0-9a-fA-F.:]+)"/g)) found.add(m[1] as string);
  for (const m of text.matchAll(/"cidr":"([0-9a-fA-F.:]+)\//g)) found.add(m[1] as string);
  return [...found].sort();
}

function compare(inputs: readonly string[], input: (full: ObjectSet) => EvalInput, label: string): void {
  for (const [ipBlockMatchesPods, hostNetwork] of READINGS) {
    const full = loadObjects(inputs);
    if (full.objects.length === 0) continue;
    const options = { ipBlockMatchesPods, hostNetwork };
    const whole = buildModel(full, options);
    const eps = endpoints(whole).slice(0, 16);
    const given = input(full);
    let pairs = 0;
    let smaller = 0;
    for (const from of eps) {
      for (const to of eps) {
        const model = evalModelOf(given, from, to, (s) => buildModel(s, options));
        if (model.objects.length < full.objects.length) smaller++;
        for (const port of PORTS) {
          assert.equal(answer(model, from, to, port), answer(whole, from, to, port), `${label} ${inputs.join(',')} ${hostNetwork} ${ipBlockMatchesPods}: ${from} -> ${to} ${port}`);
        }
        pairs++;
      }
    }
    // An IP address against workloads, both ways: the objects that hold it are read with their namespaces.
    const workloads = eps.filter((e) => e.includes('/')).slice(0, 8);
    for (const ip of ipEndpoints(full).slice(0, 10)) {
      for (const w of workloads) {
        for (const [from, to] of [[ip, w], [w, ip]] as const) {
          const model = evalModelOf(given, from, to, (s) => buildModel(s, options));
          if (model.objects.length < full.objects.length) smaller++;
          for (const port of PORTS.slice(0, 5)) {
            assert.equal(answer(model, from, to, port), answer(whole, from, to, port), `${label} ${inputs.join(',')} ${hostNetwork} ${ipBlockMatchesPods}: ${from} -> ${to} ${port}`);
          }
        }
      }
    }
    assert.ok(pairs > 0);
    // Where workloads lie in several namespaces, some pair is answered from fewer objects than the input holds.
    if (new Set(whole.workloads.map((w) => w.namespace)).size > 1) assert.ok(smaller > 0, 'some pair reads a subset');
  }
}

test('eval subset: the fixture inputs are found', () => {
  assert.ok(INPUTS.length > 10, 'fixture files and folders');
});

for (const inputs of INPUTS) {
  test(`eval of the subset answers as the full model: ${inputs.join(', ')} (YAML objects)`, () => {
    compare(inputs, (full) => ({ set: full }), 'yaml');
  });
}

for (const inputs of INPUTS.filter((i) => i.length === 1)) {
  test(`eval of the subset answers as the full model: ${inputs.join(', ')} (as a kubectl JSON List, items parsed on demand)`, () => {
    const source = loadObjects(inputs);
    assert.ok(source.objects.length > 0, `${inputs[0]} holds objects`);
    const text = asKubectlJson(source);
    const full = emptyObjectSet();
    addText(full, text, 'cluster.json');
    for (const [ipBlockMatchesPods, hostNetwork] of READINGS.filter(([ip]) => !ip)) {
      const options = { ipBlockMatchesPods, hostNetwork };
      const whole = buildModel(full, options);
      const eps = endpoints(whole).slice(0, 12);
      const deferred = new DeferredJsonLists({ minSize: 0, flagKeys: EVAL_FLAG_KEYS });
      const set = emptyObjectSet();
      addBytes(set, Buffer.from(text), 'cluster.json', { deferBytes: deferred.defer });
      assert.equal(deferred.size, 1, 'the List is held back');
      assert.equal(set.objects.length, 0);
      let smaller = 0;
      let smallerParsed = 0;
      const ipPairs = ipEndpoints(full).slice(0, 10).flatMap((ip) => eps.filter((e) => e.includes('/')).slice(0, 6).flatMap((w) => [[ip, w], [w, ip]]));
      for (const [from, to] of ipPairs as [string, string][]) {
        const model = evalModelOf({ set, deferred }, from, to, (s) => buildModel(s, options));
        for (const port of PORTS.slice(0, 5)) {
          assert.equal(answer(model, from, to, port), answer(whole, from, to, port), `${inputs[0]} json ${hostNetwork} ${ipBlockMatchesPods}: ${from} -> ${to} ${port}`);
        }
      }
      for (const from of eps) {
        for (const to of eps) {
          const model = evalModelOf({ set, deferred }, from, to, (s) => buildModel(s, options));
          if (model.objects.length < full.objects.length) smaller++;
          if (evalModelOf({ set: full }, from, to, (s) => buildModel(s, options)).objects.length < full.objects.length) smallerParsed++;
          for (const port of PORTS) {
            assert.equal(answer(model, from, to, port), answer(whole, from, to, port), `${inputs[0]} json ${hostNetwork} ${ipBlockMatchesPods}: ${from} -> ${to} ${port}`);
          }
        }
      }
      // Where the parsed objects give some pair a subset, the List's index does too (only some items are parsed).
      if (smallerParsed > 0) assert.ok(smaller > 0, 'some pair parses a subset of the List');
      if (new Set(whole.workloads.map((w) => w.namespace)).size > 1 && !inputs[0]?.includes('splits')) assert.ok(smallerParsed > 0, 'some pair reads a subset');
    }
  });
}

test('eval subset: an IP endpoint is searched for as given and canonical; text that is no endpoint reads the whole input', () => {
  assert.deepEqual(evalEndpoints('10.0.0.5', 'shop/web'), { namespaces: ['shop'], ips: ['10.0.0.5'] });
  assert.deepEqual(evalEndpoints('shop/web', 'FD00:0::1'), { namespaces: ['shop'], ips: ['FD00:0::1', 'fd00::1'] });
  assert.equal(evalEndpoints('10.0.0.5', '10.0.0.6'), undefined, 'two IPs: the full path says one end must be a workload');
  assert.equal(evalEndpoints('web', 'shop/web'), undefined);
  assert.deepEqual(evalEndpoints('shop/web[Deployment]{role=canary}', 'shop/db-0'), { namespaces: ['shop'], ips: [] });
  assert.deepEqual(evalEndpoints('a/x', 'b/y'), { namespaces: ['a', 'b'], ips: [] });
});

test('eval subset: the endpoints\' namespaces, cluster-scoped objects and the namespaces of hostNetwork objects', () => {
  const key = (kind: string, namespace: string | undefined, flagged = false, uncertain = false, mentions = false) => ({ kind, namespace, flagged, uncertain, mentions });
  const keys = [
    key('Namespace', undefined), key('Deployment', 'a'), key('NetworkPolicy', 'a'), key('NetworkPolicy', 'c'),
    key('DaemonSet', 'agents', true), key('Pod', 'agents'), key('AdminNetworkPolicy', undefined), key('Pod', 'd'), key('Pod', 'e', false, true),
  ];
  assert.deepEqual(chooseForEval(keys, ['a', 'b']), [true, true, true, false, true, true, true, false, true]);
  // hostNetwork in an object whose namespace is not certain: everything is read.
  assert.equal(chooseForEval([...keys, key('Pod', 'f', true, true)], ['a']), undefined);
  // An object that holds an IP endpoint brings its namespace (it may be that pod's, or its node's); uncertain: all.
  assert.deepEqual(chooseForEval([...keys, key('Pod', 'd', false, false, true)], ['a', 'b']), [true, true, true, false, true, true, true, true, true, true]);
  assert.equal(chooseForEval([...keys, key('Pod', 'f', false, true, true)], ['a']), undefined);
});

test('eval subset: a split the full input\'s selectors make is not hidden by reading a subset', () => {
  // Pods of one ReplicaSet differ in `tier`; only a policy of another namespace names that key. The full model
  // splits the workload (so `a/web` is ambiguous); a subset without that policy would not: eval reads everything.
  const text = [
    podYaml('web-1', 'a', { app: 'web', tier: 'x' }),
    podYaml('web-2', 'a', { app: 'web', tier: 'y' }),
    podYaml('client', 'b', { app: 'client' }).replace(/ {2}ownerReferences:.*\n/, ''),
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: c}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {tier: x}}\n',
  ].join('---\n');
  const set = emptyObjectSet();
  addText(set, text, 'split.yaml');
  const whole = buildModel(set);
  assert.deepEqual(whole.workloads.map(workloadId), ['a/web[ReplicaSet]{tier=x}', 'a/web[ReplicaSet]{tier=y}', 'b/client[Pod]']);
  const subset = evalSubset({ set }, 'b/client', 'a/web');
  assert.ok(subset && !subset.objects.some((o) => o.object.metadata.namespace === 'c'));
  const model = evalModelOf({ set }, 'b/client', 'a/web', (s) => buildModel(s));
  assert.equal(model.objects.length, set.objects.length, 'the whole input');
  assert.equal(answer(model, 'b/client', 'a/web', '80'), answer(whole, 'b/client', 'a/web', '80'));
  assert.match(answer(model, 'b/client', 'a/web', '80'), /ambiguous/);
});

function podYaml(name: string, namespace: string, labels: Record<string, string>): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: ${JSON.stringify(labels)}\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web, uid: u1, controller: true}]\nspec:\n  containers: [{name: c, image: nginx}]\n`;
}

test('eval subset: an IP endpoint also reads what gives the addresses of the other endpoint\'s nodes', () => {
  // a/app runs on n1, whose address only a pod of namespace b gives (status.hostIP): whether an address is a/app's
  // own node (allowed whatever the policies say) or not known to be one depends on b.
  const text = [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: a, labels: {app: x}}\nspec: {nodeName: n1, containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}\nstatus: {podIP: 10.244.0.5}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: other, namespace: b, labels: {app: y}}\nspec: {nodeName: n1, containers: [{name: c, image: nginx}]}\nstatus: {podIP: 10.244.0.6, hostIP: 10.1.1.1}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: far, namespace: c, labels: {app: z}}\nspec: {nodeName: n9, containers: [{name: c, image: nginx}]}\nstatus: {podIP: 10.244.0.9, hostIP: 10.1.1.9}\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: a}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n',
  ].join('---\n');
  const set = emptyObjectSet();
  addText(set, text, 'nodes.yaml');
  const whole = buildModel(set);
  for (const from of ['203.0.113.9', '10.1.1.1', '10.1.1.9']) {
    const subset = evalSubset({ set }, from, 'a/app');
    assert.ok(subset?.objects.some((o) => o.object.metadata.name === 'other'), `${from}: the pod that gives n1's address is read`);
    assert.equal(subset?.objects.some((o) => o.object.metadata.name === 'far'), from === '10.1.1.9', `${from}: a pod on another node only when it holds the address`);
    const model = evalModelOf({ set }, from, 'a/app', (s) => buildModel(s));
    assert.equal(answer(model, from, 'a/app', '80'), answer(whole, from, 'a/app', '80'), from);
  }
  assert.match(answer(whole, '10.1.1.1', 'a/app', '80'), /^ {2}"allowed": true,$/m);
});
