import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectWarning, KubeletFacts } from '../../domain/node-facts.js';
import { parseArgs } from './cmdline.js';
import { buildKubeletFacts, getDotted } from './kubelet-config.js';
import { NodeFs } from './node-fs.js';
import { removeNodeFixture, writeNodeRoot } from '../../../test/helpers/materialize.js';

const roots: string[] = [];
after(() => roots.forEach(removeNodeFixture));

/** A node root holding the given files (node path -> content). */
function node(files: Record<string, string>): NodeFs {
  const root = writeNodeRoot(files, 'kubelet');
  roots.push(root);
  return new NodeFs(root);
}

function kubelet(fs: NodeFs, argv: string[] | undefined): { facts: KubeletFacts; warnings: CollectWarning[] } {
  const warnings: CollectWarning[] = [];
  const origin = argv === undefined ? {} : { args: parseArgs(argv, () => ({ file: '/proc/42/cmdline' })) };
  return { facts: buildKubeletFacts(fs, origin, warnings), warnings };
}

const HEAD = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n';

test('readOnlyPort absent from a config file is 0, the KubeletConfiguration default (kube-bench FAILs it)', () => {
  const { facts } = kubelet(node({ '/var/lib/kubelet/config.yaml': HEAD }), ['--config=/var/lib/kubelet/config.yaml']);
  assert.equal(facts.effective.readOnlyPort, 0);
  assert.deepEqual(facts.sources.readOnlyPort, { kind: 'default' });
});

test('a kubelet run with flags only keeps the command line defaults: read-only port 10255, anonymous auth, AlwaysAllow', () => {
  const { facts } = kubelet(node({}), ['--kubeconfig=/etc/kubernetes/kubelet.conf']);
  assert.equal(facts.configFileSource, 'none');
  assert.equal(facts.effective.readOnlyPort, 10255);
  assert.equal(getDotted(facts.effective, 'authentication.anonymous.enabled'), true);
  assert.equal(getDotted(facts.effective, 'authorization.mode'), 'AlwaysAllow');
  assert.equal(getDotted(facts.effective, 'authentication.webhook.enabled'), false);
});

test('a flag-only kubelet does not read a config file lying at a default path', () => {
  const { facts } = kubelet(node({ '/var/lib/kubelet/config.yaml': `${HEAD}readOnlyPort: 0\n` }), ['--v=2']);
  assert.equal(facts.configFile, undefined);
  assert.equal(facts.effective.readOnlyPort, 10255);
});

test('with no kubelet process and no unit, the default paths are tried and a warning says it is a guess', () => {
  const { facts, warnings } = kubelet(node({ '/etc/kubernetes/kubelet-config.yaml': `${HEAD}readOnlyPort: 10255\n` }), undefined);
  assert.equal(facts.configFile, '/etc/kubernetes/kubelet-config.yaml');
  assert.equal(facts.configFileSource, 'default path');
  assert.equal(facts.effective.readOnlyPort, 10255);
  assert.match(warnings[0]?.message ?? '', /assuming the kubelet reads/);
});

test('command-line flags override the config file, and the source names the flag', () => {
  const fs = node({ '/k.yaml': `${HEAD}readOnlyPort: 10255\nauthentication:\n  anonymous:\n    enabled: false\n` });
  const { facts } = kubelet(fs, ['--config=/k.yaml', '--read-only-port=0', '--anonymous-auth=true']);
  assert.equal(facts.effective.readOnlyPort, 0);
  assert.equal(facts.sources.readOnlyPort?.kind, 'flag');
  assert.equal(getDotted(facts.effective, 'authentication.anonymous.enabled'), true);
  assert.deepEqual(facts.sources['authentication.anonymous.enabled'], { kind: 'flag', location: { file: '/proc/42/cmdline' } });
});

test('a bare boolean flag means true; the last of two flags wins', () => {
  const fs = node({ '/k.yaml': HEAD });
  const { facts } = kubelet(fs, ['--config=/k.yaml', '--protect-kernel-defaults', '--event-qps=1', '--event-qps=7']);
  assert.equal(facts.effective.protectKernelDefaults, true);
  assert.equal(facts.effective.eventRecordQPS, 7);
});

