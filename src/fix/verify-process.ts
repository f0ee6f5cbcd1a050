/**
 * "Back" for a static pod without a CRI socket: the kubelet replaced the container, so the component's process
 * is a NEW one (not the pid that ran before --apply: an edit that changes no argument, such as etcd's env,
 * must still see a restart), it runs the arguments its manifest now has (no MV007), and it STAYED up: the
 * same pid on two polls at least one poll interval apart. A component that exits at start-up gets a new pid
 * from every restart of the kubelet's back-off loop and so never counts as back.
 */
export interface ProcessState {
  pid: number;
  /** The process runs with the arguments its configuration now has. */
  current: boolean;
}

/** The component's process as the node shows it now (undefined: not running). */
export type ProcessProbe = (component: string) => ProcessState | undefined;

export interface StableRestartOptions {
  probe: ProcessProbe;
  /** Injected clock, milliseconds. */
  now(): number;
  intervalMs: number;
  /** The pid of each component before the change was written (absent: no process was seen). */
  before: Readonly<Record<string, number | undefined>>;
}

/** A `restarted` for VerifyDeps: stateful across polls, one closure per verification. */
export function stableRestart(options: StableRestartOptions): (component: string) => boolean {
  const seen = new Map<string, { pid: number; at: number }>();
  return (component) => {
    const state = options.probe(component);
    if (state === undefined || !state.current || state.pid === options.before[component]) {
      seen.delete(component);
      return false;
    }
    const first = seen.get(component);
    if (first === undefined || first.pid !== state.pid) {
      seen.set(component, { pid: state.pid, at: options.now() });
      return false;
    }
    return options.now() - first.at >= options.intervalMs;
  };
}
