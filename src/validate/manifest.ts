import type { StaticPodComponent } from '../collect/node/manifests.js';
import type { SourceLocation } from '../domain/evidence.js';
import type { Finding } from '../domain/finding.js';
import { etcdFlagsFor } from './etcd-version.js';
import { closestFlag, FlagKind, knownFlags, type KnownFlags } from './flags/index.js';
import { nodePathOf, parseStaticPod, type ArgvItem, type StaticPod } from './pod.js';
import { MV_RULES, type MvRuleId } from './rules.js';

/** Go's strconv.ParseBool, which pflag and Go's flag package use for boolean flags. */
const BOOL_SPELLINGS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);
/** Go's strconv.ParseInt with base 0 (pflag's int flags): decimal, 0x, 0o/0, 0b, underscores between digits. */
const GO_INT = /^[+-]?(0[xX][0-9a-fA-F](_?[0-9a-fA-F])*|0[oO]?[0-7](_?[0-7])*|0[bB][01](_?[01])*|[1-9](_?[0-9])*|0)$/;
/** Go's time.ParseDuration: a sequence of decimal numbers with units, or a bare 0. */
const GO_DURATION = /^[+-]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const GO_FLOAT = /^[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|inf|infinity|nan)$/i;
const KIND_SYNTAX: Partial<Record<FlagKind, { pattern: RegExp; words: string }>> = {
  int: { pattern: GO_INT, words: 'an integer' },
  float: { pattern: GO_FLOAT, words: 'a number' },
  duration: { pattern: GO_DURATION, words: 'a Go duration such as 30s, 5m or 1h0m0s' },
};
/** Flags pflag accepts bare although they take a value (NoOptDefVal): `--version` means `--version=true`. */
const OPTIONAL_VALUE = new Set(['version']);

export interface ManifestInput {
  text: string;
  /** Node path of the manifest, for locations. */
  file: string;
  component: StaticPodComponent;
  /** Kubernetes minor (1.N) the component runs; the flag data is chosen by it (etcd: by its image's etcd version first). */
  minor: number;
  /** Whether a node path exists (under --root). */
  exists(nodePath: string): boolean;
}

/** One flag occurrence as the component's parser reads it. */
export interface ParsedFlag {
  name: string;
  value?: string;
  location: SourceLocation;
}

export function finding(id: MvRuleId, subject: string, message: string, location: SourceLocation | undefined, remediation?: string): Finding {
  const rule = MV_RULES[id];
  return { ruleId: id, severity: rule.severity, subject, message, ...(location ? { location } : {}), remediation: remediation ?? rule.remediation };
}

/**
 * Validates one static pod manifest the way its component would start from it: every problem that makes the
 * component exit at start-up (or silently lose a setting) is a Finding. Pure apart from `exists`.
 */
export function validateManifest(input: ManifestInput): Finding[] {
  const parsed = parseStaticPod(input.text, input.file, input.component);
  if (!parsed.ok) return [finding('MV000', input.component, parsed.message, parsed.location)];
  return validatePod(parsed.pod, input);
}

function validatePod(pod: StaticPod, input: ManifestInput): Finding[] {
  // etcd's flags follow etcd's release, not Kubernetes': the image the manifest runs names it.
  const chosen = input.component === 'etcd' ? etcdFlagsFor(pod.image, input.minor) : { known: knownFlags(input.component, input.minor) };
  const known = chosen.known;
  const out: Finding[] = [];
  if (chosen.note !== undefined) {
    out.push(finding('MV008', input.component, chosen.note, pod.doc.locate(['spec', 'containers', pod.containerIndex, 'image']) ?? pod.doc.locate(['spec', 'containers', pod.containerIndex]) ?? { file: input.file }));
  }
  const flags = walkArgv(pod.argv, known, input.component, out);
  checkValues(flags, known, input.component, out);
  checkDuplicates(flags, known, input.component, out);
  checkFiles(flags, known, pod, input, out);
  return out;
}

