import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveClient } from '../../src/collect/live/http.js';
import { RESOURCE_TYPES, discover, listPath } from '../../src/collect/live/resources.js';

/** A discovery answer (`GET /apis`) naming these group-versions, as the API server writes it. */
function serving(...groupVersions: string[]): LiveClient {
  const groups = groupVersions.map((gv) => ({ name: gv.split('/')[0], versions: [{ groupVersion: gv, version: gv.split('/')[1] }], preferredVersion: { groupVersion: gv, version: gv.split('/')[1] } }));
  return { get: (path: string) => Promise.resolve(path === '/apis' ? { kind: 'APIGroupList', apiVersion: 'v1', groups } : {}) } as unknown as LiveClient;
}
const kinds = async (client: LiveClient) => (await discover(client, RESOURCE_TYPES)).map((t) => t.kind);

test('live: on OpenShift the config ConfigMaps, APIServer, OAuth, KubeAPIServer, OpenShiftAPIServer and SCCs are read', async () => {
  const read = await kinds(serving('apps/v1', 'rbac.authorization.k8s.io/v1', 'config.openshift.io/v1', 'operator.openshift.io/v1', 'security.openshift.io/v1'));
  for (const kind of ['ConfigMap', 'APIServer', 'OAuth', 'KubeAPIServer', 'OpenShiftAPIServer', 'SecurityContextConstraints']) assert.ok(read.includes(kind), kind);
  const configMaps = RESOURCE_TYPES.find((t) => t.kind === 'ConfigMap');
  // Only the ConfigMaps named `config` (the operators' rendered configs), never every ConfigMap of the cluster.
  assert.equal(configMaps?.fieldSelector, 'metadata.name=config');
  assert.equal(listPath(RESOURCE_TYPES.find((t) => t.kind === 'APIServer') as (typeof RESOURCE_TYPES)[number], undefined), '/apis/config.openshift.io/v1/apiservers');
});

test('live: a cluster without config.openshift.io is asked for none of them, ConfigMaps included', async () => {
  const read = await kinds(serving('apps/v1', 'rbac.authorization.k8s.io/v1'));
  for (const kind of ['ConfigMap', 'APIServer', 'KubeAPIServer', 'SecurityContextConstraints']) assert.equal(read.includes(kind), false, kind);
});
