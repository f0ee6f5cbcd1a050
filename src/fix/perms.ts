
import type { FileModeTest, FileOwnerTest } from '../cis/model.js';
import type { FileFact, FileRole } from '../domain/node-facts.js';
import type { PlanInput, PlanOutput } from './remediation.js';

/** The component whose group a file role belongs to, for grouping the plan. */
function roleComponent(role: FileRole): string {
  if (role.startsWith('apiserver')) return 'kube-apiserver';
  if (role.startsWith('controller-manager')) return 'kube-controller-manager';
  if (role.startsWith('scheduler')) return 'kube-scheduler';
  if (role.startsWith('etcd')) return 'etcd';
  if (role.startsWith('kubelet')) return 'kubelet';
  if (role.startsWith('proxy')) return 'kube-proxy';
  return 'control-plane files';
}

/**
 * chmod only ever removes permission bits (mode & mask); chown sets the owner the benchmark names, resolved in the
 * node's own /etc/passwd and /etc/group. Files seen only inside a container (/proc/<pid>/root) are not touched.
 */
export function planFiles(check: string, test: FileModeTest | FileOwnerTest, input: PlanInput, out: PlanOutput): void {
  for (const role of test.roles) {
    for (const file of input.facts.files[role] ?? []) {
      if (!file.exists || file.error !== undefined) continue;
      if (file.path.startsWith('/proc/')) {
        out.notFixed.push({ check, reason: `${file.path} is inside a container's filesystem (set the mode in the pod's volume instead)` });
        continue;
      }
      const path = file.type === 'symlink' && file.target !== undefined ? file.target : file.path;
      if (test.kind === 'file-mode') planMode(check, test, file, path, roleComponent(role), out);
      else planOwner(check, test, file, path, roleComponent(role), input, out);
    }
  }
}

function planMode(check: string, test: FileModeTest, file: FileFact, path: string, component: string, out: PlanOutput): void {
  if (file.mode === undefined || (file.mode & ~test.mask & 0o7777) === 0) return;
  const mode = file.mode & test.mask;
  out.planned.push({ action: { kind: 'chmod', file: path, component, mode, from: file.mode }, checks: [check] });
}

function planOwner(check: string, test: FileOwnerTest, file: FileFact, path: string, component: string, input: PlanInput, out: PlanOutput): void {
  if (file.uid === undefined || file.gid === undefined) return;
  const uid = test.user === 'root' ? 0 : input.ids.uid(test.user);
  const gid = test.group === 'root' ? 0 : input.ids.gid(test.group);
  if (uid === undefined || gid === undefined) {
    const missing = uid === undefined ? `user ${test.user}` : `group ${test.group}`;
    out.needsInput.push({ check, component, setting: `owner of ${path}`, reason: `there is no ${missing} in the node's /etc/passwd or /etc/group`, example: `create it first (useradd -r -U ${test.user}), then run kubefort fix again` });
    return;
  }
  if (file.uid === uid && file.gid === gid) return;
  out.planned.push({
    action: { kind: 'chown', file: path, component, uid, gid, owner: `${test.user}:${test.group}`, from: `${file.user ?? file.uid}:${file.group ?? file.gid}`, recursive: file.type === 'directory' },
    checks: [check],
  });
}