/** Splits argv as pflag does, reporting items that would stop the component (MV001, MV002, MV003). */
function walkArgv(argv: readonly ArgvItem[], known: KnownFlags, component: string, out: Finding[]): ParsedFlag[] {
  const flags: ParsedFlag[] = [];
  const version = known.shown;
  for (let i = 0; i < argv.length; i++) {
    const item = argv[i] as ArgvItem;
    const text = item.text;
    if (text === '--') break;
    if (!text.startsWith('-') || text === '-') {
      const previous = argv[i - 1]?.text;
      const hint = previous?.startsWith('-') && !previous.includes('=') ? ` (if it is the value of ${previous}, write ${previous}=${text})` : '';
      out.push(finding('MV002', component, `"${text}" is not a flag: ${component} takes no positional arguments${hint}`, item.location,
        previous?.startsWith('-') && !previous.includes('=') ? `Write - ${previous}=${text} as one item.` : undefined));
      continue;
    }
    const body = text.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    if (/\s/.test(name)) {
      const [flag = name, ...rest] = name.split(/\s+/);
      const joined = `--${flag}=${[...rest, ...(eq === -1 ? [] : [body.slice(eq + 1)])].join(' ')}`;
      out.push(finding('MV002', component, `"${text}" holds a flag and its value separated by a space; ${component} sees an unknown flag "--${name}"`, item.location, `Write it as one item joined by "=": - ${joined}`));
      continue;
    }
    const kind = known.flags.get(name);
    if (kind === undefined) {
      const close = closestFlag(name, known);
      out.push(finding('MV001', component, `unknown flag --${name} for ${version}${close ? ` (did you mean --${close}?)` : ''}`, item.location,
        close ? `Replace --${name} with --${close}.` : `Remove --${name}; ${version} does not define it.`));
      continue;
    }
    if (eq !== -1) {
      flags.push({ name, value: body.slice(eq + 1), location: item.location });
      continue;
    }
    if (kind === FlagKind.bool || OPTIONAL_VALUE.has(name)) {
      flags.push({ name, location: item.location });
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined) {
      out.push(finding('MV003', component, `--${name} needs a value and has none`, item.location, `Write --${name}=<value>.`));
      continue;
    }
    // pflag takes the next argument as the value, whatever it looks like; kubeadm always writes --flag=value.
    flags.push({ name, value: next.text, location: item.location });
    i++;
  }
  return flags;
}

function checkValues(flags: readonly ParsedFlag[], known: KnownFlags, component: string, out: Finding[]): void {
  for (const flag of flags) {
    const kind = known.flags.get(flag.name);
    if (kind === FlagKind.bool && flag.value !== undefined && !BOOL_SPELLINGS.has(flag.value)) {
      out.push(finding('MV003', component, `--${flag.name}=${flag.value}: not a boolean (${component} accepts true or false)`, flag.location));
    }
    if (flag.value === undefined) continue;
    const syntax = kind === undefined ? undefined : KIND_SYNTAX[kind];
    if (syntax && !syntax.pattern.test(flag.value)) {
      out.push(finding('MV003', component, `--${flag.name}=${flag.value}: not ${syntax.words}`, flag.location));
    }
    if (flag.name === 'authorization-mode' && known.authorizationModes.size > 0) {
      for (const mode of splitList(flag.value)) {
        if (!known.authorizationModes.has(mode)) out.push(finding('MV003', component, `--authorization-mode: unknown mode "${mode}" (valid: ${[...known.authorizationModes].join(', ')})`, flag.location));
      }
    }
    if ((flag.name === 'enable-admission-plugins' || flag.name === 'disable-admission-plugins') && known.admissionPlugins.size > 0) {
      for (const plugin of splitList(flag.value)) {
        if (!known.admissionPlugins.has(plugin)) {
          out.push(finding('MV003', component, `--${flag.name}: unknown admission plugin "${plugin}" for ${known.shown}`, flag.location));
        }
      }
    }
  }
}

function checkDuplicates(flags: readonly ParsedFlag[], known: KnownFlags, component: string, out: Finding[]): void {
  const seen = new Map<string, ParsedFlag[]>();
  for (const flag of flags) seen.set(flag.name, [...(seen.get(flag.name) ?? []), flag]);
  for (const [name, occurrences] of seen) {
    const kind = known.flags.get(name);
    if (occurrences.length < 2 || kind === FlagKind.repeatable) continue;
    const values = occurrences.map((o) => o.value ?? 'true');
    if (new Set(values).size < 2) continue;
    const last = occurrences[occurrences.length - 1] as ParsedFlag;
    const effect = kind === FlagKind.list
      ? `pflag appends string-slice values, so ${component} sees --${name}=${values.join(',')}`
      : `the last one (${values[values.length - 1] ?? ''}) wins`;
    out.push(finding('MV006', component, `--${name} is given ${occurrences.length} times with different values (${values.join(' | ')}); ${effect}`, last.location));
  }
}

function checkFiles(flags: readonly ParsedFlag[], known: KnownFlags, pod: StaticPod, input: ManifestInput, out: Finding[]): void {
  for (const flag of flags) {
    const input_ = known.inputFiles.has(flag.name);
    const output = known.outputFiles.has(flag.name);
    if ((!input_ && !output) || flag.value === undefined || flag.value === '' || flag.value === '-') continue;
    const paths = known.flags.get(flag.name) === FlagKind.list ? splitList(flag.value) : [flag.value];
    for (const path of paths) {
      if (!path.startsWith('/')) continue;
      const mapped = nodePathOf(path, pod.mounts);
      if (!mapped) {
        out.push(finding('MV005', input.component, `--${flag.name}=${path}: no hostPath volumeMount of the ${input.component} container covers ${path}`, flag.location,
          `Add a hostPath volume for ${output ? dirname(path) : path} and a volumeMount at ${output ? dirname(path) : path}${input_ ? ' (readOnly: true)' : ''}.`));
        continue;
      }
      if (input_ && !input.exists(mapped.path)) {
        out.push(finding('MV004', input.component, `--${flag.name}=${path}: ${mapped.path} does not exist on the node`, flag.location));
      }
    }
  }
}

function splitList(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}
