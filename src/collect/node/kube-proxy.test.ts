import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectWarning, ComponentFacts } from '../../domain/node-facts.js';
import { readKubeProxy } from './kube-proxy.js';
import { NodeFs } from './node-fs.js';
import { removeNodeFixture, writeNodeRoot } from '../../../test/helpers/materialize.js';

const roots: string[] = [];
after(() => roots.forEach(removeNodeFixture));

const CONFIG = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmetricsBindAddress: 127.0.0.1:10249\n';
const proxy: ComponentFacts = {
  name: 'kube-proxy', source: 'process', pid: 9, executable: 'kube-proxy',
  args: [{ flag: '--config', value: '/var/lib/kube-proxy/config.conf', location: { file: '/proc/9/cmdline' } }],
};

// [rule, node files, where the config is read from]
const cases: [string, Record<string, string>, string][] = [
  ['a --config file on the node itself is read there', { '/var/lib/kube-proxy/config.conf': CONFIG }, '/var/lib/kube-proxy/config.conf'],
  ['a --config file only inside the pod is read through /proc/<pid>/root', { '/proc/9/root/var/lib/kube-proxy/config.conf': CONFIG }, '/proc/9/root/var/lib/kube-proxy/config.conf'],
];
for (const [rule, files, readFrom] of cases) {
  test(`kube-proxy: ${rule}`, () => {
    const root = writeNodeRoot(files, 'proxy');
    roots.push(root);
    const warnings: CollectWarning[] = [];
    const facts = readKubeProxy(new NodeFs(root), proxy, warnings);
    assert.deepEqual(warnings, []);
    assert.equal(facts?.readFrom, readFrom);
    assert.equal(facts?.config?.metricsBindAddress, '127.0.0.1:10249');
    assert.equal(facts?.locations.metricsBindAddress?.line, 3);
  });
}
