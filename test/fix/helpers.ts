import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFix, type FixDeps, type FixOptions } from '../../src/cli/commands/fix.js';
import { KubefortError } from '../../src/domain/errors.js';
import { captureContext, kubefort } from '../helpers/cli.js';

export const DEMO = 'kubeadm-1.32-controlplane';
export const AUDIT = 'kube-apiserver:--audit-log-path=/var/log/kubernetes/audit/audit.log';
export const MANIFESTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map((n) => `/etc/kubernetes/manifests/${n}.yaml`);

export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return kubefort(args);
}

/** runFix with test seams; errors come back as the CLI would report them (exit 2 and the message). */
export async function fixWith(root: string, options: Partial<FixOptions>, deps: FixDeps = {}): Promise<{ code: number; out: string; error?: string }> {
  const ctx = captureContext();
  const full: FixOptions = { root, set: [], timeout: '300', ...options };
  try {
    const code = await runFix(full, ctx, deps);
    return { code, out: ctx.out.join('') };
  } catch (error) {
    if (error instanceof KubefortError) return { code: 2, out: ctx.out.join(''), error: error.message };
    throw error;
  }
}

/** Every file below a root (bytes, mode, owner), except kubefort's own directory: "nothing changed" is this equal. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (dir: string, node: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const host = join(dir, name);
      const path = `${node}/${name}`;
      if (path === '/var/lib/kubefort') continue;
      const s = lstatSync(host);
      if (s.isSymbolicLink()) out.set(path, `link ${readlinkSync(host)}`);
      else if (s.isDirectory()) visit(host, path);
      else out.set(path, `${(s.mode & 0o7777).toString(8)} ${s.uid}:${s.gid} ${readFileSync(host).toString('base64')}`);
    }
  };
  visit(root, '');
  return out;
}

/**
 * The kubelet restarting the static pods: each container's process is a new one (pid + RESTART_PID_OFFSET: the
 * /proc/<pid> directory moves) whose cmdline is its manifest's command + args. Idempotent: polls call it again.
 */
export function simulateRestart(root: string, pids: Readonly<Record<string, number>>): void {
  for (const [name, pid] of Object.entries(pids)) {
    const text = readFileSync(join(root, `etc/kubernetes/manifests/${name}.yaml`), 'utf8');
    const argv = [...text.matchAll(/^ {4}- (.+)$/gm)].map((m) => m[1] ?? '').filter((a) => a === name || a.startsWith('--'));
    const next = pid + RESTART_PID_OFFSET;
    if (existsSync(join(root, `proc/${pid}`))) renameSync(join(root, `proc/${pid}`), join(root, `proc/${next}`));
    writeFileSync(join(root, `proc/${next}/cmdline`), `${argv.join('\0')}\0`);
  }
}

export const RESTART_PID_OFFSET = 10000;

export const DEMO_PIDS = { 'kube-apiserver': 1391, 'kube-controller-manager': 1402, 'kube-scheduler': 1418 } as const;

export function edit(root: string, path: string, find: string, replace: string): void {
  const host = join(root, path);
  const text = readFileSync(host, 'utf8');
  if (!text.includes(find)) throw new Error(`${path}: ${find} not found`);
  writeFileSync(host, text.replace(find, replace));
}

export function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}
