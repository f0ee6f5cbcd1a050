import type { ComponentName, FileRole } from '../../domain/node-facts.js';

/**
 * What a kube-bench audit command asks for, recognised from the idioms kube-bench's own cfg uses — so the
 * answer comes from the collected facts instead of a shell. Anything else is `unsupported`.
 */
export type AuditSource =
  | { kind: 'process'; component: ComponentName }
  | { kind: 'stat'; what: 'permissions' | 'owner'; file: FileRef; labelled: boolean }
  | { kind: 'find-stat'; what: 'permissions' | 'owner'; dir: string; name?: string }
  | { kind: 'cat'; file: FileRef }
  | { kind: 'unsupported'; audit: string };

/** A file as an audit names it: one of kube-bench's variables (a role kubefort collects) or a literal path. */
export type FileRef = { role: FileRole; variable: string } | { path: string };

/** kube-bench's $…bin variables and the binary names its audits grep for. */
const BINARIES: Readonly<Record<string, ComponentName>> = {
  $apiserverbin: 'kube-apiserver', 'kube-apiserver': 'kube-apiserver',
  $controllermanagerbin: 'kube-controller-manager', 'kube-controller-manager': 'kube-controller-manager',
  $schedulerbin: 'kube-scheduler', 'kube-scheduler': 'kube-scheduler',
  $etcdbin: 'etcd', etcd: 'etcd',
  $kubeletbin: 'kubelet', kubelet: 'kubelet',
  $proxybin: 'kube-proxy', 'kube-proxy': 'kube-proxy',
};

/** kube-bench's file variables, resolved by config.yaml on its side and by the collector on ours. */
const FILES: Readonly<Record<string, FileRole>> = {
  $apiserverconf: 'apiserver-manifest',
  $controllermanagerconf: 'controller-manager-manifest',
  $schedulerconf: 'scheduler-manifest',
  $etcdconf: 'etcd-manifest',
  $etcddatadir: 'etcd-data-dir',
  $kubeletconf: 'kubelet-config',
  $kubeletsvc: 'kubelet-service',
  $kubeletkubeconfig: 'kubelet-kubeconfig',
  $kubeletcafile: 'kubelet-client-ca',
  $proxykubeconfig: 'proxy-kubeconfig',
  $proxyconf: 'proxy-config',
  $schedulerkubeconfig: 'scheduler-kubeconfig',
  $controllermanagerkubeconfig: 'controller-manager-kubeconfig',
};

function fileRef(word: string): FileRef | undefined {
  const unquoted = word.replace(/^["']|["']$/g, '');
  const role = FILES[unquoted.replace(/^\$\{(\w+)\}$/, '$$$1')];
  if (role !== undefined) return { role, variable: unquoted };
  return unquoted.startsWith('/') && !/[$`*?]/.test(unquoted) ? { path: unquoted } : undefined;
}

/** `/bin/sh -c '…'`, `if test -e F; then …; fi`: wrappers around the real command. */
function unwrap(audit: string): string {
  let text = audit.trim();
  for (;;) {
    const shell = /^(?:\/bin\/)?(?:ba)?sh -c (['"])([\s\S]*)\1$/.exec(text);
    const ifExists = /^if (?:test -e|\[ -e) \S+(?: \])?; then ([\s\S]*?);? fi$/.exec(text);
    if (shell?.[2] !== undefined) text = shell[2].trim();
    else if (ifExists?.[1] !== undefined) text = ifExists[1].trim();
    else return text;
  }
}

const PROCESS = [
  /^(?:\/bin\/)?ps -ef \| (?:\/bin\/)?grep (\S+)(?: \| (?:\/bin\/)?grep -v grep)?$/,
  /^(?:\/bin\/)?ps -fC (\S+)$/,
  /^(?:\/bin\/)?ps -ef \| (?:\/bin\/)?grep -v grep \| (?:\/bin\/)?grep (\S+)$/,
];

export function parseAudit(audit: string): AuditSource {
  const text = unwrap(audit).replace(/\s+/g, ' ');
  for (const pattern of PROCESS) {
    const bin = pattern.exec(text)?.[1];
    const component = bin === undefined ? undefined : BINARIES[bin.replace(/^["']|["']$/g, '')];
    if (component !== undefined) return { kind: 'process', component };
  }
  const stat = /^(?:\/usr)?(?:\/bin\/)?stat -c ["']?(permissions=)?(%a|%U:%G)["']? (\S+)$/.exec(text);
  if (stat?.[2] !== undefined && stat[3] !== undefined) {
    const file = fileRef(stat[3]);
    if (file !== undefined) return { kind: 'stat', what: stat[2] === '%a' ? 'permissions' : 'owner', file, labelled: stat[1] !== undefined };
  }
  const find = /^find (\/\S+?)\/? (?:-name ["']?([^"'\s]+)["']? )?\| xargs (?:--no-run-if-empty )?stat -c ["']?(?:permissions=)?(%a|%U:%G)["']?$/.exec(text);
  if (find?.[1] !== undefined && find[3] !== undefined) {
    return { kind: 'find-stat', what: find[3] === '%a' ? 'permissions' : 'owner', dir: find[1], ...(find[2] === undefined ? {} : { name: find[2] }) };
  }
  const cat = /^(?:\/bin\/)?cat (\S+)$/.exec(text);
  const file = cat?.[1] === undefined ? undefined : fileRef(cat[1]);
  if (file !== undefined) return { kind: 'cat', file };
  return { kind: 'unsupported', audit: audit.trim() };
}
