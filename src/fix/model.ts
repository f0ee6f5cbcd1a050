import type { ComponentName } from '../domain/node-facts.js';

/**
 * What `kubefort fix` changes. Pure data: planning (remediation.ts) produces actions, the editors turn them into
 * new file contents, the writer applies them. Paths are node paths (without --root).
 */
export type Action =
  /**
   * Static pod manifest: set a flag of the component's container (replacing every occurrence). For etcd, when the
   * pod's env sets ETCD_<FLAG> and the command line does not, the env entry is changed instead.
   */
  | { kind: 'flag-set'; file: string; component: ComponentName; flag: string; value: string }
  | { kind: 'flag-remove'; file: string; component: ComponentName; flag: string }
  /** Add one item to a comma-list flag (`--enable-admission-plugins`), keeping the others. */
  | { kind: 'flag-list-add'; file: string; component: ComponentName; flag: string; item: string }
  | { kind: 'flag-list-remove'; file: string; component: ComponentName; flag: string; item: string }
  /** A `NAME=value` line of an EnvironmentFile (etcd started by systemd, kubespray's /etc/etcd.env). */
  | { kind: 'env-file-set'; file: string; component: ComponentName; name: string; value: string }
  /** A field of a KubeletConfiguration file (YAML or JSON) or --config-dir drop-in. */
  | { kind: 'kubelet-field'; file: string; component: 'kubelet'; field: string; value: unknown }
  /** A kubelet flag in kubeadm-flags.env, /etc/default/kubelet or a unit drop-in, which would win over the file. */
  | { kind: 'kubelet-flag-remove'; file: string; component: 'kubelet'; flag: string }
  | { kind: 'chmod'; file: string; component: string; mode: number; from: number }
  | { kind: 'chown'; file: string; component: string; uid: number; gid: number; owner: string; from: string; recursive: boolean };

export type FileAction = Exclude<Action, { kind: 'chmod' } | { kind: 'chown' }>;
export type PermAction = Extract<Action, { kind: 'chmod' } | { kind: 'chown' }>;

/** An action and the CIS checks it fixes. */
export interface PlannedAction {
  action: Action;
  checks: string[];
}

/** A remediation that needs a value kubefort cannot know. */
export interface NeedsInput {
  check: string;
  component: string;
  /** The exact flag or field, e.g. `--audit-log-path`. */
  setting: string;
  reason: string;
  /** The `--set` argument that would supply it. */
  example: string;
}

/** A failing check kubefort does not change, and why. */
export interface NotFixed {
  check: string;
  reason: string;
}

/** One file's new content, with the checks it fixes. */
export interface FileEdit {
  path: string;
  component: string;
  before: string;
  after: string;
  checks: string[];
  /** What was done, one line per action (`--profiling=false`, `remove --read-only-port`). */
  summary: string[];
}

export interface FixPlan {
  edits: FileEdit[];
  perms: PlannedAction[];
  needsInput: NeedsInput[];
  notFixed: NotFixed[];
  /** Checks whose configuration already says the right thing while the process still runs the old one. */
  restartPending: string[];
}

/** `--set component:--flag=value`. */
export interface UserValue {
  component: string;
  flag: string;
  value: string;
}
