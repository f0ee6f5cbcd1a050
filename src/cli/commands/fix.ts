import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { collectNodeFacts } from '../../collect/node/index.js';
import { BENCHMARK_NAMES, selectBenchmark } from '../../cis/benchmarks/index.js';
import { evaluate } from '../../cis/evaluate.js';
import { TARGETS, type Target } from '../../cis/model.js';
import { ExitCode, UsageError } from '../../domain/errors.js';
import { buildPlan } from '../../fix/plan.js';
import { parseSet, renderPlan, renderPlanJson } from '../../fix/report.js';
import { rollback } from '../../fix/rollback.js';
import { verifyOrRollback, type VerifyDeps } from '../../fix/verify.js';
import type { NodeFacts } from '../../domain/node-facts.js';
import { applyPlan, type WriterSeams } from '../../fix/writer.js';
import { minorOf, validateNode } from '../../validate/node.js';
import { renderValidationSection } from '../../validate/report.js';
import { clampMinor, SUPPORTED_MINORS } from '../../validate/flags/index.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';

export interface FixOptions {
  root: string;
  k8sVersion?: string;
  benchmark?: string;
  targets?: string;
  check?: string;
  skip?: string;
  set: string[];
  apply?: boolean;
  rollback?: string | boolean;
  verify?: boolean;
  timeout: string;
  /** Node path; absent: /etc/kubernetes/admin.conf for /livez, and no mirror pod check. */
  kubeconfig?: string;
  restartKubelet?: boolean;
  output?: 'text' | 'json';
}

/** What tests replace: writer seams, the verify probes and clock, the command runner. */
export interface FixDeps {
  seams?: WriterSeams;
  verify?: Partial<VerifyDeps>;
  /** Runs a program without a shell (systemctl). */
  run?(file: string, args: readonly string[]): Promise<void>;
}

export function registerFix(program: Command, ctx: CliContext, state: RunState): void {
  program
    .command('fix')
    .description('Fix failing automated CIS checks on this node: static pod flags, the kubelet config in use (and the flags that override it), ' +
      'file modes and owners. A dry run (unified diffs and the chmod/chown plan) unless --apply.')
    .option('--root <dir>', 'where the node\'s filesystem is mounted', '/')
    .option('--k8s-version <version>', 'Kubernetes version instead of detecting it')
    .addOption(choiceOption('--benchmark <name>', 'benchmark instead of the one matching the version', BENCHMARK_NAMES))
    .option('--targets <list>', `comma list of ${TARGETS.join(', ')}`)
    .option('--check <ids>', 'fix only these checks, e.g. 1.2.15,4.2.1')
    .option('--skip <ids>', 'leave these checks or groups alone')
    .option('--set <component:--flag=value>', 'a value kubefort cannot know, e.g. kube-apiserver:--audit-log-path=/var/log/kubernetes/audit/audit.log (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--apply', 'write the changes (backup first, atomic writes)')
    .option('--rollback [id]', 'restore a backup (default: the latest): exact bytes, mode and owner')
    .option('--verify', 'after --apply, wait for the changed static pods to come back (/livez through --kubeconfig) and roll back if they do not')
    .option('--timeout <seconds>', 'how long --verify waits', '300')
    .option('--kubeconfig <file>', 'kubeconfig (node path) for --verify: /livez of the API server (default /etc/kubernetes/admin.conf); when given, also the other components\' mirror pods (ready, restartCount)')
    .addOption(choiceOption('--output <format>', 'text, or json (the plan as data; with --apply, the backup id)', ['text', 'json'], 'text'))
    .option('--restart-kubelet', 'after --apply, run `systemctl daemon-reload` and `systemctl restart kubelet` (never through a shell; only with --root /)')
    .addHelpText('after', `
Backups: <root>/var/lib/kubefort/backups/<timestamp>/ (outside /etc/kubernetes/manifests: the kubelet starts any manifest there).
Exit codes: 0 nothing left to change, 1 changes shown (dry run), values needed, or --verify rolled back; 2 refused or failed (nothing changed).
Examples:
  kubefort fix                                   # what would change, as diffs
  kubefort fix --apply --check 1.2.15,1.3.2,1.4.1
  kubefort fix --apply --set kube-apiserver:--audit-log-path=/var/log/kubernetes/audit/audit.log
  kubefort fix --rollback`)
    .action(async (options: FixOptions) => {
      state.exitCode = await runFix(options, ctx);
    });
}