test('the config file may be JSON, and every field source points at its line and column', () => {
  const json = '{\n  "kind": "KubeletConfiguration",\n  "apiVersion": "kubelet.config.k8s.io/v1beta1",\n  "readOnlyPort": 10255\n}\n';
  const { facts } = kubelet(node({ '/etc/custom/kubelet.json': json }), ['--config=/etc/custom/kubelet.json']);
  assert.equal(facts.effective.readOnlyPort, 10255);
  assert.deepEqual(facts.sources.readOnlyPort, { kind: 'config-file', location: { file: '/etc/custom/kubelet.json', line: 4, column: 19 } });
});

test('--config-dir drop-ins merge over the file in lexical order; maps merge, lists are replaced; flags win over both', () => {
  const fs = node({
    '/k.yaml': `${HEAD}readOnlyPort: 10255\neventRecordQPS: 50\ntlsCipherSuites: [A, B]\nauthentication:\n  webhook:\n    enabled: true\n`,
    '/d/20-b.conf': `${HEAD}readOnlyPort: 2\neventRecordQPS: 20\n`,
    '/d/10-a.conf': `${HEAD}readOnlyPort: 1\ntlsCipherSuites: [C]\nauthentication:\n  anonymous:\n    enabled: false\n`,
    '/d/30-c.txt': `${HEAD}eventRecordQPS: 999\n`,
    '/d/sub/40-d.conf': `${HEAD}eventRecordQPS: 40\n`,
  });
  const { facts } = kubelet(fs, ['--config=/k.yaml', '--config-dir=/d', '--read-only-port=0']);
  assert.deepEqual(facts.dropIns, ['/d/10-a.conf', '/d/20-b.conf', '/d/sub/40-d.conf'], 'recursive, lexical, only .conf');
  assert.equal(facts.effective.eventRecordQPS, 40);
  assert.equal(facts.sources.eventRecordQPS?.location?.file, '/d/sub/40-d.conf');
  assert.deepEqual(facts.effective.tlsCipherSuites, ['C']);
  assert.equal(getDotted(facts.effective, 'authentication.webhook.enabled'), true, 'kept from the file: maps merge');
  assert.equal(facts.sources['authentication.anonymous.enabled']?.kind, 'drop-in');
  assert.equal(facts.effective.readOnlyPort, 0);
  assert.equal(facts.sources.readOnlyPort?.kind, 'flag');
});

test('a drop-in null removes a field (JSON merge patch), so the default applies again', () => {
  const fs = node({ '/k.yaml': `${HEAD}readOnlyPort: 10255\n`, '/d/10.conf': `${HEAD}readOnlyPort: null\n` });
  const { facts } = kubelet(fs, ['--config=/k.yaml', '--config-dir=/d']);
  assert.equal(facts.effective.readOnlyPort, 0);
  assert.equal(facts.sources.readOnlyPort?.kind, 'default');
});

test('a zero duration written in the file (kubeadm writes streamingConnectionIdleTimeout: 0s) takes the default 4h0m0s', () => {
  const { facts } = kubelet(node({ '/k.yaml': `${HEAD}streamingConnectionIdleTimeout: 0s\n` }), ['--config=/k.yaml']);
  assert.equal(facts.effective.streamingConnectionIdleTimeout, '4h0m0s');
  assert.deepEqual(facts.sources.streamingConnectionIdleTimeout, { kind: 'default', location: { file: '/k.yaml', line: 3, column: 33 } });
});

test('a zero on the command line is not defaulted: --streaming-connection-idle-timeout=0 stays 0', () => {
  const { facts } = kubelet(node({ '/k.yaml': HEAD }), ['--config=/k.yaml', '--streaming-connection-idle-timeout=0']);
  assert.equal(facts.effective.streamingConnectionIdleTimeout, '0');
});

test('pointer fields keep an explicit zero: eventRecordQPS: 0 is 0, not the default 50', () => {
  const { facts } = kubelet(node({ '/k.yaml': `${HEAD}eventRecordQPS: 0\n` }), ['--config=/k.yaml']);
  assert.equal(facts.effective.eventRecordQPS, 0);
});

