import { statSync } from 'node:fs';
import { posix } from 'node:path';
import { InputError } from '../../domain/errors.js';
import type { CollectWarning, ComponentFacts, ComponentName, K3sFacts, KubeletFacts, NodeFacts, VersionFact } from '../../domain/node-facts.js';
import { COMPONENTS } from '../../domain/node-facts.js';
import { lastArg, parseArgs } from './cmdline.js';
import { collectFiles } from './file-roles.js';
import { buildKubeletFacts, DEFAULT_KUBELET_CONFIG_PATHS, getDotted, type KubeletArgsOrigin } from './kubelet-config.js';
import { readKubeProxy } from './kube-proxy.js';
import { readManifest, STATIC_POD_COMPONENTS } from './manifests.js';
import { NodeFs } from './node-fs.js';
import { readOwnerNames } from './owners.js';
import { detectPlatform, platformProcess, type ProcessArgv } from './platform.js';
import { scanProcesses } from './processes.js';
import { readKubeletUnit, type KubeletUnit } from './systemd.js';
import { detectVersion } from './version.js';
import { capWarnings } from './warning-cap.js';
import { redactArgs, redactTree } from './redact.js';
import { errnoCode, fsErrorReason } from '../../domain/fs-errors.js';
import { READ_LIMITS } from './bounded-read.js';
import { collectK3s } from './k3s.js';

export const DEFAULT_STATIC_POD_PATH = '/etc/kubernetes/manifests';

/** The root shows no Kubernetes component at all (a platform may explain why: src/cis/profiles explainNoComponents). */
export class NotANodeError extends InputError {}

/**
 * Collects the facts the CIS benchmark judges from a node's filesystem mounted at `root`.
 * Read-only and without child processes. Unreadable or malformed files become warnings; only a root that
 * is not a directory or shows no trace of Kubernetes throws (InputError).
 */
export function collectNodeFacts(options: { root: string; k8sVersion?: string; now: Date; k3sLog?: string }): NodeFacts {
  checkRoot(options.root);
  const fs = new NodeFs(options.root);
  const warnings: CollectWarning[] = [];
  // Only the first k3s / RKE2 supervisor or OpenShift process (lowest pid) is kept for platform detection, which uses no other:
  // holding every argv would let a node with many processes grow memory without bound.
  const supervisors: ProcessArgv[] = [];
  const running = scanProcesses(fs, warnings, (process) => {
    if (supervisors.length === 0 && platformProcess(process.argv)) supervisors.push(process);
  });
  // k3s runs the components inside its own process: their arguments come from its log or its config (k3s.ts).
  const hostname = readHostname(fs);
  const k3s = collectK3s(fs, options.k3sLog === undefined ? {} : { logFile: options.k3sLog }, hostname, warnings, supervisors);
  for (const component of Object.values(k3s?.components ?? {})) if (!running.has(component.name)) running.set(component.name, component);
  const components: Partial<Record<ComponentName, ComponentFacts>> = {};

  const unit = readKubeletUnit(fs, warnings);
  const origin = kubeletOrigin(running.get('kubelet'), unit, components);
  const kubelet = origin.args !== undefined || DEFAULT_KUBELET_CONFIG_PATHS.some((p) => fs.exists(p))
    ? buildKubeletFacts(fs, origin, warnings)
    : undefined;

  const staticPodPath = staticPodDir(kubelet);
  for (const name of STATIC_POD_COMPONENTS) {
    const runningProcess = running.get(name);
    const manifest = readManifest(fs, staticPodPath, name, warnings);
    if (runningProcess !== undefined) {
      if (manifest.exists) runningProcess.manifest = manifest.manifest;
      if (manifest.image !== undefined) runningProcess.image = manifest.image;
      components[name] = runningProcess;
    } else if (manifest.args !== undefined) {
      const facts: ComponentFacts = { name, source: 'manifest', executable: manifest.executable ?? name, args: manifest.args, manifest: manifest.manifest };
      if (manifest.image !== undefined) facts.image = manifest.image;
      components[name] = facts;
    }
  }
  const proxy = running.get('kube-proxy');
  if (proxy !== undefined) components['kube-proxy'] = proxy;
  const kubeProxy = readKubeProxy(fs, proxy, warnings);

  const hasKubernetesDir = fs.exists('/etc/kubernetes');
  if (Object.keys(components).length === 0 && kubelet === undefined && !hasKubernetesDir) {
    throw new NotANodeError(
      `${options.root} does not look like a Kubernetes node: no component in ${posix.join(options.root, 'proc')}, no /etc/kubernetes, ` +
        'no kubelet configuration (use --root with the directory where the node\'s filesystem is mounted)',
    );
  }

  const owners = readOwnerNames(fs, warnings);
  const files = collectFiles(fs, owners, { components, kubelet, kubeProxy, unit, staticPodPath }, warnings);
  // From here on the facts leave kubefort (files, CI logs, reports): secret values are replaced (redact.ts).
  for (const component of Object.values(components)) component.args = redactArgs(component.args);
  if (kubelet !== undefined) {
    kubelet.flags = redactArgs(kubelet.flags);
    kubelet.effective = redactTree(kubelet.effective) as Record<string, unknown>;
  }
  const facts: NodeFacts = {
    schemaVersion: 1,
    root: options.root,
    collectedAt: options.now.toISOString(),
    kubernetesVersion: k3sVersion(detectVersion(fs, options.k8sVersion, components), k3s?.facts),
    platform: detectPlatform(fs, supervisors),
    components: orderComponents(components),
    files,
    warnings: capWarnings(warnings),
  };
  if (hostname !== undefined) facts.hostname = hostname;
  if (kubelet !== undefined) facts.kubelet = kubelet;
  if (kubeProxy !== undefined) facts.kubeProxy = kubeProxy;
  if (k3s !== undefined) facts.k3s = k3s.facts;
  return facts;
}

