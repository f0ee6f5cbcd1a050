import type { Command } from 'commander';
import { SEVERITY_ORDER } from '../../domain/status.js';
import type { CliContext } from '../context.js';
import { choiceOption, type RunState } from '../program.js';
import { registerIngressProbe } from './ingress-probe.js';
import type { AuditCliOptions } from './ingress-run.js';

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
    .action(async (paths: string[], opts: AuditCliOptions) => {
      const { runAudit } = await import('./ingress-run.js');
      state.exitCode = runAudit(paths, opts, ctx);
    });
  registerIngressProbe(ingress, ctx, state);
}
