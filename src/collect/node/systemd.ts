import type { SourceLocation } from '../../domain/evidence.js';
import type { CollectWarning } from '../../domain/node-facts.js';
import { isAbsent, type NodeFs } from './node-fs.js';
import { READ_LIMITS } from './bounded-read.js';

/** Where the kubelet unit lives: /etc (an admin's) wins over /usr/lib and /lib (the package's), as in systemd. */
export const KUBELET_UNIT_PATHS = ['/etc/systemd/system/kubelet.service', '/usr/lib/systemd/system/kubelet.service', '/lib/systemd/system/kubelet.service'] as const;
/** Where kubeadm's packages install the kubelet unit drop-ins (deb/rpm), and where admins add their own. */
export const KUBELET_DROPIN_DIRS = ['/usr/lib/systemd/system/kubelet.service.d', '/etc/systemd/system/kubelet.service.d', '/lib/systemd/system/kubelet.service.d'] as const;

/** One word of the assembled kubelet command line, with the file:line that wrote it. */
export interface UnitToken {
  text: string;
  location: SourceLocation;
  /** The variable the word came from (KUBELET_CONFIG_ARGS, KUBELET_KUBEADM_ARGS, ...), when it came from one. */
  variable?: string;
}

export interface KubeletUnit {
  /** The main unit file, when there is one. */
  unitFile?: string;
  /** The unit drop-in files read, in the order systemd applies them. */
  dropIns: string[];
  /** ExecStart's words after the executable, with $VARIABLES expanded. */
  executable?: string;
  tokens: UnitToken[];
}

interface EnvValue {
  value: string;
  location: SourceLocation;
}

/**
 * Rebuilds the kubelet's command line from its systemd unit and drop-ins the way kubeadm sets it up:
 * `Environment="KUBELET_CONFIG_ARGS=--config=..."` lines, `EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env`
 * (KUBELET_KUBEADM_ARGS) and `-/etc/default/kubelet` (KUBELET_EXTRA_ARGS), and the last `ExecStart=`.
 * Drop-ins apply in file-name order across the directories; an `ExecStart=` with no value resets the list.
 * systemd splits an unquoted `$VAR` on whitespace, which is how `$KUBELET_KUBEADM_ARGS` becomes several flags.
 */
export function readKubeletUnit(fs: NodeFs, warnings: CollectWarning[]): KubeletUnit | undefined {
  const files: { name: string; path: string }[] = [];
  for (const dir of KUBELET_DROPIN_DIRS) {
    const listing = fs.list(dir);
    if (!listing.ok) continue;
    for (const name of listing.value) if (name.endsWith('.conf')) files.push({ name, path: `${dir}/${name}` });
  }
  const unitFile = KUBELET_UNIT_PATHS.find((path) => fs.exists(path));
  if (files.length === 0 && unitFile === undefined) return undefined;
  // A drop-in in /etc overrides one with the same name in /usr/lib (systemd's precedence), then names sort.
  const byName = new Map<string, string>();
  for (const file of files) if (!byName.has(file.name) || file.path.startsWith('/etc/')) byName.set(file.name, file.path);
  const ordered = [...byName.keys()].sort().map((name) => byName.get(name) ?? name);

  const env = new Map<string, EnvValue>();
  let execStart: EnvValue | undefined;
  for (const path of unitFile === undefined ? ordered : [unitFile, ...ordered]) {
    const read = fs.readText(path, READ_LIMITS.unit, 'a systemd unit');
    if (!read.ok) {
      warnings.push({ message: `cannot read ${path}: ${read.reason}`, code: read.code, location: { file: path } });
      continue;
    }
    const lines = joinContinuations(read.value);
    for (const { text, line } of lines) {
      const match = /^\s*(Environment|EnvironmentFile|ExecStart)\s*=\s*(.*)$/.exec(text);
      if (!match) continue;
      const [, key, rawValue = ''] = match;
      const location = { file: path, line };
      if (key === 'Environment') {
        for (const assignment of splitWords(rawValue)) setAssignment(env, assignment, location);
      } else if (key === 'EnvironmentFile') {
        const optional = rawValue.startsWith('-');
        readEnvFile(fs, rawValue.replace(/^-/, '').trim(), optional, env, warnings);
      } else {
        execStart = rawValue.trim() === '' ? undefined : { value: rawValue, location };
      }
    }
  }
  const unit: KubeletUnit = { dropIns: ordered, tokens: [] };
  if (unitFile !== undefined) unit.unitFile = unitFile;
  if (execStart === undefined) return unit;
  const words = splitExec(execStart.value, env, execStart.location);
  unit.executable = words.shift()?.text.replace(/^[-@:+!]+/, '');
  unit.tokens = words;
  return unit;
}

function readEnvFile(fs: NodeFs, path: string, optional: boolean, env: Map<string, EnvValue>, warnings: CollectWarning[]): void {
  const read = fs.readText(path, READ_LIMITS.unit, 'an environment file');
  if (!read.ok) {
    if (!(optional && isAbsent(read))) warnings.push({ message: `cannot read ${path}: ${read.reason}`, code: read.code, location: { file: path } });
    return;
  }
  for (const { text, line } of joinContinuations(read.value)) {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    setAssignment(env, trimmed.replace(/^export\s+/, ''), { file: path, line });
  }
}

function setAssignment(env: Map<string, EnvValue>, assignment: string, location: SourceLocation): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return;
  const name = assignment.slice(0, eq).trim();
  env.set(name, { value: unquote(assignment.slice(eq + 1).trim()), location });
}

/** Expands $VAR / ${VAR}: a word that is exactly `$VAR` splits on whitespace, `${VAR}` inside a word does not. */
function splitExec(value: string, env: Map<string, EnvValue>, location: SourceLocation): UnitToken[] {
  const tokens: UnitToken[] = [];
  for (const word of splitWords(value)) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole?.[1] !== undefined) {
      const variable = whole[1];
      const found = env.get(variable);
      if (found === undefined) continue;
      for (const part of found.value.split(/\s+/).filter((p) => p !== '')) {
        tokens.push({ text: part, location: found.location, variable });
      }
      continue;
    }
    const expanded = word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env.get(name)?.value ?? '');
    tokens.push({ text: expanded, location });
  }
  return tokens;
}

/** Splits on whitespace, keeping "double" and 'single' quoted parts together (quotes removed). */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) return value.slice(1, -1);
  return value;
}

/**
 * Lines with their 1-based number; a trailing backslash continues a line (systemd and env files).
 * The pieces of a continued line are joined once at its end: appending to the string and testing its end at each
 * step made a unit of 100,000 continuations cost seconds (quadratic).
 */
function joinContinuations(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    const parts: string[] = [];
    let piece = lines[i] ?? '';
    while (piece.endsWith('\\') && i + 1 < lines.length) {
      parts.push(piece.slice(0, -1));
      piece = lines[++i] ?? '';
    }
    parts.push(piece);
    const current = parts.join(' ');
    if (/^\s*[#;]/.test(current)) continue;
    out.push({ text: current, line: start });
  }
  return out;
}