function readHostname(fs: NodeFs): string | undefined {
  const hostname = fs.readText('/etc/hostname', READ_LIMITS.small, '/etc/hostname');
  return hostname.ok && hostname.value.trim() !== '' ? hostname.value.trim() : undefined;
}

/** A k3s node whose version nothing else showed: the "Starting k3s v1.24.17+k3s1" line of its log. */
function k3sVersion(found: VersionFact, k3s: K3sFacts | undefined): VersionFact {
  if (found.version !== undefined || k3s?.version === undefined || found.source.startsWith('--k8s-version')) return found;
  const version = /^v\d+\.\d+\.\d+/.exec(k3s.version)?.[0];
  return version === undefined ? found : { version, source: `k3s log ${k3s.logFile ?? ''} ("Starting k3s ${k3s.version}")` };
}

function checkRoot(root: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch (error) {
    throw new InputError(`--root ${root}: ${errnoCode(error) === 'ENOENT' ? 'no such directory' : fsErrorReason(error)}`, { file: root }, { cause: error });
  }
  if (!isDirectory) throw new InputError(`--root ${root}: not a directory`, { file: root });
}

/**
 * The kubelet's arguments: its running process when visible; else its systemd unit (kubeadm's 10-kubeadm.conf
 * with kubeadm-flags.env and /etc/default/kubelet), and the kubelet component is then recorded with source `systemd`.
 */
function kubeletOrigin(runningKubelet: ComponentFacts | undefined, unit: KubeletUnit | undefined, components: Partial<Record<ComponentName, ComponentFacts>>): KubeletArgsOrigin {
  if (runningKubelet !== undefined) {
    components.kubelet = runningKubelet;
    return { args: runningKubelet.args };
  }
  if (unit?.executable === undefined) return {};
  const tokens = unit.tokens;
  const args = parseArgs(tokens.map((t) => t.text), (i) => tokens[i]?.location ?? { file: unit.dropIns[0] ?? '' });
  components.kubelet = { name: 'kubelet', source: 'systemd', executable: unit.executable, args };
  const config = lastArg(args, '--config');
  const origin: KubeletArgsOrigin = { args };
  if (config !== undefined) origin.configFlagFrom = config.location.file.endsWith('kubeadm-flags.env') ? 'kubeadm-flags.env' : '10-kubeadm.conf';
  return origin;
}

function staticPodDir(kubelet: KubeletFacts | undefined): string {
  const configured = kubelet === undefined ? undefined : getDotted(kubelet.effective, 'staticPodPath');
  return typeof configured === 'string' && configured !== '' ? configured : DEFAULT_STATIC_POD_PATH;
}

function orderComponents(components: Partial<Record<ComponentName, ComponentFacts>>): Partial<Record<ComponentName, ComponentFacts>> {
  const ordered: Partial<Record<ComponentName, ComponentFacts>> = {};
  for (const name of COMPONENTS) {
    const facts = components[name];
    if (facts !== undefined) ordered[name] = facts;
  }
  return ordered;
}
