import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectNodeFacts } from '../../src/collect/node/index.js';
import { InputError } from '../../src/domain/errors.js';
import type { FileFact, FileRole, NodeFacts } from '../../src/domain/node-facts.js';
import { materializeNodeFixture, ownersApplied, removeNodeFixture } from '../helpers/materialize.js';

const now = new Date('2026-11-23T12:00:00Z');
const roots = new Map<string, string>();
after(() => roots.forEach((root) => removeNodeFixture(root)));

/** Collects a fixture once per test file (materialized with its MODES). */
const cache = new Map<string, NodeFacts>();
function collect(caseName: string, k8sVersion?: string): NodeFacts {
  const key = `${caseName}/${k8sVersion ?? ''}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let root = roots.get(caseName);
  if (root === undefined) roots.set(caseName, (root = materializeNodeFixture(caseName)));
  const facts = collectNodeFacts({ root, now, ...(k8sVersion === undefined ? {} : { k8sVersion }) });
  cache.set(key, facts);
  return facts;
}
const file = (facts: NodeFacts, role: FileRole, path?: string): FileFact | undefined =>
  (facts.files[role] ?? []).find((f) => path === undefined || f.path === path);
const field = (facts: NodeFacts, dotted: string): unknown =>
  dotted.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), facts.kubelet?.effective);

// --- the kube-bench faults from issue 2 ---

test('the kubelet config is the file the running kubelet was given with --config, not a file from a fixed list', () => {
  const facts = collect('worker-custom-json-config');
  assert.equal(facts.kubelet?.configFile, '/etc/custom/kubelet.json');
  assert.equal(facts.kubelet?.configFileSource, 'flag --config');
  // The decoy /var/lib/kubelet/config.yaml says anonymous auth on, AlwaysAllow, read-only port 10255.
  assert.equal(field(facts, 'authentication.anonymous.enabled'), false);
  assert.equal(field(facts, 'authorization.mode'), 'Webhook');
  assert.equal(field(facts, 'readOnlyPort'), 0);
  assert.deepEqual(facts.kubelet?.sources['authorization.mode'], { kind: 'config-file', location: { file: '/etc/custom/kubelet.json', line: 17, column: 13 } });
  assert.deepEqual((facts.files['kubelet-config'] ?? []).map((f) => f.path), ['/etc/custom/kubelet.json']);
  assert.equal(file(facts, 'kubelet-client-ca')?.path, '/etc/custom/pki/ca.crt');
  assert.equal(file(facts, 'kubelet-kubeconfig')?.path, '/etc/custom/kubeconfig');
});

test('--config-dir drop-ins are merged over the config file in lexical order (subdirectories too, .conf only)', () => {
  const facts = collect('worker-config-dir');
  assert.equal(facts.kubelet?.configDir, '/etc/kubernetes/kubelet.conf.d');
  assert.deepEqual(facts.kubelet?.dropIns, [
    '/etc/kubernetes/kubelet.conf.d/10-hardening.conf',
    '/etc/kubernetes/kubelet.conf.d/20-events.conf',
    '/etc/kubernetes/kubelet.conf.d/40-tls/10-ciphers.conf',
  ]);
  assert.equal(field(facts, 'protectKernelDefaults'), true);
  assert.equal(field(facts, 'eventRecordQPS'), 10);
  assert.deepEqual(field(facts, 'tlsCipherSuites'), ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384']);
  assert.equal(field(facts, 'authentication.webhook.cacheTTL'), '30s');
  assert.equal(field(facts, 'authentication.webhook.enabled'), true, 'the sibling field from the file survives the map merge');
});

test('command-line flags override the config file and the drop-ins (--read-only-port=0 over 10255, 10256, 10257)', () => {
  const facts = collect('worker-config-dir');
  assert.equal(field(facts, 'readOnlyPort'), 0);
  assert.deepEqual(facts.kubelet?.sources.readOnlyPort, { kind: 'flag', location: { file: '/proc/873/cmdline' } });
});

test('readOnlyPort absent from the kubeadm config file is 0 (the KubeletConfiguration default), not a FAIL', () => {
  const facts = collect('kubeadm-1.32-controlplane');
  assert.equal(field(facts, 'readOnlyPort'), 0);
  assert.deepEqual(facts.kubelet?.sources.readOnlyPort, { kind: 'default' });
  assert.equal(field(facts, 'streamingConnectionIdleTimeout'), '4h0m0s', 'kubeadm writes 0s, which the kubelet defaults');
});

test('owner names come from <root>/etc/passwd and /etc/group; an id without an entry stays numeric', { skip: !ownersApplied && 'owners are applied only as root' }, () => {
  const noUser = file(collect('controlplane-no-etcd-user'), 'etcd-data-dir');
  assert.deepEqual([noUser?.uid, noUser?.gid, noUser?.user, noUser?.group], [989, 989, undefined, undefined]);
  const hardened = file(collect('kubeadm-1.32-hardened'), 'etcd-data-dir');
  assert.deepEqual([hardened?.uid, hardened?.user, hardened?.group], [991, 'etcd', 'etcd']);
  const manifest = file(collect('kubeadm-1.32-controlplane'), 'apiserver-manifest');
  assert.deepEqual([manifest?.user, manifest?.group], ['root', 'root']);
});

test('without <root>/etc/passwd (a container without the host\'s) owners stay numeric and a warning says why', () => {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  roots.set('no-passwd', root);
  rmSync(join(root, 'etc/passwd'));
  const facts = collectNodeFacts({ root, now });
  const manifest = file(facts, 'apiserver-manifest');
  assert.equal(manifest?.user, undefined);
  assert.equal(typeof manifest?.uid, 'number');
  assert.equal(manifest?.group, ownersApplied ? 'root' : manifest?.group, 'groups still come from <root>/etc/group');
  assert.ok(facts.warnings.some((w) => w.message === 'cannot read /etc/passwd (absent): file owners are shown as numeric ids'));
});

test('file modes are the permission bits as the MODES file gives them', () => {
  const facts = collect('kubeadm-1.32-controlplane');
  assert.equal(file(facts, 'apiserver-manifest')?.mode, 0o600);
  assert.equal(file(facts, 'kubelet-config')?.mode, 0o644);
  assert.equal(file(facts, 'etcd-data-dir')?.mode, 0o700);
  assert.equal(file(facts, 'etcd-data-dir')?.type, 'directory');
  assert.equal(file(facts, 'pki-keys', '/etc/kubernetes/pki/ca.key')?.mode, 0o600);
  assert.equal(file(facts, 'pki-certs', '/etc/kubernetes/pki/etcd/ca.crt')?.mode, 0o644);
});

test('an absent file the benchmark names "if it exists" is reported as exists: false', () => {
  const facts = collect('worker-custom-json-config');
  assert.deepEqual(file(facts, 'apiserver-manifest'), { path: '/etc/kubernetes/manifests/kube-apiserver.yaml', exists: false });
  assert.deepEqual(file(facts, 'super-admin-kubeconfig'), { path: '/etc/kubernetes/super-admin.conf', exists: false });
});

test('when the Kubernetes version cannot be detected the facts say so instead of guessing', () => {
  const facts = collect('worker-config-dir');
  assert.equal(facts.kubernetesVersion.version, undefined);
  assert.match(facts.kubernetesVersion.source, /^not detected/);
});

// --- where the facts come from ---

test('version: the kube-apiserver image tag in the static pod manifest, and where it was read', () => {
  assert.deepEqual(collect('kubeadm-1.32-controlplane').kubernetesVersion, {
    version: 'v1.32.4',
    source: 'image kube-apiserver registry.k8s.io/kube-apiserver:v1.32.4 (/etc/kubernetes/manifests/kube-apiserver.yaml)',
  });
});

test('version: the gitVersion in the kubelet binary when no control-plane image exists; --k8s-version overrides', () => {
  assert.deepEqual(collect('worker-custom-json-config').kubernetesVersion, { version: 'v1.32.4', source: 'kubelet binary /usr/local/bin/kubelet (embedded gitVersion)' });
  assert.deepEqual(collect('worker-custom-json-config', '1.33.1').kubernetesVersion, { version: 'v1.33.1', source: '--k8s-version' });
});

test('running control-plane components come from /proc/<pid>/cmdline, with their manifest and image recorded', () => {
  const api = collect('kubeadm-1.32-controlplane').components['kube-apiserver'];
  assert.equal(api?.source, 'process');
  assert.equal(api?.pid, 1391);
  assert.equal(api?.manifest, '/etc/kubernetes/manifests/kube-apiserver.yaml');
  assert.equal(api?.image, 'registry.k8s.io/kube-apiserver:v1.32.4');
  assert.deepEqual(api?.args.find((a) => a.flag === '--authorization-mode'), { flag: '--authorization-mode', value: 'Node,RBAC', location: { file: '/proc/1391/cmdline' } });
});

test('a control-plane process that is not visible is stood in for by its static pod manifest, with file:line:column', () => {
  const facts = collect('manifests-only');
  const api = facts.components['kube-apiserver'];
  assert.equal(api?.source, 'manifest');
  assert.equal(api?.pid, undefined);
  assert.equal(api?.executable, 'kube-apiserver');
  const mode = api?.args.find((a) => a.flag === '--authorization-mode');
  assert.deepEqual(mode, { flag: '--authorization-mode', value: 'Node,RBAC', location: { file: '/etc/kubernetes/manifests/kube-apiserver.yaml', line: 18, column: 7 } });
  assert.equal(facts.components.etcd?.source, 'manifest');
  assert.equal(facts.components.kubelet?.source, 'process');
  assert.equal(facts.components['kube-proxy'], undefined);
});

test('a malformed static pod manifest is a warning naming file:line:column; that component is left out, the rest is collected', () => {
  const facts = collect('broken-manifest');
  assert.equal(facts.components['kube-apiserver'], undefined);
  assert.equal(facts.components['kube-controller-manager']?.source, 'process');
  const warning = facts.warnings.find((w) => w.location?.file === '/etc/kubernetes/manifests/kube-apiserver.yaml');
  assert.deepEqual(warning?.location, { file: '/etc/kubernetes/manifests/kube-apiserver.yaml', line: 19, column: 4 });
  assert.match(warning?.message ?? '', /kube-apiserver\.yaml:19:4: All sequence items must start at the same column/);
  assert.equal(facts.kubernetesVersion.version, 'v1.32.4', 'the version falls back to the next control-plane image');
});

test('kube-proxy\'s --config is read inside its container through /proc/<pid>/root; absent there -> a warning, no crash', () => {
  const demo = collect('kubeadm-1.32-controlplane');
  assert.equal(demo.kubeProxy?.readFrom, '/proc/1960/root/var/lib/kube-proxy/config.conf');
  assert.equal(demo.kubeProxy?.config?.metricsBindAddress, '');
  assert.equal(file(demo, 'proxy-kubeconfig')?.path, '/proc/1960/root/var/lib/kube-proxy/kubeconfig.conf');
  const worker = collect('worker-custom-json-config');
  assert.equal(worker.kubeProxy?.config, undefined);
  assert.match(worker.kubeProxy?.configFileError?.message ?? '', /not readable on the node nor in \/proc\/1422\/root/);
  // Out of sight is not absent: "if the file exists" checks must WARN, not pass.
  assert.deepEqual(file(worker, 'proxy-config'), {
    path: '/var/lib/kube-proxy/config.conf', exists: true,
    error: 'kube-proxy --config /var/lib/kube-proxy/config.conf is not readable on the node nor in its container (/proc/1422/root)',
  });
  assert.equal(file(worker, 'proxy-kubeconfig')?.exists, true);
  assert.match(file(worker, 'proxy-kubeconfig')?.error ?? '', /so its kubeconfig is unknown/);
});

test('a symlink is reported as such; its absolute target is resolved inside the root and gives mode and owner', () => {
  const root = materializeNodeFixture('kubeadm-1.32-controlplane');
  roots.set('symlinks', root);
  // kubelet.conf -> an absolute target: it must be looked up under --root, not on the machine running kubefort.
  renameSync(join(root, 'etc/kubernetes/kubelet.conf'), join(root, 'etc/kubernetes/kubelet-real.conf'));
  chmodSync(join(root, 'etc/kubernetes/kubelet-real.conf'), 0o640);
  symlinkSync('/etc/kubernetes/kubelet-real.conf', join(root, 'etc/kubernetes/kubelet.conf'));
  symlinkSync('/etc/kubernetes/gone.conf', join(root, 'etc/kubernetes/super-admin.conf.tmp'));
  renameSync(join(root, 'etc/kubernetes/super-admin.conf.tmp'), join(root, 'etc/kubernetes/super-admin.conf'));
  const facts = collectNodeFacts({ root, now });
  const link = file(facts, 'kubelet-kubeconfig');
  assert.equal(link?.type, 'symlink');
  assert.equal(link?.target, '/etc/kubernetes/kubelet-real.conf');
  assert.equal(link?.mode, 0o640);
  const dangling = file(facts, 'super-admin-kubeconfig');
  assert.deepEqual([dangling?.exists, dangling?.type, dangling?.error], [true, 'symlink', 'dangling symlink to /etc/kubernetes/gone.conf']);
});

test('the kubelet\'s arguments come from its systemd unit when it is not running (source systemd, --config from 10-kubeadm.conf)', () => {
  const root = materializeNodeFixture('manifests-only');
  roots.set('manifests-only-no-kubelet', root);
  rmSync(join(root, 'proc/1043'), { recursive: true });
  const facts = collectNodeFacts({ root, now });
  assert.equal(facts.components.kubelet?.source, 'systemd');
  assert.equal(facts.kubelet?.configFileSource, '10-kubeadm.conf');
  assert.equal(facts.kubelet?.configFile, '/var/lib/kubelet/config.yaml');
  const endpoint = facts.kubelet?.sources.containerRuntimeEndpoint;
  assert.deepEqual(endpoint, { kind: 'flag', location: { file: '/var/lib/kubelet/kubeadm-flags.env', line: 1 } });
});

test('an unreadable kubelet config (here a directory) is a warning with the reason; the run goes on', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubefort-unreadable-'));
  roots.set('unreadable', root);
  mkdirSync(join(root, 'proc/7'), { recursive: true });
  writeFileSync(join(root, 'proc/7/cmdline'), '/usr/bin/kubelet\0--config=/etc/kubelet.d\0');
  mkdirSync(join(root, 'etc/kubelet.d'), { recursive: true });
  const facts = collectNodeFacts({ root, now });
  assert.match(facts.kubelet?.configFileError?.message ?? '', /cannot read kubelet config \/etc\/kubelet\.d: is a directory/);
  assert.equal(facts.components.kubelet?.pid, 7);
});

test('a root without any trace of Kubernetes is an InputError with a clear message', () => {
  const root = materializeNodeFixture('not-a-node');
  roots.set('not-a-node', root);
  assert.throws(() => collectNodeFacts({ root, now }), (error: unknown) => error instanceof InputError && /does not look like a Kubernetes node/.test(error.message));
});

test('a --root that does not exist, or is a file, is an InputError', () => {
  assert.throws(() => collectNodeFacts({ root: '/nonexistent/kubefort-root', now }), (e: unknown) => e instanceof InputError && /no such directory/.test(e.message));
  const root = mkdtempSync(join(tmpdir(), 'kubefort-file-'));
  roots.set('file-root', root);
  writeFileSync(join(root, 'f'), '');
  assert.throws(() => collectNodeFacts({ root: join(root, 'f'), now }), (e: unknown) => e instanceof InputError && /not a directory/.test(e.message));
});

test('paths in the facts are node paths, never prefixed with --root', () => {
  const facts = collect('kubeadm-1.32-controlplane');
  const root = roots.get('kubeadm-1.32-controlplane') ?? '';
  assert.ok(!JSON.stringify({ ...facts, root: '' }).includes(root));
});