const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter((s) => s !== '');

export async function runFix(options: FixOptions, ctx: CliContext, deps: FixDeps = {}): Promise<ExitCode> {
  const root = resolve(ctx.cwd, options.root);
  if (options.rollback !== undefined && options.rollback !== false) {
    const done = rollback(root, typeof options.rollback === 'string' ? options.rollback : undefined, ctx.now());
    ctx.stdout(`Rolled back ${done.id}: ${done.files.length} file(s) restored (${done.files.join(', ') || 'none'}), ${done.perms} mode/owner record(s).\n`);
    if (done.changedSince.length > 0) ctx.stdout(`Note: ${done.changedSince.join(', ')} had changed after the fix; the backup's content was restored.\n`);
    return ExitCode.ok;
  }
  if (options.restartKubelet && options.root !== '/') throw new UsageError('--restart-kubelet restarts this machine\'s kubelet: it needs --root /');
  const userValues = options.set.map((s) => {
    const parsed = parseSet(s);
    if (!parsed) throw new UsageError(`--set ${s}: expected component:--flag=value, e.g. kube-apiserver:--audit-log-path=/var/log/kubernetes/audit/audit.log`);
    return parsed;
  });
  const targets = list(options.targets) as Target[] | undefined;
  const facts = collectNodeFacts({ root, now: ctx.now(), ...(options.k8sVersion ? { k8sVersion: options.k8sVersion } : {}) });
  const { benchmark, reason } = selectBenchmark(options.k8sVersion ?? facts.kubernetesVersion.version, options.benchmark);
  const selection = { ...(targets ? { targets } : {}), ...(list(options.check) ? { checks: list(options.check) ?? [] } : {}), ...(list(options.skip) ? { skip: list(options.skip) ?? [] } : {}) };
  const result = evaluate({ facts, benchmark, benchmarkReason: reason, selection });
  const minor = clampMinor(minorOf(facts.kubernetesVersion.version) ?? SUPPORTED_MINORS.high);
  const plan = buildPlan({ root, facts, benchmark, result, userValues, minor });
  // Manifest problems first: a manifest that would not start is the thing to fix before any CIS check.
  const json = options.output === 'json';
  // With JSON the plan goes out once, after applying, so that stdout is one document.
  const say = (text: string) => { if (!json) ctx.stdout(text); };
  const validation = validateNode(root, { now: ctx.now(), facts });
  say(renderValidationSection({ ...validation, findings: validation.findings.filter((f) => f.ruleId !== 'MV008') }, ctx.color));
  const mode = options.apply ? 'applying' : 'dry run; --apply writes';
  say(renderPlan(plan, `kubefort fix (${mode}) on ${options.root}: ${benchmark.name} (${reason})`));
  const pending = plan.edits.length + plan.perms.length;
  // Checks that still fail after the fix (values needed, or out of kubefort's reach) keep the exit code at 1.
  const incomplete = plan.needsInput.length > 0 || plan.notFixed.length > 0;
  const used = new Set(result.controls.flatMap((c) => c.groups.flatMap((g) => g.checks)).filter((k) => k.status === 'FAIL').map((k) => k.remediation));
  for (const value of userValues) {
    if (![...used].some((text) => text.includes(value.flag))) ctx.stderr(`kubefort: note: --set ${value.component}:${value.flag} is not used by any failing check\n`);
  }
  if (!options.apply || pending === 0) {
    if (json) ctx.stdout(renderPlanJson(plan, { root: options.root, benchmark: benchmark.name }));
    if (!options.apply) return pending > 0 || incomplete ? ExitCode.findings : ExitCode.ok;
    return incomplete ? ExitCode.findings : ExitCode.ok;
  }
  const pods = [...new Set(plan.edits.map((e) => e.component).filter((c) => c !== 'kubelet'))];
  // Everything --verify needs is read before anything is written: a bad --timeout or an unreadable kubeconfig
  // is refused with nothing changed. The facts of the plan hold the pids that run before the change.
  const probes = options.verify && pods.length > 0 ? await verifyDeps(pods, root, facts, options, ctx, deps) : undefined;
  const applied = applyPlan(root, plan.edits, plan.perms, { now: ctx.now(), ...(deps.seams ? { seams: deps.seams } : {}) });
  if (json) ctx.stdout(renderPlanJson(plan, { root: options.root, benchmark: benchmark.name, applied: { backupId: applied.backupId, backupDir: applied.backupDir } }));
  say(`Applied: ${applied.files.length} file(s), ${applied.perms.length} mode/owner change(s). Backup ${applied.backupId} in ${applied.backupDir}; undo with: kubefort fix --rollback ${applied.backupId}\n`);
  const kubelet = plan.edits.some((e) => e.component === 'kubelet');
  if (kubelet) {
    if (options.restartKubelet) {
      const runner = deps.run ?? (async (file: string, args: readonly string[]) => { await promisify(execFile)(file, [...args]); });
      await runner('systemctl', ['daemon-reload']);
      await runner('systemctl', ['restart', 'kubelet']);
      say('Restarted the kubelet (systemctl restart kubelet).\n');
    } else {
      say('The kubelet reads its configuration at start: run `systemctl daemon-reload && systemctl restart kubelet` (or pass --restart-kubelet).\n');
    }
  }
  if (probes) return verify(pods, root, applied.backupId, probes, options, ctx);
  if (pods.length > 0) say(`The kubelet restarts ${pods.join(', ')} by itself; \`kubefort bench\` shows MV007 (restart pending) until it has.\n`);
  return incomplete ? ExitCode.findings : ExitCode.ok;
}

