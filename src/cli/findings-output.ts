import type { Command } from 'commander';
import type { Finding, RuleDefinition } from '../domain/finding.js';
import { ExitCode } from '../domain/errors.js';
import type { Severity } from '../domain/status.js';
import { failsAt } from '../report/findings.js';
import { FINDING_FORMATS, renderFindings, type FindingFormat } from '../report/findings-formats.js';
import type { RunInfo } from '../scan/model.js';
import type { CliContext } from './context.js';
import { liveSet } from './object-source.js';
import { choiceOption, VERSION } from './program.js';

/** `-o text|json|junit|sarif|html`, the formats of every command that reports findings. */
export function addFindingsOutput(command: Command): Command {
  return command.addOption(choiceOption('-o, --output <format>', 'output format', FINDING_FORMATS, 'text'));
}

/** Kinds of `kinds` the live read of this action could not list (403 or error); none for file input. */
export function unreadableKinds(opts: object, kinds: readonly string[]): string[] {
  const live = liveSet(opts);
  return kinds.filter((k) => live?.live.unreadable.some((u) => u.kind === k) === true);
}

/** Where the objects came from, for the reports: the PATHs, or `live:<context>`. */
export function sourceOf(paths: readonly string[], opts: object): string[] {
  const live = liveSet(opts);
  return live === undefined ? [...paths] : [`live:${live.live.context}`];
}

export interface CommandFindings {
  area: string;
  title: string;
  rules: readonly RuleDefinition[];
  findings: readonly Finding[];
  /** Checks that could not run because what they need could not be read: never a clean verdict. */
  notEvaluated?: readonly string[];
  /** Checks left out that do not make the run incomplete as a whole (e.g. redacted private keys). */
  notes?: readonly string[];
  /** How the area read the input, for the JUnit, SARIF and HTML reports (its own text and JSON say it their way). */
  info?: RunInfo;
  /** The command's own text and JSON (their goldens stay as they are); `extra` carries notEvaluated when there is any. */
  text: () => string;
  json: (extra: Readonly<Record<string, unknown>>) => string;
}

/**
 * Writes one command's findings in the chosen format (JUnit, SARIF and HTML through the shared scan reporters,
 * with the area's rule catalogue) and answers the exit code: 1 at or above --fail-on, else 2 when something
 * was not evaluated (absent evidence is no PASS), else 0.
 */
export function writeFindings(r: CommandFindings, opts: { output: FindingFormat; failOn: Severity }, paths: readonly string[], ctx: CliContext): ExitCode {
  const notEvaluated = [...(r.notEvaluated ?? [])];
  const all = [...notEvaluated, ...(r.notes ?? [])];
  const live = liveSet(opts);
  if (opts.output === 'text') {
    // "no findings" over checks that did not run would read as a PASS: only what did run is summed up.
    const lines = all.map((n) => `not evaluated: ${n}\n`).join('');
    ctx.stdout(notEvaluated.length > 0 && r.findings.length === 0 ? lines : `${r.text()}${lines}`);
    return exitCode(r, notEvaluated, opts.failOn);
  }
  for (const n of all) ctx.stderr(`kubefort: not evaluated: ${n}\n`);
  if (opts.output === 'json') ctx.stdout(r.json(all.length === 0 ? {} : { notEvaluated: all }));
  else {
    ctx.stdout(renderFindings(r.findings, opts.output, {
      area: r.area, title: r.title, rules: r.rules, source: sourceOf(paths, opts), now: ctx.now(), version: VERSION, cwd: ctx.cwd,
      notEvaluated: all, unreadable: live?.live.unreadable.map((u) => u.message) ?? [], ...(r.info === undefined ? {} : { info: r.info }),
    }));
  }
  return exitCode(r, notEvaluated, opts.failOn);
}

function exitCode(r: CommandFindings, notEvaluated: readonly string[], failOn: Severity): ExitCode {
  if (failsAt(r.findings, failOn)) return ExitCode.findings;
  return notEvaluated.length > 0 ? ExitCode.error : ExitCode.ok;
}
