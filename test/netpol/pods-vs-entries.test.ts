import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadObjects } from '../../src/collect/objects.js';
import { buildModel, peersOf } from '../../src/netpol/model.js';
import { adminPeersOf } from '../../src/netpol/model.js';
import { matchesSelector, type LabelSelector } from '../../src/netpol/selector.js';
import { workloadId } from '../../src/netpol/workloads.js';
import { ANALYSED_FIXTURES } from './fixture-files.js';

// The naive evaluator (classes-vs-naive) judges workload entries; this is what makes that pod precision: "podSelector
// ... selects the pods" each by its own labels, so every Pod of the input, read straight from its object, must be
// selected by exactly the selectors that select its entry, and carry its entry's named ports and hostNetwork.
type RawPod = { metadata: { name?: string; namespace?: string; labels?: Record<string, unknown> }; spec?: { hostNetwork?: unknown; containers?: { ports?: { name?: unknown; containerPort?: unknown; protocol?: unknown }[] }[]; initContainers?: { ports?: { name?: unknown; containerPort?: unknown; protocol?: unknown }[] }[] } };

function rawLabels(pod: RawPod): Record<string, string> {
  return Object.fromEntries(Object.entries(pod.metadata.labels ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

function rawNamedPorts(pod: RawPod): string[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].flatMap((c) => (c.ports ?? []))
    .filter((p) => typeof p.name === 'string' && typeof p.containerPort === 'number')
    .map((p) => `${String(p.name)}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}/${String(p.containerPort)}`).sort();
}

for (const file of ANALYSED_FIXTURES) {
  test(`every pod is selected exactly as its workload entry is: ${file}`, () => {
    const set = loadObjects([file]);
    const model = buildModel(set);
    const selectors: { sel: LabelSelector; ns?: string; what: string }[] = [
      ...model.policies.map((p) => ({ sel: p.podSelector, ns: p.namespace, what: `${p.namespace}/${p.name} podSelector` })),
      ...model.policies.flatMap((p) => peersOf(p).flatMap((peer) => (peer.type === 'pods' && peer.podSelector ? [{ sel: peer.podSelector, what: `${p.namespace}/${p.name} peer` }] : []))),
      ...model.adminPolicies.flatMap((p) => [p.subject, ...adminPeersOf(p)].flatMap((peer) => (peer.type === 'pods' && peer.podSelector ? [{ sel: peer.podSelector, what: `${p.name} pods` }] : []))),
    ];
    const pods = set.objects.filter((o) => o.object.kind === 'Pod');
    for (const o of pods) {
      const pod = o.object as unknown as RawPod;
      const ns = pod.metadata.namespace ?? 'default';
      const entries = model.workloads.filter((w) => w.namespace === ns && w.pods.includes(pod.metadata.name ?? ''));
      assert.equal(entries.length, 1, `${ns}/${pod.metadata.name ?? ''}: ${entries.map(workloadId).join(', ')}`);
      const entry = entries[0];
      assert.ok(entry);
      const labels = rawLabels(pod);
      for (const s of selectors) {
        if (s.ns !== undefined && s.ns !== ns) continue;
        assert.equal(matchesSelector(s.sel, labels), matchesSelector(s.sel, entry.labels), `${ns}/${pod.metadata.name ?? ''} vs ${workloadId(entry)}: ${s.what}`);
      }
      assert.equal(pod.spec?.hostNetwork === true, entry.hostNetwork);
      assert.deepEqual(rawNamedPorts(pod), entry.namedPorts.map((p) => `${p.name}/${p.protocol}/${p.port}`).sort());
    }
  });
}
