import { READ_LIMITS } from '../collect/node/bounded-read.js';
import { collectNodeFacts } from '../collect/node/index.js';
import { parseArgs } from '../collect/node/cmdline.js';
import { readManifest, STATIC_POD_COMPONENTS, type StaticPodComponent } from '../collect/node/manifests.js';
import { NodeFs } from '../collect/node/node-fs.js';
import { readKubeletUnit } from '../collect/node/systemd.js';
import type { ArgFact, CollectWarning, NodeFacts } from '../domain/node-facts.js';
import type { Finding } from '../domain/finding.js';
import { clampMinor, SUPPORTED_MINORS } from './flags/index.js';
import { finding, validateManifest } from './manifest.js';
import { kubeletFilesChanged } from './kubelet-restart.js';

export interface NodeValidation {
  /** Findings by component, in component order; each component's manifest findings before its restart finding. */
  findings: Finding[];
  /** The minor the flag data was chosen for, and how. */
  minor: number;
  minorSource: string;
}

/** `v1.32.4` -> 32. */
export function minorOf(version: string | undefined): number | undefined {
  const match = /^v?1\.(\d+)/.exec(version ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Validates every static pod manifest of a node and compares what runs with what is configured.
 * `facts` may be passed when already collected (bench); otherwise they are collected here.
 */
export function validateNode(root: string, options: { now: Date; k8sVersion?: string; facts?: NodeFacts }): NodeValidation {
  const facts = options.facts ?? collectNodeFacts({ root, now: options.now, ...(options.k8sVersion ? { k8sVersion: options.k8sVersion } : {}) });
  const fs = new NodeFs(root);
  const detected = minorOf(facts.kubernetesVersion.version);
  const minor = clampMinor(detected ?? SUPPORTED_MINORS.high);
  const findings: Finding[] = [];
  const minorSource = detected === undefined
    ? `Kubernetes version not detected; flags of 1.${minor} assumed`
    : detected === minor ? `Kubernetes 1.${minor} (${facts.kubernetesVersion.source})` : `Kubernetes 1.${detected} is outside the flag data (1.${SUPPORTED_MINORS.low}–1.${SUPPORTED_MINORS.high}); flags of 1.${minor} assumed`;
  if (detected !== minor) findings.push(finding('MV008', 'node', minorSource, undefined));
  for (const name of STATIC_POD_COMPONENTS) {
    const component = facts.components[name];
    const file = component?.manifest ?? (facts.files[manifestRole(name)] ?? []).find((f) => f.exists)?.path;
    if (file === undefined) continue;
    const text = fs.readText(file, READ_LIMITS.config, 'a static pod manifest');
    if (!text.ok) continue;
    findings.push(...validateManifest({ text: text.value, file, component: name, minor, exists: (p) => fs.exists(p) }));
    if (component?.source === 'process') {
      const pending = restartPending(fs, name, file, component.args);
      if (pending) findings.push(pending);
    }
  }
  const kubelet = kubeletPending(fs, facts) ?? kubeletFilesChanged(fs, facts);
  if (kubelet) findings.push(kubelet);
  return { findings, minor, minorSource };
}

function manifestRole(name: StaticPodComponent): 'apiserver-manifest' | 'controller-manager-manifest' | 'scheduler-manifest' | 'etcd-manifest' {
  if (name === 'kube-apiserver') return 'apiserver-manifest';
  if (name === 'kube-controller-manager') return 'controller-manager-manifest';
  if (name === 'kube-scheduler') return 'scheduler-manifest';
  return 'etcd-manifest';
}

function restartPending(fs: NodeFs, name: StaticPodComponent, file: string, running: readonly ArgFact[]): Finding | undefined {
  const warnings: CollectWarning[] = [];
  const dir = file.slice(0, file.lastIndexOf('/'));
  const manifest = readManifest(fs, dir, name, warnings);
  if (manifest.args === undefined) return undefined;
  const diff = argDiff(running, manifest.args);
  if (diff.length === 0) return undefined;
  return finding('MV007', name, `${name} runs with arguments that differ from ${file}: ${diff.join('; ')}. The kubelet restarts the static pod after a change; if it stays like this, the new pod fails to start (crictl ps -a, crictl logs)`,
    { file }, `Wait for the kubelet to restart ${name}; if it does not come back, run \`crictl ps -a | grep ${name}\` and \`crictl logs <id>\`, fix ${file} or run \`kubefort fix --rollback\`.`);
}

/** The kubelet process against the command line its systemd unit (10-kubeadm.conf, kubeadm-flags.env) gives it. */
function kubeletPending(fs: NodeFs, facts: NodeFacts): Finding | undefined {
  const running = facts.components.kubelet;
  if (running?.source !== 'process') return undefined;
  const unit = readKubeletUnit(fs, []);
  if (unit?.executable === undefined) return undefined;
  const configured = parseArgs(unit.tokens.map((t) => t.text), (i) => unit.tokens[i]?.location ?? { file: unit.dropIns[0] ?? '' });
  const diff = argDiff(running.args, configured);
  if (diff.length === 0) return undefined;
  return finding('MV007', 'kubelet', `the running kubelet's arguments differ from its systemd configuration (${[unit.unitFile, ...unit.dropIns].filter(Boolean).join(', ')}): ${diff.join('; ')}`,
    { file: unit.dropIns[0] ?? unit.unitFile ?? '' }, 'Run `systemctl daemon-reload && systemctl restart kubelet` (or `kubefort fix --restart-kubelet`).');
}

/** Flags whose effective (last) value differs between two argument lists, in a stable order. */
function argDiff(running: readonly ArgFact[], configured: readonly ArgFact[]): string[] {
  const last = (args: readonly ArgFact[]) => {
    const map = new Map<string, string>();
    for (const arg of args) map.set(arg.flag, arg.value ?? 'true');
    return map;
  };
  const a = last(running);
  const b = last(configured);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: string[] = [];
  for (const name of names) {
    const now = a.get(name);
    const want = b.get(name);
    if (now === want) continue;
    if (now === undefined) out.push(`${name}=${want ?? ''} configured, not running`);
    else if (want === undefined) out.push(`${name}=${now} running, no longer configured`);
    else out.push(`${name} running ${now}, configured ${want}`);
  }
  return out;
}
