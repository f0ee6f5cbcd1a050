import { closeSync, readSync } from 'node:fs';
import type { ArgFact, ComponentName } from '../../domain/node-facts.js';
import { openRegularSync } from './bounded-read.js';
import { parseArgs } from './cmdline.js';

/**
 * k3s runs every Kubernetes component inside its own process and logs the argv it hands each of them, one line
 * per start (pkg/daemons/control/server.go and pkg/daemons/agent/agent.go: `logrus.Infof("Running kube-apiserver %s",
 * config.ArgString(args))`). ArgString joins the `--flag=value` words with single spaces, unquoted. logrus's text
 * formatter writes the message as `msg="Running kube-apiserver --a=b ..."` (quoted, `"` and `\` escaped) when the
 * output is not a terminal — the journal and openrc's /var/log/k3s.log — and bare after `INFO[0000]` on a terminal.
 * kube-bench reads the same lines (`journalctl -m -u k3s | grep 'Running kube-apiserver' | tail -n1`).
 */
type Logged = Extract<ComponentName, 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubelet' | 'kube-proxy'>;

const STARTING = /\bStarting k3s (v1\.\d{1,2}\.\d{1,3}\+k3s\d{1,3})\b/;
const RUNNING = /\bRunning (kube-apiserver|kube-controller-manager|kube-scheduler|kubelet|kube-proxy) (?=--)/;

export interface K3sLogComponent {
  args: ArgFact[];
  /** 1-based line of the last "Running <component>" line (counted from the start of what was read). */
  line: number;
}

export interface K3sLog {
  /** Where the text came from, as the evidence names it: `/var/log/k3s.log`, or the file given with --k3s-log. */
  file: string;
  components: Partial<Record<Logged, K3sLogComponent>>;
  /** k3s logs "Managed etcd cluster ..." when it runs its embedded etcd (kube-bench's test for an etcd datastore). */
  managedEtcdLine?: number;
  /** `v1.24.17+k3s1` from the last "Starting k3s v1.24.17+k3s1 (<commit>)" line k3s logs when it starts. */
  version?: string;
  lines: number;
}

/**
 * The last "Running <component>" line per component: a restart with other arguments logs a new line, and the
 * last one is what runs now. Pure (text in, facts out); values are never executed or expanded.
 */
export function parseK3sLog(text: string, file: string): K3sLog {
  const log: K3sLog = { file, components: {}, lines: 0 };
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const line = end === -1 ? text.slice(start) : text.slice(start, end);
    lineNo++;
    readLine(line, lineNo, log);
    if (end === -1) break;
    start = end + 1;
  }
  log.lines = lineNo;
  return log;
}

function readLine(line: string, lineNo: number, log: K3sLog): void {
  if (log.managedEtcdLine === undefined && line.includes('Managed etcd cluster')) log.managedEtcdLine = lineNo;
  const starting = STARTING.exec(line);
  if (starting?.[1] !== undefined) log.version = starting[1];
  const match = RUNNING.exec(line);
  if (match === null) return;
  const name = match[1] as Logged;
  const quoted = line.lastIndexOf('msg="', match.index) !== -1;
  const rest = line.slice(match.index + match[0].length);
  const argv = quoted ? unquoteUntilClose(rest) : rest.trimEnd();
  const tokens = joinValueWords(argv.split(' ').filter((w) => w !== ''));
  log.components[name] = { args: parseArgs(tokens, () => ({ file: log.file, line: lineNo })), line: lineNo };
}

/** The message up to logrus's closing quote, with its escapes (`\"`, `\\`, `\n`, `\t`) undone. */
function unquoteUntilClose(rest: string): string {
  let out = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i] as string;
    if (c === '"') return out;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = rest[++i];
    out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
  }
  return out;
}

/**
 * k3s writes every argument as `--flag=value`; a word that does not start with `--` is the rest of a value that
 * held a space (ArgString does not quote), so it is joined back to the argument before it.
 */
function joinValueWords(words: readonly string[]): string[] {
  const tokens: string[] = [];
  for (const word of words) {
    if (word.startsWith('--') || tokens.length === 0) tokens.push(word);
    else tokens[tokens.length - 1] = `${tokens[tokens.length - 1] ?? ''} ${word}`;
  }
  return tokens;
}

/** The journal of a busy node is large: only its last part is read, and the "Running" lines are near the end. */
export const K3S_LOG_TAIL = 64 * 1024 * 1024;

/**
 * The last `limit` bytes of a regular file (a FIFO, device or directory is refused by openRegularSync), with the
 * first partial line dropped when the file was cut. `truncated` tells the caller to say so in a warning.
 */
export function readTail(hostPath: string, limit = K3S_LOG_TAIL, follow = false): { text: string; truncated: boolean } {
  const { fd, stats } = openRegularSync(hostPath, { follow });
  try {
    const size = stats.size;
    const from = size > limit ? size - limit : 0;
    const buffer = Buffer.alloc(Math.min(size, limit));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, from + read);
      if (n === 0) break;
      read += n;
    }
    let text = buffer.subarray(0, read).toString('utf8');
    if (from > 0) text = text.slice(text.indexOf('\n') + 1);
    return { text, truncated: from > 0 };
  } finally {
    closeSync(fd);
  }
}