test('--feature-gates merges gate by gate over the file\'s featureGates', () => {
  const fs = node({ '/k.yaml': `${HEAD}featureGates:\n  A: true\n  RotateKubeletServerCertificate: true\n` });
  const { facts } = kubelet(fs, ['--config=/k.yaml', '--feature-gates=RotateKubeletServerCertificate=false,B=true']);
  assert.deepEqual({ ...(facts.effective.featureGates as object) }, { A: true, RotateKubeletServerCertificate: false, B: true });
  assert.equal(facts.sources['featureGates.RotateKubeletServerCertificate']?.kind, 'flag');
  assert.equal(facts.sources['featureGates.A']?.kind, 'config-file');
});

test('flags without a config field (--hostname-override, --kubeconfig) are kept in flags, not in effective', () => {
  const { facts } = kubelet(node({}), ['--hostname-override=node-a', '--kubeconfig=/etc/kubernetes/kubelet.conf']);
  assert.deepEqual(facts.flags.map((f) => f.flag), ['--hostname-override', '--kubeconfig']);
});

test('a flag value of the wrong type is a warning, not a value', () => {
  const { facts, warnings } = kubelet(node({ '/k.yaml': HEAD }), ['--config=/k.yaml', '--read-only-port=abc']);
  assert.equal(facts.effective.readOnlyPort, 0);
  assert.match(warnings[0]?.message ?? '', /--read-only-port: value "abc" is not a valid int/);
});

test('a malformed config file is reported with file:line:column in configFileError and warnings', () => {
  const { facts, warnings } = kubelet(node({ '/k.yaml': `${HEAD}authentication:\n  anonymous: [\n` }), ['--config=/k.yaml']);
  assert.equal(facts.configFileError?.location?.file, '/k.yaml');
  assert.equal(typeof facts.configFileError?.location?.line, 'number');
  assert.equal(warnings.length, 1);
});

test('a malformed --config-dir drop-in is a warning naming the drop-in file:line, and the other drop-ins still merge', () => {
  const fs = node({ '/d/10-bad.conf': `${HEAD}authentication:\n  anonymous: [\n`, '/d/20-ok.conf': `${HEAD}eventRecordQPS: 7\n` });
  const { facts, warnings } = kubelet(fs, ['--config-dir=/d']);
  assert.ok(facts.dropIns.includes('/d/10-bad.conf'), 'the broken drop-in is listed, so the checks can match the warning to it');
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]?.location?.file, '/d/10-bad.conf');
  assert.equal(typeof warnings[0]?.location?.line, 'number');
  assert.equal(facts.effective.eventRecordQPS, 7);
});

test('a missing config file named by --config is an error, not silently the defaults', () => {
  const { facts } = kubelet(node({}), ['--config=/nope.yaml']);
  assert.match(facts.configFileError?.message ?? '', /cannot read kubelet config \/nope.yaml: no such file/);
});

test('a file of another kind is not taken for a KubeletConfiguration', () => {
  const { facts } = kubelet(node({ '/k.yaml': 'apiVersion: v1\nkind: Pod\n' }), ['--config=/k.yaml']);
  assert.match(facts.configFileError?.message ?? '', /kind is Pod/);
});

test('--config-dir without --config merges the drop-ins over the command line defaults (read-only port 10255 unless a drop-in says otherwise)', () => {
  const fs = node({ '/d/10.conf': `${HEAD}authorization:\n  mode: Webhook\n` });
  const { facts } = kubelet(fs, ['--config-dir=/d']);
  assert.equal(facts.configFile, undefined);
  assert.deepEqual(facts.dropIns, ['/d/10.conf']);
  assert.equal(getDotted(facts.effective, 'authorization.mode'), 'Webhook');
  assert.equal(facts.effective.readOnlyPort, 10255);
  assert.equal(getDotted(facts.effective, 'authentication.anonymous.enabled'), true);
});

test('a zero written in a drop-in is kept (the kubelet does not default after merging drop-ins)', () => {
  const fs = node({ '/k.yaml': HEAD, '/d/10.conf': `${HEAD}streamingConnectionIdleTimeout: 0s\n` });
  const { facts } = kubelet(fs, ['--config=/k.yaml', '--config-dir=/d']);
  assert.equal(facts.effective.streamingConnectionIdleTimeout, '0s');
  assert.equal(facts.sources.streamingConnectionIdleTimeout?.kind, 'drop-in');
});

