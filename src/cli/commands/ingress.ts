import type { Command } from 'commander';
import { loadObjects } from '../../collect/objects.js';
import { ExitCode, InputError, UsageError } from '../../domain/errors.js';
import { SEVERITY_ORDER, type Severity } from '../../domain/status.js';
import { auditIngresses, auditJsonContext, chainLine, ingressTitle, type AuditResult } from '../../ingress/audit.js';
import { parseDuration } from '../../ingress/duration.js';
import { failsAt, findingsJson, findingsText } from '../../report/findings.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { registerIngressProbe } from './ingress-probe.js';

export interface IngressOptions {
  failOn: Severity;
  output: 'text' | 'json';
  expiryWarn: string;
}

/** Loads the objects and audits them; input problems are warnings on stderr, no Ingress at all is exit 2. */
export function loadAudit(paths: readonly string[], opts: { expiryWarn: string }, ctx: CliContext): AuditResult {
  if (paths.length === 0) throw new UsageError('give at least one file, folder or - for stdin');
  const expiryWarnMs = parseDuration(opts.expiryWarn);
  if (expiryWarnMs === undefined) throw new UsageError(`--expiry-warn takes a duration such as 30d, 720h or 0s, got ${JSON.stringify(opts.expiryWarn)}`);
  const set = loadObjects(paths, { readStdin: ctx.readStdin });
  if (set.files.length === 0) throw new InputError(set.errors.map((e) => e.message).join('; ') || 'no input');
  for (const error of set.errors) ctx.stderr(`kubefort: warning: ${error.message}\n`);
  const result = auditIngresses(set, { now: ctx.now(), expiryWarnMs });
  if (result.ingresses.length === 0) {
    const unreadable = result.inventory.unreadable.length;
    throw new InputError(`no Ingress to check in ${paths.join(', ')}${unreadable > 0 ? ` (${unreadable} Ingress object(s) could not be read: ${result.inventory.unreadable.map((f) => f.message).join('; ')})` : ''}`);
  }
  return result;
}

export function registerIngress(program: Command, ctx: CliContext, state: RunState): void {
  const ingress = program
    .command('ingress')
    .description('Ingress TLS: audit every host → Secret → certificate chain (the default sub-command), probe a controller');
  // The audit is the default sub-command so that `kubefort ingress PATH…` runs it and every sub-command owns its options.
  ingress
    .command('audit', { isDefault: true })
    .description('every host → Secret → certificate chain, IngressClass and backends (rules ING000–ING060); `kubefort ingress PATH…` runs it')
    .argument('<paths...>', 'files, folders (recursive) or - for stdin: objects as `kubectl get -o yaml` writes them (Ingress, Secret, Service, IngressClass, pods, cert-manager Certificate)')
    .addOption(choiceOption('--fail-on <severity>', 'exit 1 when a finding is at least this severe', SEVERITY_ORDER, 'high'))
    .addOption(choiceOption('-o, --output <format>', 'output format', ['text', 'json'], 'text'))
    .option('--expiry-warn <duration>', 'report certificates expiring within this time (e.g. 30d, 720h)', '30d')
    .addHelpText('after', `
A first path named "probe" or "audit" is taken as the sub-command; write ./probe for a file of that name.
Private keys and Secret data never appear in the output.
Exit codes: 0 no finding at or above --fail-on, 1 some, 2 usage error or no Ingress in the input.`)
    .action((paths: string[], opts: IngressOptions) => {
      const result = loadAudit(paths, opts, ctx);
      if (opts.output === 'json') ctx.stdout(findingsJson(result.findings, auditJsonContext(result)));
      else {
        const groups = result.ingresses.map((a) => ({ title: ingressTitle(a), lines: a.chains.map(chainLine), findings: a.findings }));
        ctx.stdout(findingsText(result.findings, { groups }));
      }
      state.exitCode = failsAt(result.findings, opts.failOn) ? ExitCode.findings : ExitCode.ok;
    });
  registerIngressProbe(ingress, ctx, state);
}