async function verifyDeps(pods: readonly string[], root: string, before: NodeFacts, options: FixOptions, ctx: CliContext, deps: FixDeps): Promise<VerifyDeps> {
  const timeoutMs = Number(options.timeout) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout ${options.timeout}: expected a number of seconds`);
  // The kubeconfig reader (@kubernetes/client-node) is loaded only for --verify: other runs do not pay its start-up.
  const { nodeVerifyDeps } = await import('../../fix/verify-node.js');
  return nodeVerifyDeps({
    // since: a mirror pod's container must have started after this moment, just before the first write.
    root, pods, before, since: ctx.now(), env: ctx.env, timeoutMs,
    livezKubeconfig: options.kubeconfig ?? '/etc/kubernetes/admin.conf',
    ...(options.kubeconfig === undefined ? {} : { mirrorKubeconfig: options.kubeconfig }),
    ...(deps.verify ? { overrides: deps.verify } : {}),
  });
}

async function verify(pods: readonly string[], root: string, backup: string, real: VerifyDeps, options: FixOptions, ctx: CliContext): Promise<ExitCode> {
  // With --output json, stdout holds the plan document; the verification's outcome goes to stderr.
  const say = (text: string) => (options.output === 'json' ? ctx.stderr(text) : ctx.stdout(text));
  const outcome = await verifyOrRollback(pods, real, () => { rollback(root, backup, ctx.now()); });
  if (outcome.ok) {
    say(`Verified: ${outcome.back.join(', ')} came back with the new configuration.\n`);
    return ExitCode.ok;
  }
  say(`Not back after ${options.timeout}s: ${outcome.failed.join(', ')}. Rolled back ${backup}; check \`crictl ps -a\` and \`crictl logs <id>\`.\n`);
  return ExitCode.findings;
}