test('a relative path in the config file is resolved against the file\'s directory, as the kubelet does', () => {
  const { facts } = kubelet(node({ '/etc/custom/kubelet.yaml': `${HEAD}authentication:\n  x509:\n    clientCAFile: pki/ca.crt\n` }), ['--config=/etc/custom/kubelet.yaml']);
  assert.equal(getDotted(facts.effective, 'authentication.x509.clientCAFile'), '/etc/custom/pki/ca.crt');
});

test('durations kubeadm writes as 0s take the kubelet\'s defaults; nodeStatusReportFrequency follows an explicit nodeStatusUpdateFrequency', () => {
  const zero = kubelet(node({ '/k.yaml': `${HEAD}syncFrequency: 0s\nnodeStatusUpdateFrequency: 0s\nimageMaximumGCAge: 0s\n` }), ['--config=/k.yaml']).facts;
  assert.deepEqual([zero.effective.syncFrequency, zero.effective.nodeStatusUpdateFrequency, zero.effective.nodeStatusReportFrequency], ['1m0s', '10s', '5m0s']);
  assert.equal(zero.effective.imageMaximumGCAge, '0s', 'no default: 0 means disabled');
  const set = kubelet(node({ '/k.yaml': `${HEAD}nodeStatusUpdateFrequency: 20s\n` }), ['--config=/k.yaml']).facts;
  assert.equal(set.effective.nodeStatusReportFrequency, '20s');
});

// --- user keys are data, never paths or prototypes ---

test('a __proto__ mapping in the kubelet config writes nothing onto Object.prototype and sets no field', () => {
  const { facts, warnings } = kubelet(node({ '/var/lib/kubelet/config.yaml': `${HEAD}__proto__:\n  podPidsLimit: 4096\n  seccompDefault: true\nauthentication:\n  __proto__:\n    anonymous: {enabled: false}\n` }),
    ['--config=/var/lib/kubelet/config.yaml', '--feature-gates=__proto__=true']);
  assert.equal(({} as Record<string, unknown>).podPidsLimit, undefined);
  assert.equal(({} as Record<string, unknown>).anonymous, undefined);
  assert.equal(facts.effective.podPidsLimit, -1, 'the default, not the value under __proto__');
  assert.equal(facts.effective.seccompDefault, false);
  assert.deepEqual(facts.sources.podPidsLimit, { kind: 'default' });
  assert.ok(warnings.some((w) => /key "__proto__" is not a KubeletConfiguration field; ignored/.test(w.message)));
});

test('a literal dotted key is one unknown key: it does not override the nested field (the kubelet ignores it)', () => {
  const { facts } = kubelet(node({ '/var/lib/kubelet/config.yaml': `${HEAD}authentication:\n  anonymous:\n    enabled: true\nauthentication.anonymous.enabled: false\n` }),
    ['--config=/var/lib/kubelet/config.yaml']);
  assert.equal(getDotted(facts.effective, 'authentication.anonymous.enabled'), true);
  assert.deepEqual(facts.sources['authentication.anonymous.enabled'], { kind: 'config-file', location: { file: '/var/lib/kubelet/config.yaml', line: 5, column: 14 } });
  assert.equal(facts.sources['["authentication.anonymous.enabled"]']?.kind, 'config-file');
});

test('a drop-in with a literal dotted key does not override the file either', () => {
  const { facts } = kubelet(node({
    '/var/lib/kubelet/config.yaml': `${HEAD}authentication:\n  anonymous:\n    enabled: true\n`,
    '/etc/kubernetes/kubelet.conf.d/10.conf': `${HEAD}authentication.anonymous.enabled: false\n`,
  }), ['--config=/var/lib/kubelet/config.yaml', '--config-dir=/etc/kubernetes/kubelet.conf.d']);
  assert.equal(getDotted(facts.effective, 'authentication.anonymous.enabled'), true);
  assert.equal(facts.sources['authentication.anonymous.enabled']?.kind, 'config-file');
});
